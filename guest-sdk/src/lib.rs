//! Write tools for toolhost, the MCP server that runs tools as WebAssembly
//! components, in plain Rust.
//!
//! A tool is an ordinary function from a deserializable argument type to a
//! result. This crate derives the JSON Schemas the host and MCP clients need,
//! converts results and errors to the component contract (version 0.2,
//! `wit/v0.2/tool.wit`), and exports everything as a WebAssembly component,
//! so a tool crate never deals with wit-bindgen or the component model.
//! Besides tools, a component may serve resources, resource templates,
//! prompts and completions, report progress, write to the client's log, and
//! ask the client for input.
//!
//! # Example
//!
//! A tool is a function marked [`#[tool]`](tool): its name is the
//! function's, its description the doc comment (what a model reads to choose
//! it). Its arguments are a struct marked [`#[schema]`](schema), whose field
//! docs describe each argument; the SDK derives the JSON Schema from it.
//!
//! ```
//! use toolhost_sdk::{Json, Result, ToolError, Toolbox, schema, tool};
//!
//! #[schema]
//! struct EchoArgs {
//!     /// Text to send back unchanged.
//!     message: String,
//! }
//!
//! /// Returns the message unchanged.
//! #[tool(title = "Echo", read_only, idempotent, open_world = false)]
//! fn echo(args: EchoArgs) -> String {
//!     args.message
//! }
//!
//! #[schema]
//! struct CountArgs {
//!     /// The text whose characters to count.
//!     text: String,
//! }
//!
//! #[schema]
//! struct Count {
//!     characters: usize,
//! }
//!
//! /// Counts characters.
//! #[tool(read_only)]
//! fn count(args: CountArgs) -> Result<Json<Count>> {
//!     if args.text.is_empty() {
//!         return Err(ToolError::invalid_input("text must not be empty"));
//!     }
//!     Ok(Json(Count { characters: args.text.chars().count() }))
//! }
//!
//! fn tools() -> Toolbox {
//!     Toolbox::new().tool(echo::tool()).tool(count::tool())
//! }
//!
//! toolhost_sdk::export_tools!(tools);
//! # fn main() {
//! #     let out = tools().call("count", r#"{"text":"héllo"}"#).unwrap();
//! #     assert_eq!(out.structured(), Some(r#"{"characters":5}"#));
//! #     let err = tools().call("count", r#"{"text":""}"#).unwrap_err();
//! #     assert_eq!(err, ToolError::invalid_input("text must not be empty"));
//! #     let echo = &tools().describe().unwrap()[0];
//! #     assert_eq!(echo.description.as_deref(), Some("Returns the message unchanged."));
//! # }
//! ```
//!
//! `#[tool]` keeps the function as it is (call it directly in a unit
//! test) and adds `echo::tool()`, the [`Tool`] for it. Options:
//! `name = "..."` (for a name that is not a Rust identifier),
//! `title = "..."`, `description = "..."` (instead of the doc comment), and
//! the hints `read_only`, `idempotent`, `destructive = BOOL` and
//! `open_world = BOOL` (see [`Tool`]'s methods of those names). The
//! function takes its arguments, the request's `&mut Context`, both in
//! that order, or neither.
//!
//! # Progress, images, asking, resources and prompts
//!
//! A tool function that takes `&mut Context` also gets the request's
//! [`Context`]. `render` reports progress, writes to the client's log and
//! returns an image; `purge` asks the user before it deletes anything. The
//! toolbox also serves a resource and a prompt.
//!
//! ```
//! use toolhost_sdk::{
//!     BooleanField, Content, Context, ElicitationSchema, InputRequired, LogLevel, Outcome,
//!     Output, Prompt, PromptResult, Resource, Result, ToolError, Toolbox, schema, tool,
//! };
//!
//! # const PNG: &[u8] = &[0x89, b'P', b'N', b'G'];
//! #[schema]
//! struct RenderArgs {
//!     /// How many frames to render.
//!     frames: u32,
//! }
//!
//! /// Renders an animation.
//! #[tool]
//! fn render(args: RenderArgs, cx: &mut Context) -> Output {
//!     for frame in 1..=args.frames {
//!         cx.progress(frame.into(), Some(args.frames.into()), Some("rendering"));
//!     }
//!     cx.log(LogLevel::Info, format!("rendered {} frames", args.frames));
//!     Output::text("The last frame:").and(Content::image(PNG, "image/png"))
//! }
//!
//! #[schema]
//! struct PurgeArgs {
//!     /// The folder to empty.
//!     folder: String,
//! }
//!
//! /// Empties a folder, once the user confirms.
//! #[tool]
//! fn purge(args: PurgeArgs, cx: &mut Context) -> Result<Outcome<String>> {
//!     // Round one lists the files and asks; round two (same arguments, the
//!     // user's answer, the state) deletes exactly the files the user saw.
//!     let Some(answer) = cx.elicited("confirm") else {
//!         if !cx.client().elicitation {
//!             return Err(ToolError::other("this client cannot confirm: nothing was deleted"));
//!         }
//!         let files = ["a.log", "b.log", "c.log"]; // found in args.folder
//!         let form = ElicitationSchema::new()
//!             .boolean("ok", BooleanField::new().title("Delete them"))
//!             .required(["ok"]);
//!         let question = format!("Delete {} files in {}?", files.len(), args.folder);
//!         return Ok(InputRequired::new()
//!             .elicit("confirm", question, form)
//!             .state(files.join("\n"))
//!             .into());
//!     };
//!     if !(answer.accepted() && answer.content["ok"] == true) {
//!         return Ok("Nothing was deleted.".to_string().into());
//!     }
//!     let files = String::from_utf8_lossy(cx.state().unwrap_or_default()).into_owned();
//!     Ok(format!("Deleted {} files.", files.lines().count()).into())
//! }
//!
//! fn tools() -> Toolbox {
//!     Toolbox::new()
//!         .tool(render::tool())
//!         .tool(purge::tool())
//!         .resource(
//!             Resource::new("notes://today", "today", |_uri, _cx| Ok("Water the plants."))
//!                 .mime_type("text/plain"),
//!         )
//!         .prompt(
//!             Prompt::new("review", |args, _cx| {
//!                 let code = args.require("code")?;
//!                 Ok(PromptResult::new().user(format!("Review this code:\n{code}")))
//!             })
//!             .argument("code", "The code to review", true),
//!         )
//! }
//!
//! toolhost_sdk::export_tools!(tools);
//! # fn main() {
//! #     use toolhost_sdk::serde_json::json;
//! #     use toolhost_sdk::{Arguments, ClientCapabilities, ContentBody};
//! #     let tools = tools();
//! #     let mut cx = Context::new();
//! #     let out = tools.call_with("render", r#"{"frames":3}"#, &mut cx).unwrap().done().unwrap();
//! #     assert!(matches!(&out.content()[1].body, ContentBody::Image { mime_type, .. } if mime_type == "image/png"));
//! #     assert_eq!(cx.notifications().len(), 4);
//! #     let args = r#"{"folder":"/tmp/logs"}"#;
//! #     assert!(tools.call_with("purge", args, &mut Context::new()).is_err());
//! #     let mut first = Context::new().with_client(ClientCapabilities::all());
//! #     let asked = tools.call_with("purge", args, &mut first).unwrap().input_required().unwrap();
//! #     let mut second = Context::new()
//! #         .with_answer("confirm", json!({"action": "accept", "content": {"ok": true}}))
//! #         .with_state(asked.state.unwrap());
//! #     let done = tools.call_with("purge", args, &mut second).unwrap().done().unwrap();
//! #     assert_eq!(done.text_blocks(), ["Deleted 3 files."]);
//! #     let read = tools.read("notes://today", &mut Context::new()).unwrap().done().unwrap();
//! #     assert_eq!(read[0].mime_type.as_deref(), Some("text/plain"));
//! #     let code: Arguments = [("code", "fn f() {}")].into_iter().collect();
//! #     assert!(tools.get_prompt("review", &code, &mut Context::new()).is_ok());
//! # }
//! ```
//!
//! # Building
//!
//! A tool crate is a `cdylib` with one dependency, this crate (serde,
//! schemars and serde_json come re-exported, and `#[schema]` derives
//! through them):
//!
//! ```toml
//! [package]
//! name = "word-count"
//! version = "0.1.0"
//! edition = "2024"
//!
//! [lib]
//! crate-type = ["cdylib"]
//!
//! [dependencies]
//! toolhost-sdk = { path = "../toolhost/guest-sdk" }
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
//! them. `#[serde(...)]` and `#[schemars(...)]` attributes under
//! `#[schema]` work as usual (`#[serde(default = "...")]`,
//! `#[schemars(range(max = 100))]`). Types nested in the arguments or the
//! result are marked `#[schema]` too.
//!
//! MCP passes tool arguments as a JSON object, so a `#[tool]` function's
//! argument type must be a struct with named fields: anything else
//! (a `String`, a `Vec`, an enum, a `transparent` struct) does not
//! implement [`ToolInput`] and fails to compile, saying so. Schemas keep to
//! the keywords and formats JSON Schema defines (schemars's own integer
//! formats such as `uint` are dropped; their `minimum` and `maximum` stay).
//! The host validates every call's arguments against the schema before the
//! tool runs. [`Tool::input_schema`] and [`Tool::output_schema`] replace a
//! derived schema; you must then keep your arguments and results conforming.
//!
//! # Results and errors
//!
//! A tool function returns one of these, or a [`Result`] of one:
//!
//! - `String` (or `&'static str`): one text block, no output schema.
//! - [`Json<T>`]: `T` serialized as the structured result, the same JSON as a
//!   text block (for clients that ignore structured content), and an output
//!   schema derived from `T`.
//! - [`Content`] or `Vec<Content>`: text, images, sound, resource links and
//!   embedded resources, with optional [`ContentAnnotations`].
//! - `()`: no content. [`Output`] for several blocks with a structured result.
//! - [`InputRequired`], or an [`Outcome`] of any of the above, to ask the
//!   client first (see below).
//!
//! A [`ToolError`] reaches the client as a tool result with `isError: true`:
//! [`ToolError::invalid_input`] for arguments that are well-formed but
//! unusable, [`ToolError::upstream`] when a service the tool depends on
//! failed, [`ToolError::other`] for the rest. As with `anyhow`, `?` turns any
//! [`std::error::Error`] into `other`, its causes rendered after its message
//! (`reading the limit: invalid digit found in string`), and
//! [`ErrorContext`] says what the tool was doing:
//!
//! ```
//! use toolhost_sdk::{ErrorContext, Result, ToolError, Toolbox, schema, tool};
//!
//! #[schema]
//! struct SumArgs {
//!     /// Whole numbers, as text.
//!     numbers: Vec<String>,
//! }
//!
//! /// Adds whole numbers written as text.
//! #[tool]
//! fn sum(args: SumArgs) -> Result<String> {
//!     if args.numbers.is_empty() {
//!         return Err(ToolError::invalid_input("give at least one number"));
//!     }
//!     let mut total: i64 = 0;
//!     for number in &args.numbers {
//!         total += number.parse::<i64>().with_context(|| format!("reading {number:?}"))?;
//!     }
//!     Ok(total.to_string())
//! }
//!
//! let tools = Toolbox::new().tool(sum::tool());
//! let error = tools.call("sum", r#"{"numbers":["1","x"]}"#).unwrap_err();
//! assert_eq!(error, ToolError::other(r#"reading "x": invalid digit found in string"#));
//! ```
//!
//! Arguments that do not deserialize into the argument type (the schema
//! admitted something the type does not) become `invalid-input`, and a name
//! the toolbox does not have becomes `other("unknown tool NAME")`.
//!
//! A [`Toolbox`] with an invalid tool name, a duplicate name or URI, a
//! schema whose root is not an object, or a URI template the SDK cannot
//! match makes `describe` panic, so the host refuses the whole component
//! when it loads it. [`Toolbox::catalog`] in a native unit test catches that
//! earlier; [`Toolbox::call`], [`Toolbox::call_with`], [`Toolbox::read`],
//! [`Toolbox::get_prompt`] and [`Toolbox::complete`] run everything natively.
//!
//! # Asking the client
//!
//! A component keeps no state between requests: the host creates a fresh
//! instance for each. So a handler that needs the user's confirmation, the
//! client's model or the client's roots does not wait for them: it returns
//! [`InputRequired`] with its questions (each under a key) and, optionally,
//! state of its own. The host asks the client, then runs the handler again
//! with the same arguments, in a fresh instance; [`Context::elicited`],
//! [`Context::sampled`], [`Context::roots`] and [`Context::answer`] read the
//! answers, [`Context::state`] the state. An answer may be missing (the
//! client refused): ask again or give up. Ask only for what
//! [`Context::client`] says the client can answer; the host refuses the
//! rest. Tools, resource reads and prompts can all ask.
//!
//! # Resources, prompts and completions
//!
//! [`Resource`] serves a fixed URI, [`ResourceTemplate`] a family of URIs
//! (`weather://{city}`: the SDK matches the URI and passes the variables),
//! [`Prompt`] a prompt template filled in from string [`Arguments`]. Prompts
//! and templates take completers for their arguments
//! ([`Prompt::complete`], [`ResourceTemplate::complete`]); the toolbox
//! answers completion requests with them. A read of a URI nothing serves is
//! "resource not found" ([`ReadError::NotFound`]).
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
//! There are two logs. [`log`] writes lines to the host's log, for the
//! operator; the client never sees them. [`Context::log`] writes to the
//! client's log (when the client asked for that level), for the user;
//! [`Context::progress`] reports progress the same way. Natively, the
//! context records both for the test to check.
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
//! use toolhost_sdk::http::Request;
//! use toolhost_sdk::serde_json::Value;
//! use toolhost_sdk::{Result, Toolbox, config, schema, tool};
//!
//! #[schema]
//! struct IssueArgs {
//!     /// The issue number.
//!     number: u32,
//! }
//!
//! /// Returns the title of an issue in the tracker.
//! #[tool(read_only)]
//! fn issue_title(args: IssueArgs) -> Result<String> {
//!     let token = config::require("TRACKER_TOKEN")?;
//!     let url = format!("https://tracker.example.com/api/issues/{}", args.number);
//!     let issue: Value = Request::get(url)
//!         .header("Authorization", format!("Bearer {token}"))
//!         .send()?
//!         .error_for_status()?
//!         .json()?;
//!     Ok(issue["title"].as_str().unwrap_or("(untitled)").to_string())
//! }
//!
//! fn tools() -> Toolbox {
//!     Toolbox::new().tool(issue_title::tool())
//! }
//!
//! toolhost_sdk::export_tools!(tools);
//! # fn main() {}
//! ```
//!
//! # Without the macros
//!
//! `#[tool]` only builds a [`Tool`]; [`Tool::new`] and
//! [`Tool::with_context`] with the builder methods do the same by hand,
//! for a closure or a name known only at run time. Their argument type
//! needs only `Deserialize` and `JsonSchema`, so a type that is not a JSON
//! object is refused when the host loads the component rather than when
//! the crate compiles. Derives written out go through the re-exports with
//! `#[serde(crate = "toolhost_sdk::serde")]` and
//! `#[schemars(crate = "toolhost_sdk::schemars")]`, or through serde and
//! schemars as dependencies of the tool crate.
//!
//! ```
//! use toolhost_sdk::{NoArgs, Tool, Toolbox};
//!
//! let version = "1.4.2";
//! let tools = Toolbox::new().tool(
//!     Tool::new("version", move |_: NoArgs| Ok(version))
//!         .description("The version of the service.")
//!         .read_only(),
//! );
//! assert_eq!(tools.call("version", "{}").unwrap().text_blocks(), ["1.4.2"]);
//! ```

mod arguments;
mod ask;
mod catalog;
mod completion;
pub mod config;
mod content;
mod context;
mod error;
pub mod http;
pub mod log;
mod notify;
mod outcome;
mod output;
mod prompt;
mod resource;
mod resource_template;
mod schema;
mod tool;
mod tool_input;
mod toolbox;
mod uri_template;

#[doc(hidden)]
pub mod bindings;
#[doc(hidden)]
pub mod export;
#[doc(hidden)]
pub mod macro_support;

// So that `#[tool]` and `#[json]`, which expand to `::toolhost_sdk::...`
// paths, work in this crate's own tests too.
extern crate self as toolhost_sdk;

// A tool crate depends on this crate alone: `#[json]` derives through these,
// and a tool that needs serde's or schemars's API by name finds it here.
pub use schemars;
pub use serde;
pub use serde_json;
pub use toolhost_sdk_macros::{schema, tool};

pub use arguments::Arguments;
pub use ask::{
    BooleanField, ChoiceField, ElicitAction, ElicitationSchema, Elicited, InputRequest,
    InputRequired, NumberField, Root, Sampled, SamplingRequest, StringField, StringFormat,
};
pub use catalog::Catalog;
pub use completion::CompletionReference;
pub use content::{
    Content, ContentAnnotations, ContentBody, ResourceBody, ResourceContents, ResourceLink, Role,
};
pub use context::{ClientCapabilities, Context};
pub use error::{ErrorContext, Result, ToolError};
pub use notify::{LogData, LogEntry, LogLevel, Notification};
pub use outcome::{IntoOutcome, Outcome};
pub use output::{IntoToolOutput, Json, Output};
pub use prompt::{Prompt, PromptArgument, PromptDescriptor, PromptMessage, PromptResult};
pub use resource::{ReadError, Resource, ResourceDescriptor};
pub use resource_template::{ResourceTemplate, ResourceTemplateDescriptor};
pub use tool::{Annotations, Tool, ToolDescriptor};
pub use tool_input::{NoArgs, ToolInput};
pub use toolbox::Toolbox;
