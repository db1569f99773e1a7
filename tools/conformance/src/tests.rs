//! The fixture's answers, checked natively (the imports are stubs there, so
//! the progress and logging tools are left to the suite).

use serde_json::{Value, json};

use super::Conformance;
use crate::exports::toolhost::tool::server::Guest;
use crate::toolhost::tool::types::{
    CallContext, ClientCapabilities, CompletionReference, CompletionRequest, Content,
    InputResponse, PromptOutcome, ReadOutcome, ResourceBody, ResourceError, ToolOutcome,
};

const ALL: ClientCapabilities = ClientCapabilities {
    elicitation: true,
    sampling: true,
    roots: true,
};

fn round(answers: &[(&str, Value)], state: Option<Vec<u8>>) -> CallContext {
    CallContext {
        responses: answers
            .iter()
            .map(|(key, answer)| InputResponse {
                key: (*key).into(),
                answer: answer.to_string(),
            })
            .collect(),
        state,
        client: ALL,
    }
}

fn call(name: &str, arguments: Value, context: CallContext) -> ToolOutcome {
    Conformance::call_tool(name.into(), arguments.to_string(), context).unwrap()
}

/// The text blocks of a finished call.
fn texts(outcome: ToolOutcome) -> Vec<String> {
    let ToolOutcome::Done(output) = outcome else {
        panic!("expected a result, got {outcome:?}");
    };
    let text = |content: Content| match content {
        Content::Text(text) => Some(text.text),
        _ => None,
    };
    output.content.into_iter().filter_map(text).collect()
}

/// The keys asked and the state kept by a call that needs input.
fn asked(outcome: ToolOutcome) -> (Vec<String>, Option<Vec<u8>>) {
    let ToolOutcome::InputRequired(asked) = outcome else {
        panic!("expected input required, got {outcome:?}");
    };
    let keys = asked.requests.into_iter().map(|r| r.key).collect();
    (keys, asked.state)
}

fn accept(content: Value) -> Value {
    json!({"action": "accept", "content": content})
}

fn reply(text: &str) -> Value {
    json!({"role": "assistant", "content": {"type": "text", "text": text},
        "model": "test-model", "stopReason": "endTurn"})
}

#[test]
fn the_catalog_lists_valid_unique_tools() {
    let catalog = Conformance::describe();
    let mut names: Vec<&str> = catalog.tools.iter().map(|t| t.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), catalog.tools.len());
    for tool in &catalog.tools {
        let schema: Value = serde_json::from_str(&tool.input_schema).unwrap();
        assert_eq!(schema["type"], "object", "{}", tool.name);
    }
    let prompts = catalog.prompts.iter();
    assert!(prompts.clone().all(|p| p.description.is_some()));
    assert_eq!(prompts.count(), 5);
    assert_eq!(catalog.resources.len(), 3);
    assert!(catalog.completions);
}

#[test]
fn one_round_tools_answer_as_the_suite_expects() {
    let simple = call("test_simple_text", json!({}), round(&[], None));
    assert_eq!(
        texts(simple),
        ["This is a simple text response for testing."]
    );
    let contact = json!({"name": "Ann", "email": "a@b"});
    let contact = call("json_schema_2020_12_tool", contact, round(&[], None));
    assert_eq!(texts(contact), ["Would contact Ann at a@b"]);
    let failed =
        Conformance::call_tool("test_error_handling".into(), "{}".into(), round(&[], None));
    assert!(format!("{failed:?}").contains("intentionally"));
    let ToolOutcome::Done(mixed) = call("test_multiple_content_types", json!({}), round(&[], None))
    else {
        panic!("no result");
    };
    assert!(matches!(
        mixed.content.as_slice(),
        [Content::Text(_), Content::Image(_), Content::Resource(_)]
    ));
}

#[test]
fn the_elicitation_round_asks_until_it_has_a_name() {
    let tool = "test_input_required_result_elicitation";
    assert_eq!(
        asked(call(tool, json!({}), round(&[], None))).0,
        ["user_name"]
    );
    let wrong_key = round(&[("wrong_key", accept(json!({"data": "wrong"})))], None);
    assert_eq!(asked(call(tool, json!({}), wrong_key)).0, ["user_name"]);
    let not_a_form = round(&[("user_name", json!(12345))], None);
    assert_eq!(asked(call(tool, json!({}), not_a_form)).0, ["user_name"]);
    let extra = round(
        &[
            ("user_name", accept(json!({"name": "Alice"}))),
            ("unknown_extra_key", accept(json!({"foo": "bar"}))),
        ],
        None,
    );
    assert_eq!(texts(call(tool, json!({}), extra)), ["Hello, Alice!"]);
}

#[test]
fn request_state_is_ok_only_with_the_tools_own_state() {
    let tool = "test_input_required_result_request_state";
    let (keys, state) = asked(call(tool, json!({}), round(&[], None)));
    assert_eq!(keys, ["confirm"]);
    let ok = [("confirm", accept(json!({"ok": true})))];
    let finished = texts(call(tool, json!({}), round(&ok, state)));
    assert!(finished[0].contains("state-ok"), "{finished:?}");
    assert!(asked(call(tool, json!({}), round(&ok, None))).1.is_some());
}

#[test]
fn multi_round_evolves_its_state() {
    let tool = "test_input_required_result_multi_round";
    let (keys, first) = asked(call(tool, json!({}), round(&[], None)));
    assert_eq!(keys, ["step1"]);
    let name = [("step1", accept(json!({"name": "Alice"})))];
    let (keys, second) = asked(call(tool, json!({}), round(&name, first.clone())));
    assert_eq!(keys, ["step2"]);
    assert_ne!(first, second);
    let color = [("step2", accept(json!({"color": "blue"})))];
    let finished = texts(call(tool, json!({}), round(&color, second)));
    assert_eq!(finished, ["Multi-round complete: Alice likes blue."]);
}

#[test]
fn multiple_inputs_finish_with_all_three_answers() {
    let tool = "test_input_required_result_multiple_inputs";
    let (keys, state) = asked(call(tool, json!({}), round(&[], None)));
    assert_eq!(keys, ["user_name", "greeting", "client_roots"]);
    let roots = json!({"roots": [{"uri": "file:///test/root", "name": "Test Root"}]});
    let answers = [
        ("user_name", accept(json!({"name": "Alice"}))),
        ("greeting", reply("Hello there!")),
        ("client_roots", roots),
    ];
    let finished = texts(call(tool, json!({}), round(&answers, state)));
    assert_eq!(finished, ["Name: Alice; Greeting: Hello there!; Roots: 1"]);
}

#[test]
fn capabilities_asks_only_what_the_client_declared() {
    let mut context = round(&[], None);
    context.client = ClientCapabilities {
        elicitation: false,
        sampling: true,
        roots: false,
    };
    let outcome = call(
        "test_input_required_result_capabilities",
        json!({}),
        context,
    );
    assert_eq!(asked(outcome).0, ["greeting"]);
}

#[test]
fn resources_read_as_the_suite_expects() {
    let read = |uri: &str| Conformance::read_resource(uri.into(), round(&[], None));
    let Ok(ReadOutcome::Done(contents)) = read("test://template/123/data") else {
        panic!("the template did not answer");
    };
    assert!(matches!(
        &contents[0].body,
        ResourceBody::Text(text)
            if text == r#"{"id":"123","templateTest":true,"data":"Data for ID: 123"}"#
    ));
    assert!(matches!(
        read("test://static-binary"),
        Ok(ReadOutcome::Done(_))
    ));
    let unknown = read("test://nonexistent-resource-for-conformance-testing");
    assert!(matches!(unknown, Err(ResourceError::NotFound)));
}

#[test]
fn prompts_fill_in_and_ask() {
    let get = |name: &str, arguments: &[(&str, &str)], context| {
        let arguments = arguments
            .iter()
            .map(|(name, value)| ((*name).into(), (*value).into()))
            .collect();
        Conformance::get_prompt(name.into(), arguments, context).unwrap()
    };
    let filled = get(
        "test_prompt_with_arguments",
        &[("arg1", "hello"), ("arg2", "world")],
        round(&[], None),
    );
    let PromptOutcome::Done(filled) = filled else {
        panic!("no prompt");
    };
    assert!(matches!(&filled.messages[0].content,
        Content::Text(t) if t.text == "Prompt with arguments: arg1='hello', arg2='world'"));
    let prompt = "test_input_required_result_prompt";
    assert!(matches!(
        get(prompt, &[], round(&[], None)),
        PromptOutcome::InputRequired(_)
    ));
    let context = round(
        &[("user_context", accept(json!({"context": "tests"})))],
        None,
    );
    assert!(matches!(get(prompt, &[], context), PromptOutcome::Done(_)));
}

#[test]
fn completions_filter_by_prefix() {
    let completion = Conformance::complete(CompletionRequest {
        reference: CompletionReference::Prompt("test_prompt_with_arguments".into()),
        argument: "arg1".into(),
        value: "par".into(),
        context: vec![],
    })
    .unwrap();
    assert_eq!(completion.values, ["paris", "park", "party"]);
    assert_eq!(completion.total, Some(3));
}
