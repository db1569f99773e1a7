//! The boundary with the host: converts between the SDK's types and the
//! generated bindings, and makes panics visible. Used by
//! [`export_tools!`](crate::export_tools); not meant to be called directly.

use std::panic::PanicHookInfo;
use std::sync::Once;

use crate::bindings::toolhost::tool::types as wit;
use crate::{Annotations, ToolDescriptor, ToolError, Toolbox};

pub use crate::bindings::exports::toolhost::tool::tool::Guest;
pub type WitDescriptor = wit::ToolDescriptor;
pub type WitOutput = wit::ToolOutput;
pub type WitError = wit::ToolError;

/// Answers the host's `describe`. An invalid toolbox panics, which the host
/// sees as a trap and reports (with the logged message) by skipping the
/// component: better than serving a half-broken one.
pub fn describe(toolbox: impl FnOnce() -> Toolbox) -> Vec<WitDescriptor> {
    install_panic_hook();
    match toolbox().describe() {
        Ok(descriptors) => descriptors.into_iter().map(descriptor).collect(),
        Err(problem) => panic!("invalid toolbox: {problem}"),
    }
}

/// Answers the host's `call`.
pub fn call(
    toolbox: impl FnOnce() -> Toolbox,
    name: String,
    arguments: String,
) -> Result<WitOutput, WitError> {
    install_panic_hook();
    match toolbox().call(&name, &arguments) {
        Ok(output) => {
            let (text, structured) = output.into_parts();
            Ok(WitOutput {
                content: text.into_iter().map(wit::Content::Text).collect(),
                structured,
            })
        }
        Err(error) => Err(tool_error(error)),
    }
}

fn descriptor(d: ToolDescriptor) -> WitDescriptor {
    WitDescriptor {
        name: d.name,
        title: d.title,
        description: d.description,
        input_schema: d.input_schema.to_string(),
        output_schema: d.output_schema.map(|s| s.to_string()),
        annotations: d.annotations.map(annotations),
    }
}

fn annotations(a: Annotations) -> wit::Annotations {
    wit::Annotations {
        title: None,
        read_only_hint: a.read_only_hint,
        destructive_hint: a.destructive_hint,
        idempotent_hint: a.idempotent_hint,
        open_world_hint: a.open_world_hint,
    }
}

fn tool_error(error: ToolError) -> WitError {
    match error {
        ToolError::InvalidInput(m) => WitError::InvalidInput(m),
        ToolError::Upstream {
            status,
            retry_after_secs,
            message,
        } => WitError::Upstream(wit::UpstreamError {
            status,
            retry_after_secs,
            message,
        }),
        ToolError::Other(m) => WitError::Other(m),
    }
}

/// A panic in WebAssembly ends in a bare `unreachable` trap: the message and
/// location would be lost. The hook sends them to the host's log first, so
/// the operator sees why the call failed. Natively (in unit tests) the
/// default hook already prints everything, so it is left alone.
fn install_panic_hook() {
    if cfg!(not(target_arch = "wasm32")) {
        return;
    }
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info: &PanicHookInfo<'_>| {
            let location = info.location().map(|l| (l.file(), l.line(), l.column()));
            crate::log::error(panic_line(info.payload_as_str(), location));
        }));
    });
}

fn panic_line(message: Option<&str>, location: Option<(&str, u32, u32)>) -> String {
    let message = message.unwrap_or("(a panic payload that is not a string)");
    match location {
        Some((file, line, column)) => format!("panic: {message} (at {file}:{line}:{column})"),
        None => format!("panic: {message}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Json, Tool};
    use schemars::JsonSchema;
    use serde::Serialize;

    #[derive(Serialize, JsonSchema)]
    struct Answer {
        value: u32,
    }

    fn toolbox() -> Toolbox {
        Toolbox::new()
            .tool(
                Tool::new("answer", |_: crate::NoArgs| Ok(Json(Answer { value: 42 })))
                    .destructive(false),
            )
            .tool(Tool::new("down", |_: crate::NoArgs| -> Result<(), _> {
                Err(ToolError::upstream(Some(503), Some(30), "down"))
            }))
    }

    #[test]
    fn descriptors_carry_schemas_as_json_text() {
        let descriptors = describe(toolbox);
        let answer = &descriptors[0];
        let input: serde_json::Value = serde_json::from_str(&answer.input_schema).unwrap();
        assert_eq!(input["type"], "object");
        let output: serde_json::Value =
            serde_json::from_str(answer.output_schema.as_deref().unwrap()).unwrap();
        assert_eq!(output["properties"]["value"]["type"], "integer");
        let hints = answer.annotations.as_ref().unwrap();
        assert_eq!(hints.destructive_hint, Some(false));
        assert_eq!(hints.title, None);
        assert!(descriptors[1].annotations.is_none());
    }

    #[test]
    fn outputs_and_errors_map_to_the_wit_types() {
        let output = call(toolbox, "answer".into(), "{}".into()).unwrap();
        assert_eq!(output.structured.as_deref(), Some(r#"{"value":42}"#));
        assert!(matches!(&output.content[..], [wit::Content::Text(t)] if t == r#"{"value":42}"#));

        let Err(WitError::Upstream(e)) = call(toolbox, "down".into(), "{}".into()) else {
            panic!("expected an upstream error");
        };
        assert_eq!(
            (e.status, e.retry_after_secs, e.message.as_str()),
            (Some(503), Some(30), "down")
        );
        assert!(matches!(
            call(toolbox, "x".into(), "{}".into()),
            Err(WitError::Other(m)) if m == "unknown tool x"
        ));
        assert!(matches!(
            tool_error(ToolError::invalid_input("no")),
            WitError::InvalidInput(m) if m == "no"
        ));
    }

    #[test]
    fn panic_lines_name_the_message_and_place() {
        assert_eq!(
            panic_line(Some("boom"), Some(("src/lib.rs", 3, 9))),
            "panic: boom (at src/lib.rs:3:9)"
        );
        assert_eq!(
            panic_line(None, None),
            "panic: (a panic payload that is not a string)"
        );
    }
}
