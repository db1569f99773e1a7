//! The tools of the suite's `input-required-result-*` scenarios (SEP-2322):
//! questions of every kind, several at once, over several rounds, with
//! state. Each finishes once it has the answers it needs and asks again
//! otherwise: a missing answer, one under a wrong key, or one it cannot use
//! (not a form, no usable field) brings the question back, never an error.
//! Answers it did not ask for are ignored.
//!
//! State is checked only for being this tool's own: the host seals it, so
//! a client can neither read nor change it, and rejects any that does not
//! verify before the component runs.

use serde_json::{Value, json};

use crate::asking::{
    accepted, answered, asking, confirmation, confirmed, roots, sampled, sampling, string_form,
};
use crate::toolhost::tool::types::{CallContext, InputRequest, ToolError, ToolOutcome};
use crate::{Fixture, NO_ARGS, done_text};

pub(crate) const FIXTURES: &[Fixture] = &[
    Fixture {
        name: "test_input_required_result_elicitation",
        description: "Asks the user's name (elicitation), then greets them.",
        input_schema: NO_ARGS,
        run: elicitation,
    },
    Fixture {
        name: "test_input_required_result_sampling",
        description: "Asks the client's model the capital of France (sampling).",
        input_schema: NO_ARGS,
        run: sampling_round,
    },
    Fixture {
        name: "test_input_required_result_list_roots",
        description: "Asks the client for its roots, then lists them.",
        input_schema: NO_ARGS,
        run: list_roots,
    },
    Fixture {
        name: "test_input_required_result_request_state",
        description: "Asks for a confirmation with state; says state-ok when the state is its own.",
        input_schema: NO_ARGS,
        run: confirm_with_state,
    },
    Fixture {
        name: "test_input_required_result_multiple_inputs",
        description: "Asks for a name, a greeting and the roots at once, with state.",
        input_schema: NO_ARGS,
        run: multiple_inputs,
    },
    Fixture {
        name: "test_input_required_result_multi_round",
        description: "Asks for a name, then a colour, carrying the name in its state.",
        input_schema: NO_ARGS,
        run: multi_round,
    },
    Fixture {
        name: "test_input_required_result_tampered_state",
        description: "Asks for a confirmation with state, which the host must protect.",
        input_schema: NO_ARGS,
        run: confirm_with_state,
    },
    Fixture {
        name: "test_input_required_result_capabilities",
        description: "Asks only what the client declared it can answer.",
        input_schema: NO_ARGS,
        run: capabilities,
    },
];

/// The state of the tools that keep nothing but the fact that they asked:
/// finding it again says the answers are to this tool's own questions. (The
/// host binds state to the tool and its arguments, so one tool's state never
/// reaches another.)
const ASKED: &[u8] = b"asked";

fn has_own_state(context: &CallContext) -> bool {
    context.state.as_deref() == Some(ASKED)
}

fn name_question() -> InputRequest {
    string_form("What is your name?", "name")
}

/// Keys `user_name`; the suite's missing-input-response, ignore-extra-params,
/// validate-input and result-type scenarios call it too.
fn elicitation(_: &Value, context: &CallContext) -> Result<ToolOutcome, ToolError> {
    match accepted(context, "user_name", "name") {
        Some(name) => done_text(format!("Hello, {name}!")),
        None => asking(vec![("user_name", name_question())], None),
    }
}

fn sampling_round(_: &Value, context: &CallContext) -> Result<ToolOutcome, ToolError> {
    match sampled(context, "capital_question") {
        Some(reply) => done_text(format!("The model says: {reply}")),
        None => asking(
            vec![(
                "capital_question",
                sampling("What is the capital of France?", 100),
            )],
            None,
        ),
    }
}

fn list_roots(_: &Value, context: &CallContext) -> Result<ToolOutcome, ToolError> {
    match roots(context, "client_roots") {
        Some(roots) if roots.is_empty() => done_text("The client has no roots."),
        Some(roots) => done_text(format!("The client's roots: {}", roots.join(", "))),
        None => asking(vec![("client_roots", InputRequest::Roots)], None),
    }
}

/// Serves the request-state scenario (round 2 must say "state-ok") and the
/// tampered-state one (the host must refuse the tampered state before this
/// runs). Without its own state it starts over: the answer alone is not
/// enough.
fn confirm_with_state(_: &Value, context: &CallContext) -> Result<ToolOutcome, ToolError> {
    match confirmed(context, "confirm") {
        Some(ok) if has_own_state(context) => done_text(format!(
            "state-ok: the request state is this tool's; ok={ok}"
        )),
        _ => asking(
            vec![("confirm", confirmation("Please confirm"))],
            Some(ASKED.to_vec()),
        ),
    }
}

/// Needs all three answers and its state; otherwise asks all three again,
/// since answers last one round only.
fn multiple_inputs(_: &Value, context: &CallContext) -> Result<ToolOutcome, ToolError> {
    if has_own_state(context)
        && let Some(name) = accepted(context, "user_name", "name")
        && let Some(greeting) = sampled(context, "greeting")
        && let Some(roots) = roots(context, "client_roots")
    {
        let count = roots.len();
        return done_text(format!(
            "Name: {name}; Greeting: {greeting}; Roots: {count}"
        ));
    }
    asking(
        vec![
            ("user_name", name_question()),
            ("greeting", sampling("Generate a greeting", 50)),
            ("client_roots", InputRequest::Roots),
        ],
        Some(ASKED.to_vec()),
    )
}

/// Round 1 asks `step1` (a name), round 2 asks `step2` (a colour) with the
/// name in its state, round 3 answers. Each round's state differs, as the
/// scenario checks.
fn multi_round(_: &Value, context: &CallContext) -> Result<ToolOutcome, ToolError> {
    let state: Value = context
        .state
        .as_deref()
        .and_then(|state| serde_json::from_slice(state).ok())
        .unwrap_or_default();
    if state["step"] == 2
        && let Some(name) = state["name"].as_str()
    {
        return match accepted(context, "step2", "color") {
            Some(color) => done_text(format!("Multi-round complete: {name} likes {color}.")),
            None => ask_step2(name),
        };
    }
    if state["step"] == 1
        && let Some(name) = accepted(context, "step1", "name")
    {
        return ask_step2(&name);
    }
    asking(
        vec![("step1", string_form("Step 1: What is your name?", "name"))],
        Some(json!({"step": 1}).to_string().into_bytes()),
    )
}

fn ask_step2(name: &str) -> Result<ToolOutcome, ToolError> {
    asking(
        vec![(
            "step2",
            string_form("Step 2: What is your favorite color?", "color"),
        )],
        Some(json!({"step": 2, "name": name}).to_string().into_bytes()),
    )
}

/// Reads `context.client` and asks only what the client declared; having
/// any answer back, it says which it got.
fn capabilities(_: &Value, context: &CallContext) -> Result<ToolOutcome, ToolError> {
    let keys = ["user_name", "greeting", "client_roots"];
    let got: Vec<&str> = keys
        .into_iter()
        .filter(|key| answered(context, key))
        .collect();
    if !got.is_empty() {
        return done_text(format!("Answered: {}", got.join(", ")));
    }
    let client = &context.client;
    let mut questions = Vec::new();
    if client.elicitation {
        questions.push(("user_name", name_question()));
    }
    if client.sampling {
        questions.push(("greeting", sampling("Generate a greeting", 50)));
    }
    if client.roots {
        questions.push(("client_roots", InputRequest::Roots));
    }
    if questions.is_empty() {
        return done_text("The client declared nothing this tool could ask.");
    }
    asking(questions, None)
}
