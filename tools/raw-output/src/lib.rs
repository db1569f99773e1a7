//! Test fixture: built on raw wit-bindgen (the SDK cannot produce malformed
//! output) to return structured content that is not JSON at all.

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
        }]
    }

    fn call(name: String, _arguments: String) -> Result<ToolOutput, ToolError> {
        match name.as_str() {
            "bad_json" => Ok(ToolOutput {
                content: vec![Content::Text("see structured".into())],
                structured: Some("{not json".into()),
            }),
            _ => Err(ToolError::Other(format!("unknown tool {name}"))),
        }
    }
}

export!(RawOutput);
