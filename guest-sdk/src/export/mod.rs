//! The boundary with the host: the functions of the `server` interface
//! (contract 0.2), each converting between the SDK's types and the
//! generated bindings (in `convert`) around one call into the
//! [`Toolbox`], and making panics visible. Used by
//! [`export_tools!`](crate::export_tools); not meant to be called directly.

mod convert;

use std::panic::PanicHookInfo;
use std::sync::Once;

use crate::{Outcome, Toolbox};

pub use crate::bindings::exports::toolhost::tool::server::Guest;
/// The generated types the `server` functions take and return.
pub use crate::bindings::toolhost::tool::types as wit;

/// Answers the host's `describe`. An invalid toolbox panics, which the host
/// sees as a trap and reports (with the logged message) by skipping the
/// component: better than serving a half-broken one.
pub fn describe(toolbox: impl FnOnce() -> Toolbox) -> wit::Catalog {
    install_panic_hook();
    match toolbox().catalog() {
        Ok(catalog) => convert::catalog(catalog),
        Err(problem) => panic!("invalid toolbox: {problem}"),
    }
}

/// Answers the host's `call-tool`.
pub fn call_tool(
    toolbox: impl FnOnce() -> Toolbox,
    name: String,
    arguments: String,
    context: wit::CallContext,
) -> Result<wit::ToolOutcome, wit::ToolError> {
    install_panic_hook();
    let mut cx = convert::context(context);
    match toolbox().call_with(&name, &arguments, &mut cx) {
        Ok(Outcome::Done(output)) => Ok(wit::ToolOutcome::Done(convert::output(output))),
        Ok(Outcome::InputRequired(asked)) => Ok(wit::ToolOutcome::InputRequired(
            convert::input_required(asked),
        )),
        Err(error) => Err(convert::tool_error(error)),
    }
}

/// Answers the host's `read-resource`.
pub fn read_resource(
    toolbox: impl FnOnce() -> Toolbox,
    uri: String,
    context: wit::CallContext,
) -> Result<wit::ReadOutcome, wit::ResourceError> {
    install_panic_hook();
    let mut cx = convert::context(context);
    match toolbox().read(&uri, &mut cx) {
        Ok(Outcome::Done(contents)) => Ok(wit::ReadOutcome::Done(
            contents
                .into_iter()
                .map(convert::resource_contents)
                .collect(),
        )),
        Ok(Outcome::InputRequired(asked)) => Ok(wit::ReadOutcome::InputRequired(
            convert::input_required(asked),
        )),
        Err(error) => Err(convert::read_error(error)),
    }
}

/// Answers the host's `get-prompt`.
pub fn get_prompt(
    toolbox: impl FnOnce() -> Toolbox,
    name: String,
    arguments: Vec<(String, String)>,
    context: wit::CallContext,
) -> Result<wit::PromptOutcome, wit::ToolError> {
    install_panic_hook();
    let mut cx = convert::context(context);
    let arguments = convert::arguments(arguments);
    match toolbox().get_prompt(&name, &arguments, &mut cx) {
        Ok(Outcome::Done(result)) => Ok(wit::PromptOutcome::Done(convert::prompt_result(result))),
        Ok(Outcome::InputRequired(asked)) => Ok(wit::PromptOutcome::InputRequired(
            convert::input_required(asked),
        )),
        Err(error) => Err(convert::tool_error(error)),
    }
}

/// Answers the host's `complete`. Every suggestion is returned, with their
/// number as the total: the host sends the first 100 and says there are
/// more.
pub fn complete(
    toolbox: impl FnOnce() -> Toolbox,
    request: wit::CompletionRequest,
) -> Result<wit::Completion, wit::ToolError> {
    install_panic_hook();
    let reference = convert::reference(request.reference);
    let filled = convert::arguments(request.context);
    match toolbox().complete(&reference, &request.argument, &request.value, &filled) {
        Ok(values) => Ok(wit::Completion {
            total: u32::try_from(values.len()).ok(),
            values,
        }),
        Err(error) => Err(convert::tool_error(error)),
    }
}

/// Exports a toolbox as the component's `server` interface (contract 0.2).
///
/// Takes a function (or closure) returning the [`Toolbox`]; it runs once per
/// request (`describe`, a tool call, a read, a prompt, a completion), in a
/// fresh instance each time. Use it once per crate, at the top level.
#[macro_export]
macro_rules! export_tools {
    ($toolbox:expr) => {
        const _: () = {
            use ::std::result::Result;
            use ::std::string::String;
            use ::std::vec::Vec;
            use $crate::export::wit;

            struct ToolhostExports;

            impl $crate::export::Guest for ToolhostExports {
                fn describe() -> wit::Catalog {
                    $crate::export::describe($toolbox)
                }

                fn call_tool(
                    name: String,
                    arguments: String,
                    context: wit::CallContext,
                ) -> Result<wit::ToolOutcome, wit::ToolError> {
                    $crate::export::call_tool($toolbox, name, arguments, context)
                }

                fn read_resource(
                    uri: String,
                    context: wit::CallContext,
                ) -> Result<wit::ReadOutcome, wit::ResourceError> {
                    $crate::export::read_resource($toolbox, uri, context)
                }

                fn get_prompt(
                    name: String,
                    arguments: Vec<(String, String)>,
                    context: wit::CallContext,
                ) -> Result<wit::PromptOutcome, wit::ToolError> {
                    $crate::export::get_prompt($toolbox, name, arguments, context)
                }

                fn complete(
                    request: wit::CompletionRequest,
                ) -> Result<wit::Completion, wit::ToolError> {
                    $crate::export::complete($toolbox, request)
                }
            }

            $crate::bindings::__export_server_component!(
                ToolhostExports with_types_in $crate::bindings
            );
        };
    };
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
    use crate::{
        Arguments, Content, InputRequired, Json, NoArgs, Prompt, ReadError, Resource,
        ResourceTemplate, Tool, ToolError,
    };
    use schemars::JsonSchema;
    use serde::Serialize;

    #[derive(Serialize, JsonSchema)]
    struct Answer {
        value: u32,
    }

    fn toolbox() -> Toolbox {
        Toolbox::new()
            .tool(
                Tool::new("answer", |_: NoArgs| Ok(Json(Answer { value: 42 }))).destructive(false),
            )
            .tool(Tool::new("down", |_: NoArgs| -> Result<(), _> {
                Err(ToolError::upstream(Some(503), Some(30), "down"))
            }))
            .tool(Tool::new("ask", |_: NoArgs| {
                Ok(InputRequired::new().roots("where"))
            }))
            .tool(Tool::new("picture", |_: NoArgs| {
                Ok(vec![
                    Content::text("a"),
                    Content::image(vec![1], "image/png"),
                ])
            }))
            .resource(Resource::new("mem://a", "a", |_, _| Ok("A")))
            .resource_template(
                ResourceTemplate::new("mem://t/{x}", "t", |_, _, _| -> Result<String, _> {
                    Err(ReadError::NotFound)
                })
                .complete("x", |typed, _| {
                    Ok(vec![format!("{typed}1"), format!("{typed}2")])
                }),
            )
            .prompt(Prompt::new("p", |args: &Arguments, _| {
                Ok(format!("hi {}", args.get("who").unwrap_or("you")))
            }))
    }

    fn first_round() -> wit::CallContext {
        wit::CallContext {
            responses: vec![],
            state: None,
            client: wit::ClientCapabilities {
                elicitation: false,
                sampling: false,
                roots: true,
            },
        }
    }

    #[test]
    fn the_catalog_carries_schemas_as_json_text() {
        let catalog = describe(toolbox);
        let answer = &catalog.tools[0];
        let input: serde_json::Value = serde_json::from_str(&answer.input_schema).unwrap();
        assert_eq!(input["type"], "object");
        let output: serde_json::Value =
            serde_json::from_str(answer.output_schema.as_deref().unwrap()).unwrap();
        assert_eq!(output["properties"]["value"]["type"], "integer");
        let hints = answer.annotations.as_ref().unwrap();
        assert_eq!(hints.destructive_hint, Some(false));
        assert_eq!(hints.title, None);
        assert!(catalog.tools[1].annotations.is_none());
        assert_eq!(catalog.resources[0].uri, "mem://a");
        assert_eq!(catalog.resource_templates[0].uri_template, "mem://t/{x}");
        assert_eq!(catalog.prompts[0].name, "p");
        assert!(catalog.completions);
    }

    #[test]
    #[should_panic(expected = "invalid toolbox")]
    fn an_invalid_toolbox_panics_at_describe() {
        describe(|| Toolbox::new().tool(Tool::new("bad name", |_: NoArgs| Ok(""))));
    }

    #[test]
    fn outcomes_and_errors_map_to_the_wit_types() {
        let call = |name: &str| call_tool(toolbox, name.into(), "{}".into(), first_round());
        let Ok(wit::ToolOutcome::Done(output)) = call("answer") else {
            panic!("expected a result");
        };
        assert_eq!(output.structured.as_deref(), Some(r#"{"value":42}"#));
        assert!(
            matches!(&output.content[..], [wit::Content::Text(t)] if t.text == r#"{"value":42}"#)
        );
        let Ok(wit::ToolOutcome::Done(output)) = call("picture") else {
            panic!("expected a result");
        };
        assert!(matches!(&output.content[1], wit::Content::Image(m) if m.mime_type == "image/png"));
        assert!(
            matches!(call("ask"), Ok(wit::ToolOutcome::InputRequired(r)) if r.requests[0].key == "where")
        );

        let Err(wit::ToolError::Upstream(e)) = call("down") else {
            panic!("expected an upstream error");
        };
        assert_eq!(
            (e.status, e.retry_after_secs, e.message.as_str()),
            (Some(503), Some(30), "down")
        );
        assert!(matches!(call("x"), Err(wit::ToolError::Other(m)) if m == "unknown tool x"));
    }

    #[test]
    fn reads_prompts_and_completions_map_to_the_wit_types() {
        let read = |uri: &str| read_resource(toolbox, uri.into(), first_round());
        let Ok(wit::ReadOutcome::Done(contents)) = read("mem://a") else {
            panic!("expected contents");
        };
        assert!(matches!(&contents[0].body, wit::ResourceBody::Text(t) if t == "A"));
        assert!(matches!(
            read("mem://t/1"),
            Err(wit::ResourceError::NotFound)
        ));
        assert!(matches!(read("mem://b"), Err(wit::ResourceError::NotFound)));

        let who = vec![("who".to_string(), "Ada".to_string())];
        let Ok(wit::PromptOutcome::Done(result)) =
            get_prompt(toolbox, "p".into(), who, first_round())
        else {
            panic!("expected a prompt");
        };
        assert!(matches!(&result.messages[0].content, wit::Content::Text(t) if t.text == "hi Ada"));
        assert!(matches!(result.messages[0].role, wit::Role::User));
        assert!(get_prompt(toolbox, "q".into(), vec![], first_round()).is_err());

        let request = wit::CompletionRequest {
            reference: wit::CompletionReference::ResourceTemplate("mem://t/{x}".into()),
            argument: "x".into(),
            value: "v".into(),
            context: vec![],
        };
        let completion = complete(toolbox, request).unwrap();
        assert_eq!(completion.values, ["v1", "v2"]);
        assert_eq!(completion.total, Some(2));
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
