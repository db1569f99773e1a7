//! Test fixture: a component of contract 0.1 (`wit/tool.wit`, world
//! `tool-component`), written against the raw bindings. The SDK exports
//! contract 0.2, so without this fixture nothing would exercise 0.1 any
//! more; its tools pin what the host must keep doing for a 0.1 component:
//! text and structured results, each kind of tool error, a panic, a runaway
//! loop and host log lines at every level. Never serve it to users.

wit_bindgen::generate!({
    path: "../../wit",
    world: "tool-component",
});

use std::hint::black_box;
use std::panic::PanicHookInfo;

use exports::toolhost::tool::tool::{Guest, ToolDescriptor, ToolError, ToolOutput};
use serde_json::{Value, json};
use toolhost::tool::log::{Level, log};
use toolhost::tool::types::{Content, UpstreamError};

const NO_ARGS: &str = r#"{"type":"object","properties":{}}"#;

const MESSAGE_ARGS: &str =
    r#"{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}"#;

const TEXT_ARGS: &str =
    r#"{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}"#;

/// What `structured` returns: both counts, always.
const COUNTS_SCHEMA: &str = r#"{"type":"object","properties":{"characters":{"type":"integer"},"words":{"type":"integer"}},"required":["characters","words"]}"#;

fn tool(name: &str, does: &str, input_schema: &str) -> ToolDescriptor {
    ToolDescriptor {
        name: name.into(),
        title: None,
        description: Some(format!("Test fixture (contract 0.1): {does}")),
        input_schema: input_schema.into(),
        output_schema: None,
        annotations: None,
    }
}

fn text(text: impl Into<String>) -> Result<ToolOutput, ToolError> {
    Ok(ToolOutput {
        content: vec![Content::Text(text.into())],
        structured: None,
    })
}

struct ContractV01;

impl Guest for ContractV01 {
    fn describe() -> Vec<ToolDescriptor> {
        vec![
            tool("v01_echo", "returns `message` unchanged.", MESSAGE_ARGS),
            ToolDescriptor {
                output_schema: Some(COUNTS_SCHEMA.into()),
                ..tool(
                    "v01_structured",
                    "counts the characters and words of `text`, as text and as structured output.",
                    TEXT_ARGS,
                )
            },
            tool(
                "v01_fail",
                "fails with an invalid-input tool error.",
                NO_ARGS,
            ),
            tool(
                "v01_upstream_fail",
                "fails with an upstream error (status 503, retry after 30 s).",
                NO_ARGS,
            ),
            tool(
                "v01_panic",
                "panics with \"contract-v01: deliberate panic\".",
                NO_ARGS,
            ),
            tool("v01_spin", "loops forever.", NO_ARGS),
            tool(
                "v01_log",
                "writes one host log line at each level, then returns \"logged\".",
                NO_ARGS,
            ),
        ]
    }

    fn call(name: String, arguments: String) -> Result<ToolOutput, ToolError> {
        std::panic::set_hook(Box::new(log_panic));
        let arguments: Value = serde_json::from_str(&arguments)
            .map_err(|e| ToolError::InvalidInput(format!("arguments are not JSON: {e}")))?;
        let string = |key: &str| arguments[key].as_str().unwrap_or_default().to_owned();
        match name.as_str() {
            "v01_echo" => text(string("message")),
            "v01_structured" => {
                let input = string("text");
                let (characters, words) = (input.chars().count(), input.split_whitespace().count());
                Ok(ToolOutput {
                    content: vec![Content::Text(format!(
                        "{characters} characters, {words} words"
                    ))],
                    structured: Some(json!({"characters": characters, "words": words}).to_string()),
                })
            }
            "v01_fail" => Err(ToolError::InvalidInput(
                "contract-v01: this input is never right".into(),
            )),
            "v01_upstream_fail" => Err(ToolError::Upstream(UpstreamError {
                status: Some(503),
                retry_after_secs: Some(30),
                message: "contract-v01: the upstream service is unavailable".into(),
            })),
            "v01_panic" => panic!("contract-v01: deliberate panic"),
            "v01_spin" => {
                let mut counter = 0u64;
                loop {
                    counter = black_box(counter.wrapping_add(1));
                }
            }
            "v01_log" => {
                let levels = [
                    (Level::Trace, "trace"),
                    (Level::Debug, "debug"),
                    (Level::Info, "info"),
                    (Level::Warn, "warn"),
                    (Level::Error, "error"),
                ];
                for (level, name) in levels {
                    log(level, &format!("contract-v01: a line at {name}"));
                }
                text("logged")
            }
            _ => Err(ToolError::Other(format!("unknown tool {name}"))),
        }
    }
}

/// A panic in WebAssembly is a bare trap: the message goes to the host's
/// log first, through 0.1's `log`, as the SDK did for 0.1 components.
fn log_panic(info: &PanicHookInfo<'_>) {
    let message = info.payload_as_str().unwrap_or("(not a string)");
    let line = match info.location() {
        Some(at) => format!("panic: {message} (at {}:{})", at.file(), at.line()),
        None => format!("panic: {message}"),
    };
    log(Level::Error, &line);
}

export!(ContractV01);
