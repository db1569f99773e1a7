//! The attribute macros of `toolhost-sdk`. Use them through the SDK
//! (`toolhost_sdk::tool`, `toolhost_sdk::schema`), which re-exports them and
//! holds the code they expand to call; its crate docs have tested examples.
//!
//! Both macros only adapt: they keep the item as written and add what wires
//! it to the SDK, and every check they can make at compile time (a tool's
//! arguments must be a JSON object, a tool name must be one MCP accepts) is
//! made here so that it fails the build instead of the component's load.

mod schema;
mod tool;

use proc_macro::TokenStream;

/// Makes a function a tool. The tool is named after the function (or
/// `name = "..."`), and its description is the function's doc comment (or
/// `description = "..."`), which is what a model reads to choose it.
///
/// The function takes its arguments (a type marked `#[schema]`: a struct with
/// named fields, since MCP tool arguments are a JSON object), the request's
/// `&mut Context`, both in that order, or neither. It returns a result
/// (`String`, `Json<T>`, `Content`, `Output`, `Outcome<T>`, ...) or a
/// `Result` of one whose error converts into `ToolError`, as any
/// `std::error::Error` does.
///
/// The function stays as written; the macro adds a type of the same name
/// whose `tool()` returns the SDK `Tool`, so a toolbox lists it as
/// `Toolbox::new().tool(echo::tool())`. A module or type of that name
/// cannot live beside the function.
///
/// Options, all optional: `name = "..."`, `title = "..."`,
/// `description = "..."`, and the hints `read_only`, `idempotent`,
/// `destructive = BOOL`, `open_world = BOOL`.
#[proc_macro_attribute]
pub fn tool(attr: TokenStream, item: TokenStream) -> TokenStream {
    tool::expand(attr.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Makes a type one that a tool reads or writes as JSON: derives
/// `Serialize`, `Deserialize` and `JsonSchema` through the SDK's
/// re-exports, so the tool crate needs no dependency but the SDK; doc
/// comments become descriptions, and `#[serde(...)]` and `#[schemars(...)]`
/// attributes below it work as usual.
///
/// A struct with named fields also becomes usable as a tool's arguments
/// (`ToolInput`); an enum, a tuple struct or a `transparent`, `from` or
/// `try_from` struct does not, because its JSON is not an object.
///
/// `#[schema(input)]` derives only what reading needs (`Deserialize`,
/// `JsonSchema`), `#[schema(output)]` only what writing needs (`Serialize`,
/// `JsonSchema`), for a type whose fields support one direction only.
#[proc_macro_attribute]
pub fn schema(attr: TokenStream, item: TokenStream) -> TokenStream {
    schema::expand(attr.into(), item.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
