//! Write tools for toolhost, the MCP server that runs tools as WebAssembly
//! components, in plain Rust.
//!
//! A tool is an ordinary function from a deserializable argument type to a
//! result. This crate derives the JSON Schemas the host and MCP clients need,
//! converts results and errors to the component interface (`wit/tool.wit`),
//! and exports everything as a WebAssembly component, so a tool crate never
//! deals with wit-bindgen or the component model.
//!
//! # Example
//!
//! ```
//! use schemars::JsonSchema;
//! use serde::{Deserialize, Serialize};
//! use toolhost_sdk::{Json, Tool, ToolError, Toolbox};
//!
//! #[derive(Deserialize, JsonSchema)]
//! struct EchoArgs {
//!     /// Text to send back unchanged.
//!     message: String,
//! }
//!
//! fn echo(args: EchoArgs) -> Result<String, ToolError> {
//!     Ok(args.message)
//! }
//!
//! #[derive(Deserialize, JsonSchema)]
//! struct CountArgs {
//!     /// The text whose characters to count.
//!     text: String,
//! }
//!
//! #[derive(Serialize, JsonSchema)]
//! struct Count {
//!     characters: usize,
//! }
//!
//! fn count(args: CountArgs) -> Result<Json<Count>, ToolError> {
//!     if args.text.is_empty() {
//!         return Err(ToolError::invalid_input("text must not be empty"));
//!     }
//!     Ok(Json(Count { characters: args.text.chars().count() }))
//! }
//!
//! fn tools() -> Toolbox {
//!     Toolbox::new()
//!         .tool(
//!             Tool::new("echo", echo)
//!                 .title("Echo")
//!                 .description("Returns the message unchanged.")
//!                 .read_only()
//!                 .idempotent()
//!                 .open_world(false),
//!         )
//!         .tool(Tool::new("count", count).description("Counts characters."))
//! }
//!
//! toolhost_sdk::export_tools!(tools);
//! # fn main() {
//! #     let out = tools().call("count", r#"{"text":"héllo"}"#).unwrap();
//! #     assert_eq!(out.structured(), Some(r#"{"characters":5}"#));
//! # }
//! ```
//!
//! # Building
//!
//! The tool crate is a `cdylib` depending on `toolhost-sdk`, `serde` (with
//! `derive`) and `schemars`:
//!
//! ```toml
//! [lib]
//! crate-type = ["cdylib"]
//! ```
//!
//! `cargo build --release --target wasm32-wasip2` then writes the component to
//! `target/wasm32-wasip2/release/<crate_name>.wasm`, ready for the host's tool
//! directory. No other tool (`wasm-tools`, `cargo component`) is needed.
//!
//! # Schemas
//!
//! The input schema is derived from the argument type with schemars (JSON
//! Schema 2020-12); doc comments on the type and its fields become
//! descriptions, which is what a model reads to fill in arguments, so write
//! them. MCP requires the root to be an object, so the argument type must be
//! a struct with named fields ([`NoArgs`] for a tool without arguments).
//! The host validates every call's arguments against the schema before the
//! tool runs. [`Tool::input_schema`] and [`Tool::output_schema`] replace a
//! derived schema; you must then keep your arguments and results conforming.
//!
//! # Results and errors
//!
//! - `String` (or `&'static str`): one text block, no output schema.
//! - [`Json<T>`]: `T` serialized as the structured result, the same JSON as a
//!   text block (for clients that ignore structured content), and an output
//!   schema derived from `T`.
//! - `()`: no content. [`Output`] for anything else.
//!
//! A [`ToolError`] reaches the client as a tool result with `isError: true`:
//! [`ToolError::invalid_input`] for arguments that are well-formed but
//! unusable, [`ToolError::upstream`] when a service the tool depends on
//! failed, [`ToolError::other`] for the rest. `?` turns any
//! [`std::error::Error`] into `other`. Arguments that do not deserialize
//! into the argument type (the schema admitted something the type does not)
//! become `invalid-input`, and a name the toolbox does not have becomes
//! `other("unknown tool NAME")`.
//!
//! A [`Toolbox`] with an invalid tool name, a duplicate name, or a schema
//! whose root is not an object makes `describe` panic, so the host refuses the
//! whole component when it loads it. [`Toolbox::describe`] in a native unit
//! test catches that earlier; [`Toolbox::call`] runs a tool natively.
//!
//! # Panics
//!
//! A panic in WebAssembly is a trap whose message would be lost. The SDK
//! installs a panic hook that first writes
//! `panic: MESSAGE (at FILE:LINE:COLUMN)` to the host's log at level `error`;
//! the call then fails, and the client gets a tool result with `isError: true`
//! (`The tool crashed: it panicked (correlation id …)`), never the message.
//! Panics are for bugs: report expected failures as a [`ToolError`].
//!
//! # Logging
//!
//! [`log`] writes lines to the host's log, never to the client. A component
//! keeps no state between calls: the host creates a fresh instance for each.
//!
//! # Settings, secrets and HTTP
//!
//! A component gets nothing from its environment but what the operator's
//! policy grants it. [`config::get`] and [`config::require`] read granted
//! settings and secrets (API tokens). [`http::Request`] sends HTTP requests
//! to the destinations the policy allows; every failure, a refused
//! destination included, is an [`http::UpstreamError`] that `?` turns into
//! [`ToolError::Upstream`]:
//!
//! ```no_run
//! use schemars::JsonSchema;
//! use serde::Deserialize;
//! use toolhost_sdk::http::Request;
//! use toolhost_sdk::{Tool, ToolError, Toolbox, config};
//!
//! #[derive(Deserialize, JsonSchema)]
//! struct IssueArgs {
//!     /// The issue number.
//!     number: u32,
//! }
//!
//! fn issue_title(args: IssueArgs) -> Result<String, ToolError> {
//!     let token = config::require("TRACKER_TOKEN")?;
//!     let url = format!("https://tracker.example.com/api/issues/{}", args.number);
//!     let issue: serde_json::Value = Request::get(url)
//!         .header("Authorization", format!("Bearer {token}"))
//!         .send()?
//!         .error_for_status()?
//!         .json()?;
//!     Ok(issue["title"].as_str().unwrap_or("(untitled)").to_string())
//! }
//!
//! fn tools() -> Toolbox {
//!     Toolbox::new().tool(
//!         Tool::new("issue_title", issue_title)
//!             .description("Returns the title of an issue in the tracker.")
//!             .read_only(),
//!     )
//! }
//!
//! toolhost_sdk::export_tools!(tools);
//! # fn main() {}
//! ```

pub mod config;
mod error;
pub mod http;
pub mod log;
mod output;
mod schema;
mod tool;
mod toolbox;

#[doc(hidden)]
pub mod bindings;
#[doc(hidden)]
pub mod export;

pub use error::ToolError;
pub use output::{IntoToolOutput, Json, Output};
pub use tool::{Annotations, NoArgs, Tool, ToolDescriptor};
pub use toolbox::Toolbox;

/// Exports a toolbox as the component's `tool` interface.
///
/// Takes a function (or closure) returning the [`Toolbox`]; it runs once per
/// `describe` and once per `call`, in a fresh instance each time. Use it once
/// per crate, at the top level.
#[macro_export]
macro_rules! export_tools {
    ($toolbox:expr) => {
        const _: () = {
            struct ToolhostExports;

            impl $crate::export::Guest for ToolhostExports {
                fn describe() -> ::std::vec::Vec<$crate::export::WitDescriptor> {
                    $crate::export::describe($toolbox)
                }

                fn call(
                    name: ::std::string::String,
                    arguments: ::std::string::String,
                ) -> ::std::result::Result<$crate::export::WitOutput, $crate::export::WitError>
                {
                    $crate::export::call($toolbox, name, arguments)
                }
            }

            $crate::bindings::__export_tool_component!(
                ToolhostExports with_types_in $crate::bindings
            );
        };
    };
}
