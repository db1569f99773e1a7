//! Outgoing HTTP requests, blocking, over `wasi:http`.
//!
//! ```no_run
//! use toolhost_sdk::http::Request;
//! use toolhost_sdk::ToolError;
//!
//! fn status_page(url: &str) -> Result<String, ToolError> {
//!     let response = Request::get(url).send()?.error_for_status()?;
//!     Ok(response.text())
//! }
//! ```
//!
//! The operator's policy decides where a tool may connect; the host checks
//! every request, including each redirect hop, which the SDK sends as a new
//! request rather than letting the runtime follow it. Every failure is an
//! [`UpstreamError`] whose message is written for a model and names the
//! service by host and path only, so that `?` can hand it to the client
//! without leaking a query string, a header or another party's text.

mod error;
mod redirect;
mod request;
mod response;
mod transport;
mod url;

pub use error::UpstreamError;
pub use request::{Method, Request};
pub use response::Response;
