//! Asking the client for input, and the tools that ask one question
//! (sampling or elicitation) and show the answer: those of the suite's
//! `initialize`-era sampling and elicitation scenarios, and the two probes
//! of its server-stateless scenario.
//!
//! A component does not ask the client itself: it ends the round with
//! `input-required`, and the host runs the request again, in a fresh
//! instance, with the answers. The host asks the client itself in the
//! `initialize` era and returns `input_required` at 2026-07-28, so the same
//! code serves both. A question the client left unanswered is asked again,
//! as the contract says; the host bounds the rounds.

use serde_json::{Value, json};

use crate::toolhost::tool::types::{
    CallContext, InputRequest, InputRequired, KeyedRequest, ToolError, ToolOutcome,
};
use crate::{Fixture, NO_ARGS, done_text};

pub(crate) const FIXTURES: &[Fixture] = &[
    Fixture {
        name: "test_sampling",
        description: "Asks the client's model the `prompt` (sampling) and returns its reply.",
        input_schema: r#"{"type":"object","properties":{"prompt":{"type":"string","description":"The prompt to send to the LLM"}},"required":["prompt"]}"#,
        run: sampling_tool,
    },
    Fixture {
        name: "test_elicitation",
        description: "Asks the user for a username and an email (elicitation), showing `message`.",
        input_schema: r#"{"type":"object","properties":{"message":{"type":"string","description":"The message to show the user"}},"required":["message"]}"#,
        run: elicitation_tool,
    },
    Fixture {
        name: "test_elicitation_sep1034_defaults",
        description: "Asks the user for a form whose fields all have defaults (SEP-1034).",
        input_schema: NO_ARGS,
        run: sep1034_defaults,
    },
    Fixture {
        name: "test_elicitation_sep1330_enums",
        description: "Asks the user for a form with every kind of enum field (SEP-1330).",
        input_schema: NO_ARGS,
        run: sep1330_enums,
    },
    Fixture {
        name: "test_streaming_elicitation",
        description: "Asks the user to confirm (elicitation) before it answers.",
        input_schema: NO_ARGS,
        run: streaming_elicitation,
    },
    Fixture {
        name: "test_missing_capability",
        description: "Always asks the client's model (sampling), whatever the client declared.",
        input_schema: NO_ARGS,
        run: missing_capability,
    },
];

/// The client's answer under `key` (its JSON-RPC result), parsed; `None`
/// when it gave none.
fn answer(context: &CallContext, key: &str) -> Option<Value> {
    let response = context.responses.iter().find(|r| r.key == key)?;
    serde_json::from_str(&response.answer).ok()
}

/// The string `field` of the form the user accepted under `key`; `None`
/// when there is no such answer, it is not an accepted form, or the field
/// is missing.
pub(crate) fn accepted(context: &CallContext, key: &str, field: &str) -> Option<String> {
    let answer = answer(context, key)?;
    if answer["action"] != "accept" {
        return None;
    }
    answer["content"][field].as_str().map(str::to_owned)
}

/// The text of the message the client's model produced under `key`.
pub(crate) fn sampled(context: &CallContext, key: &str) -> Option<String> {
    answer(context, key)?["content"]["text"]
        .as_str()
        .map(str::to_owned)
}

/// The URIs of the roots the client listed under `key`.
pub(crate) fn roots(context: &CallContext, key: &str) -> Option<Vec<String>> {
    let answer = answer(context, key)?;
    let roots = answer["roots"].as_array()?;
    Some(
        roots
            .iter()
            .filter_map(|root| root["uri"].as_str().map(str::to_owned))
            .collect(),
    )
}

/// The boolean `ok` of the confirmation the user accepted under `key`.
pub(crate) fn confirmed(context: &CallContext, key: &str) -> Option<bool> {
    let answer = answer(context, key)?;
    if answer["action"] != "accept" {
        return None;
    }
    answer["content"]["ok"].as_bool()
}

/// Whether the client answered under `key` at all.
pub(crate) fn answered(context: &CallContext, key: &str) -> bool {
    context.responses.iter().any(|r| r.key == key)
}

/// A form-mode elicitation (`elicitation/create` params).
fn elicitation(message: &str, requested_schema: Value) -> InputRequest {
    let params = json!({"message": message, "requestedSchema": requested_schema});
    InputRequest::Elicitation(params.to_string())
}

/// A form of one required string field.
pub(crate) fn string_form(message: &str, field: &str) -> InputRequest {
    elicitation(
        message,
        json!({
            "type": "object",
            "properties": {field: {"type": "string"}},
            "required": [field],
        }),
    )
}

/// A form of one required boolean, `ok`.
pub(crate) fn confirmation(message: &str) -> InputRequest {
    elicitation(
        message,
        json!({
            "type": "object",
            "properties": {"ok": {"type": "boolean"}},
            "required": ["ok"],
        }),
    )
}

/// A `sampling/createMessage` of one user message.
pub(crate) fn sampling(prompt: &str, max_tokens: u32) -> InputRequest {
    let params = json!({
        "messages": [{"role": "user", "content": {"type": "text", "text": prompt}}],
        "maxTokens": max_tokens,
    });
    InputRequest::Sampling(params.to_string())
}

/// The end of a round that needs the client's answers to `questions`,
/// with `state` to find again in the next one.
pub(crate) fn ask(questions: Vec<(&str, InputRequest)>, state: Option<Vec<u8>>) -> InputRequired {
    InputRequired {
        requests: questions
            .into_iter()
            .map(|(key, request)| KeyedRequest {
                key: key.into(),
                request,
            })
            .collect(),
        state,
    }
}

pub(crate) fn asking(
    questions: Vec<(&str, InputRequest)>,
    state: Option<Vec<u8>>,
) -> Result<ToolOutcome, ToolError> {
    Ok(ToolOutcome::InputRequired(ask(questions, state)))
}

/// Asks `request` under `key`, then answers with `show` of the answer.
fn one_question(
    context: &CallContext,
    key: &str,
    request: InputRequest,
    show: fn(&Value) -> String,
) -> Result<ToolOutcome, ToolError> {
    match answer(context, key) {
        Some(answer) => done_text(show(&answer)),
        None => asking(vec![(key, request)], None),
    }
}

/// An elicitation answer as the suite's reference server shows it.
fn action_and_content(answer: &Value) -> String {
    let action = answer["action"].as_str().unwrap_or("unknown");
    let content = answer.get("content").cloned().unwrap_or_else(|| json!({}));
    format!("action={action}, content={content}")
}

fn model_reply(answer: &Value) -> String {
    let reply = answer["content"]["text"].as_str().unwrap_or("(no text)");
    format!("LLM response: {reply}")
}

fn sampling_tool(arguments: &Value, context: &CallContext) -> Result<ToolOutcome, ToolError> {
    let prompt = arguments["prompt"].as_str().unwrap_or_default();
    one_question(context, "reply", sampling(prompt, 100), model_reply)
}

fn elicitation_tool(arguments: &Value, context: &CallContext) -> Result<ToolOutcome, ToolError> {
    let message = arguments["message"].as_str().unwrap_or_default();
    let form = json!({
        "type": "object",
        "properties": {
            "username": {"type": "string", "description": "User's response"},
            "email": {"type": "string", "description": "User's email address"},
        },
        "required": ["username", "email"],
    });
    one_question(context, "user", elicitation(message, form), |answer| {
        format!("User response: {}", action_and_content(answer))
    })
}

fn completed(answer: &Value) -> String {
    format!("Elicitation completed: {}", action_and_content(answer))
}

fn sep1034_defaults(_: &Value, context: &CallContext) -> Result<ToolOutcome, ToolError> {
    let form = json!({
        "type": "object",
        "properties": {
            "name": {"type": "string", "description": "User name", "default": "John Doe"},
            "age": {"type": "integer", "description": "User age", "default": 30},
            "score": {"type": "number", "description": "User score", "default": 95.5},
            "status": {
                "type": "string",
                "description": "User status",
                "enum": ["active", "inactive", "pending"],
                "default": "active",
            },
            "verified": {"type": "boolean", "description": "Verification status", "default": true},
        },
    });
    let request = elicitation(
        "Please review and update the form fields with defaults",
        form,
    );
    one_question(context, "form", request, completed)
}

fn sep1330_enums(_: &Value, context: &CallContext) -> Result<ToolOutcome, ToolError> {
    let titled = |titles: [&str; 3]| {
        let values = ["value1", "value2", "value3"];
        let pairs = values.iter().zip(titles);
        Value::Array(
            pairs
                .map(|(value, title)| json!({"const": value, "title": title}))
                .collect(),
        )
    };
    let options = json!(["option1", "option2", "option3"]);
    let form = json!({
        "type": "object",
        "properties": {
            "untitledSingle": {
                "type": "string",
                "description": "Select one option",
                "enum": options,
            },
            "titledSingle": {
                "type": "string",
                "description": "Select one option with titles",
                "oneOf": titled(["First Option", "Second Option", "Third Option"]),
            },
            "legacyEnum": {
                "type": "string",
                "description": "Select one option (legacy)",
                "enum": ["opt1", "opt2", "opt3"],
                "enumNames": ["Option One", "Option Two", "Option Three"],
            },
            "untitledMulti": {
                "type": "array",
                "description": "Select multiple options",
                "items": {"type": "string", "enum": options},
            },
            "titledMulti": {
                "type": "array",
                "description": "Select multiple options with titles",
                "items": {"anyOf": titled(["First Choice", "Second Choice", "Third Choice"])},
            },
        },
    });
    let request = elicitation("Please select options from the enum fields", form);
    one_question(context, "form", request, completed)
}

/// At 2026-07-28 the question goes back as the call's `input_required`
/// result, never as a request of its own on the response stream.
fn streaming_elicitation(_: &Value, context: &CallContext) -> Result<ToolOutcome, ToolError> {
    one_question(context, "confirm", confirmation("Continue?"), |answer| {
        format!("User response: {}", action_and_content(answer))
    })
}

/// Does not look at `context.client`: asking for a capability the client
/// did not declare is what the host must refuse (-32021 at 2026-07-28).
fn missing_capability(_: &Value, context: &CallContext) -> Result<ToolOutcome, ToolError> {
    one_question(context, "reply", sampling("Say hello.", 20), model_reply)
}
