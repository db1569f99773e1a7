//! Test fixtures built on raw wit-bindgen, for output the SDK never produces:
//! structured content that is not JSON at all, and structured content whose
//! root is an array (valid from MCP 2026-07-28 on, unknown to older clients).

wit_bindgen::generate!({
    path: "../../wit",
    world: "tool-component",
});

use exports::toolhost::tool::tool::{Guest, ToolDescriptor, ToolError, ToolOutput};
use toolhost::tool::types::Content;

struct RawOutput;

impl Guest for RawOutput {
    fn describe() -> Vec<ToolDescriptor> {
        vec![ToolDescriptor {
            name: "bad_json".into(),
            title: None,
            description: Some(
                "Test fixture: declares an output schema but returns structured content that \
                 is not JSON."
                    .into(),
            ),
            input_schema: r#"{"type":"object"}"#.into(),
            output_schema: Some(r#"{"type":"object"}"#.into()),
            annotations: None,
        },
        ToolDescriptor {
            name: "split".into(),
            title: None,
            description: Some(
                "Test fixture: splits text on whitespace; its structured result is an array."
                    .into(),
            ),
            input_schema: r#"{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}"#.into(),
            output_schema: Some(r#"{"type":"array","items":{"type":"string"}}"#.into()),
            annotations: None,
        }]
    }

    fn call(name: String, arguments: String) -> Result<ToolOutput, ToolError> {
        match name.as_str() {
            "bad_json" => Ok(ToolOutput {
                content: vec![Content::Text("see structured".into())],
                structured: Some("{not json".into()),
            }),
            "split" => {
                let words: Vec<String> = text_argument(&arguments)
                    .split_whitespace()
                    .map(|w| format!("\"{w}\""))
                    .collect();
                let json = format!("[{}]", words.join(","));
                Ok(ToolOutput {
                    content: vec![Content::Text(json.clone())],
                    structured: Some(json),
                })
            }
            _ => Err(ToolError::Other(format!("unknown tool {name}"))),
        }
    }
}

/// The `text` argument of `{"text": "..."}`, without a JSON parser: the
/// fixture stays dependency-free and the test passes plain words.
fn text_argument(arguments: &str) -> &str {
    arguments
        .split_once("\"text\":\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or("", |(text, _)| text)
}

export!(RawOutput);
