//! toolhost: an MCP server that hosts tools as sandboxed WebAssembly components.
//!
//! The crate is laid out by role, so the room for a change can be found from
//! the module names alone:
//!
//! - [`config`]: limits and their defaults, the config file, per-tool overrides.
//! - [`runtime`]: the wasmtime engine, per-call sandbox (fuel, deadline, memory
//!   cap, fresh instance) and the classification of how a call ended.
//! - [`policy`]: what each component is granted (folders, outbound HTTP,
//!   environment, secrets) and the outbound HTTP client that enforces it.
//! - [`registry`]: loading components from a folder, tool names, schemas;
//!   [`reload`]: keeping them in step with the folder and the config file.
//! - [`validate`]: JSON Schema validation of arguments and structured output.
//! - [`failure`]: how a call can fail, typed, with no wire format in it;
//!   [`correlation`] ties a reply to its log lines; [`sanitize`] makes guest
//!   text safe to show.
//! - [`server`]: JSON-RPC parsing and MCP method dispatch, for both protocol
//!   eras, and `server::error_table`, the one table that turns a failure into
//!   an MCP reply.
//! - [`transport`]: stdio and Streamable HTTP: framing, concurrency, cancellation.
//! - [`metrics`]: call counters and latency, shared by the transports.
//! - [`quarantine`]: a tool whose calls keep crashing is taken out of
//!   service for a cool-down.
//! - [`check`]: preflight findings about every component (`toolhost check`,
//!   and the warnings `serve` logs at start).
//! - [`inspect`]: the `toolhost inspect` report of tools and grants;
//!   [`one_call`]: `toolhost call`, one call outside any MCP client;
//!   [`scaffold`]: `toolhost new`, a tool to start from (Rust, Python or
//!   TypeScript); [`build`]: `toolhost build`, a tool's folder into a component.
//! - [`cli`]: the `toolhost` command line.

pub mod build;
pub mod check;
pub mod cli;
pub mod config;
pub mod correlation;
pub mod failure;
#[doc(hidden)]
pub mod fuzzing;
pub mod inspect;
pub mod logging;
pub mod metrics;
pub mod one_call;
pub mod policy;
pub mod quarantine;
pub mod registry;
pub mod reload;
pub mod runtime;
pub mod sanitize;
pub mod scaffold;
pub mod server;
pub mod transport;
pub mod validate;
