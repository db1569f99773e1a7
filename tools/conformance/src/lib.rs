//! Test fixture: the tools the official MCP conformance suite
//! (`@modelcontextprotocol/conformance`, server scenarios) calls by name, as
//! far as the text-only tool contract allows. Used by `tests/clients.rs`;
//! never serve it to users.
//!
//! Left out, because a component cannot produce them: image, audio and
//! embedded-resource content (`test_image_content`, `test_audio_content`,
//! `test_embedded_resource`, `test_multiple_content_types`), and tools that
//! need the server to send the client something mid-call (logging, sampling,
//! elicitation, `input_required`). Those scenarios are listed with their
//! reasons in `tests/conformance/expected-failures.yaml`.

use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use toolhost_sdk::{NoArgs, Tool, ToolError, Toolbox};

/// The text the suite's `tools-call-simple-text` scenario documents.
const SIMPLE_TEXT: &str = "This is a simple text response for testing.";

fn simple_text(_: NoArgs) -> Result<String, ToolError> {
    Ok(SIMPLE_TEXT.to_owned())
}

fn error_handling(_: NoArgs) -> Result<String, ToolError> {
    Err(ToolError::other(
        "This tool intentionally returns an error for testing",
    ))
}

/// The suite wants three `notifications/progress`; the contract has no way
/// to send them, so this only answers. Listed so that the scenario fails for
/// that reason and not for a missing tool.
fn with_progress(_: NoArgs) -> Result<String, ToolError> {
    Ok("Progress tool finished (this host sends no progress notifications).".to_owned())
}

/// Never logs: the suite checks that no `notifications/message` reaches a
/// client that did not ask for a log level.
fn logging_tool(_: NoArgs) -> Result<String, ToolError> {
    Ok("Logging tool finished without logging.".to_owned())
}

/// The suite's `json-schema-2020-12` fixture schema, which the server must
/// list unchanged (`$schema`, `$defs`, `$anchor`, `allOf`/`anyOf`,
/// `if`/`then`/`else`, `additionalProperties`).
fn json_schema_2020_12() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "$defs": {
            "address": {
                "$anchor": "addressDef",
                "type": "object",
                "properties": {
                    "street": {"type": "string"},
                    "city": {"type": "string"}
                }
            }
        },
        "properties": {
            "name": {"type": "string"},
            "address": {"$ref": "#/$defs/address"},
            "contactMethod": {"type": "string", "enum": ["phone", "email"]},
            "phone": {"type": "string"},
            "email": {"type": "string"}
        },
        "allOf": [{"anyOf": [{"required": ["phone"]}, {"required": ["email"]}]}],
        "if": {
            "properties": {"contactMethod": {"const": "phone"}},
            "required": ["contactMethod"]
        },
        "then": {"required": ["phone"]},
        "else": {"required": ["email"]},
        "additionalProperties": false
    })
}

#[derive(Deserialize, JsonSchema)]
struct Contact {
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
}

fn contact(args: Contact) -> Result<String, ToolError> {
    let name = args.name.as_deref().unwrap_or("someone");
    let via = args.phone.or(args.email).unwrap_or_default();
    Ok(format!("Would contact {name} at {via}"))
}

fn tools() -> Toolbox {
    let fixture = |tool: Tool, does: &str| tool.description(format!("Conformance fixture: {does}"));
    Toolbox::new()
        .tool(fixture(
            Tool::new("test_simple_text", simple_text),
            "returns one text block.",
        ))
        .tool(fixture(
            Tool::new("test_error_handling", error_handling),
            "always fails (isError).",
        ))
        .tool(fixture(
            Tool::new("test_tool_with_progress", with_progress),
            "would report progress; answers with text only.",
        ))
        .tool(fixture(
            Tool::new("test_logging_tool", logging_tool),
            "answers without logging.",
        ))
        .tool(fixture(
            Tool::new("json_schema_2020_12_tool", contact).input_schema(json_schema_2020_12()),
            "takes arguments described by a JSON Schema 2020-12 schema.",
        ))
}

toolhost_sdk::export_tools!(tools);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toolbox_is_valid() {
        assert_eq!(tools().describe().unwrap().len(), 5);
    }

    #[test]
    fn answers_as_the_suite_expects() {
        let t = tools();
        assert_eq!(
            t.call("test_simple_text", "{}").unwrap().text_blocks(),
            [SIMPLE_TEXT]
        );
        assert!(
            t.call("test_error_handling", "{}")
                .unwrap_err()
                .message()
                .contains("intentionally")
        );
        assert_eq!(
            t.call(
                "json_schema_2020_12_tool",
                r#"{"name":"Ann","email":"a@b"}"#
            )
            .unwrap()
            .text_blocks(),
            ["Would contact Ann at a@b"]
        );
    }

    #[test]
    fn the_2020_12_schema_is_listed_unchanged() {
        let listed = tools()
            .describe()
            .unwrap()
            .into_iter()
            .find(|d| d.name == "json_schema_2020_12_tool")
            .unwrap();
        assert_eq!(listed.input_schema, json_schema_2020_12());
    }
}
