//! What a tool's arguments may be. MCP passes tool arguments as one JSON
//! object, so a type whose JSON is something else (a string, an array, an
//! enum's variants) could never be filled in. [`ToolInput`] marks the types
//! that read an object, so `#[tool]` refuses the others when the crate
//! compiles rather than when the host loads the component.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A type that can be a [`#[tool]`](crate::tool) function's arguments: one
/// that reads a JSON object and whose schema says so.
///
/// [`#[schema]`](crate::schema) implements it for structs with named fields
/// (not for enums, tuple structs, or structs made `transparent`, `from` or
/// `try_from` by a serde attribute); [`NoArgs`] implements it for a tool
/// without arguments, and a `#[tool]` function without an argument
/// parameter uses that. Any other type fails to compile:
///
/// ```compile_fail,E0277
/// use toolhost_sdk::tool;
///
/// /// Shouts the text.
/// #[tool]
/// fn shout(text: String) -> String {
///     text.to_uppercase()
/// }
/// ```
///
/// ```compile_fail,E0277
/// use toolhost_sdk::{schema, tool};
///
/// #[schema]
/// enum Unit {
///     Celsius,
///     Fahrenheit,
/// }
///
/// /// Names a unit.
/// #[tool]
/// fn unit(unit: Unit) -> String {
///     String::new()
/// }
/// ```
///
/// Implement it by hand only for a type whose JSON Schema's root is
/// `"type": "object"`: the host refuses any other when it loads the
/// component.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a tool's arguments: MCP passes tool arguments as a JSON object",
    label = "not a struct with named fields marked `#[schema]`",
    note = "take a struct with named fields marked `#[toolhost_sdk::schema]` (not `transparent`, \
            `from` or `try_from`), or no argument at all for a tool without input"
)]
pub trait ToolInput: DeserializeOwned + JsonSchema {}

/// Arguments of a tool that takes none. Its schema is an empty object, so the
/// tool accepts `{}` (and ignores any other field: a model that adds one
/// should not see the call fail for it).
#[derive(Debug, Clone, Copy, Default, Deserialize)]
pub struct NoArgs {}

impl ToolInput for NoArgs {}

/// Written by hand so that the schema carries no description: the type's doc
/// comment speaks to Rust programmers, not to models.
impl JsonSchema for NoArgs {
    fn schema_name() -> Cow<'static, str> {
        "NoArgs".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "object", "properties": {} })
    }
}
