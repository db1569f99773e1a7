//! Input required at 2026-07-28 (multi round-trip requests), over stdio: a
//! 0.2 component asks the user to confirm; the host answers
//! `input_required` with the question and sealed state; the retry with the
//! answer and the state runs a fresh instance that sees both. State that was
//! changed, or is brought to another request, is refused.

use super::*;

const ELICITATION: &str = "elicitation";

fn call(server: &mut Server, tool: &str, args: Value, capabilities: Value, extra: Value) -> Value {
    let mut params = with_modern_meta(json!({"name": tool, "arguments": args}));
    params["_meta"]["io.modelcontextprotocol/clientCapabilities"] = capabilities;
    for (k, v) in extra.as_object().unwrap() {
        params[k] = v.clone();
    }
    server.request("tools/call", params)
}

fn rich() -> Server {
    started_with(Options {
        components: &["rich"],
        ..Default::default()
    })
}

#[test]
fn a_tool_asks_the_user_and_the_retry_sees_the_answer_and_its_state() {
    let mut server = rich();
    let caps = json!({ELICITATION: {}});
    let args = json!({"path": "/tmp/report.txt"});
    let asked = call(
        &mut server,
        "confirm",
        args.clone(),
        caps.clone(),
        json!({}),
    );
    let result = &asked["result"];
    assert_eq!(result["resultType"], "input_required", "{asked}");
    let request = &result["inputRequests"]["confirm"];
    assert_eq!(request["method"], "elicitation/create");
    assert_eq!(request["params"]["message"], "Delete /tmp/report.txt?");
    let state = result["requestState"].as_str().expect("sealed state");
    assert!(
        !state.contains("asked about"),
        "the state is sealed: {state}"
    );
    assert!(result["_meta"]["io.modelcontextprotocol/serverInfo"].is_object());

    let answer = json!({"confirm": {"action": "accept", "content": {"ok": true}}});
    let done = call(
        &mut server,
        "confirm",
        args.clone(),
        caps.clone(),
        json!({"inputResponses": answer, "requestState": state}),
    );
    assert_eq!(done["result"]["resultType"], "complete", "{done}");
    assert_eq!(
        text(&done),
        "deleted /tmp/report.txt (asked about /tmp/report.txt)"
    );

    // Extra answers are ignored; a declined one is seen as such.
    let declined = call(
        &mut server,
        "confirm",
        args.clone(),
        caps.clone(),
        json!({"inputResponses": {"confirm": {"action": "decline"}, "stray": {"x": 1}},
               "requestState": state}),
    );
    assert_eq!(
        text(&declined),
        "kept /tmp/report.txt (asked about /tmp/report.txt)"
    );
}

#[test]
fn altered_or_misplaced_state_is_refused_with_32602() {
    let mut server = rich();
    let caps = json!({ELICITATION: {}});
    let args = json!({"path": "/a"});
    let asked = call(
        &mut server,
        "confirm",
        args.clone(),
        caps.clone(),
        json!({}),
    );
    let state = asked["result"]["requestState"].as_str().unwrap().to_owned();
    let mut altered = state.clone().into_bytes();
    let last = altered.len() - 2;
    altered[last] = if altered[last] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(altered).unwrap();
    let answer = json!({"confirm": {"action": "accept", "content": {"ok": true}}});
    for (what, args, state) in [
        ("altered", args.clone(), altered.as_str()),
        (
            "another request",
            json!({"path": "/etc/passwd"}),
            state.as_str(),
        ),
        ("not ours", args.clone(), "hello"),
    ] {
        let refused = call(
            &mut server,
            "confirm",
            args,
            caps.clone(),
            json!({"inputResponses": answer, "requestState": state}),
        );
        assert_eq!(refused["error"]["code"], -32602, "{what}: {refused}");
        assert!(
            refused["error"]["message"]
                .as_str()
                .unwrap()
                .contains("requestState"),
            "{what}: {refused}"
        );
    }
    let still = call(&mut server, "hello", json!({}), json!({}), json!({}));
    assert_eq!(text(&still), "hello", "{still}");
}

#[test]
fn a_question_the_client_cannot_answer_is_the_tools_failure() {
    let mut server = rich();
    let no_sampling = call(
        &mut server,
        "ask_model",
        json!({}),
        json!({ELICITATION: {}}),
        json!({}),
    );
    // 2026-07-28: -32021, naming the capability as a ClientCapabilities.
    assert_eq!(no_sampling["error"]["code"], -32021, "{no_sampling}");
    assert_eq!(
        no_sampling["error"]["data"]["requiredCapabilities"],
        json!({"sampling": {}})
    );
    let with_sampling = call(
        &mut server,
        "ask_model",
        json!({}),
        json!({"sampling": {}}),
        json!({}),
    );
    assert_eq!(
        with_sampling["result"]["inputRequests"]["answer"]["method"],
        "sampling/createMessage"
    );
    assert!(
        with_sampling["result"].get("requestState").is_none(),
        "no state given, none sent"
    );

    // The initialize era: a client that declared nothing is not asked.
    server.initialize("2025-11-25");
    let legacy = server.call("confirm", json!({"path": "/a"}));
    assert!(
        tool_error(&legacy).contains("elicitation, which the client did not declare"),
        "{legacy}"
    );
}

#[test]
fn in_the_initialize_era_the_host_asks_the_client_and_runs_the_tool_again() {
    let mut server = rich();
    let init = server.request(
        "initialize",
        json!({"protocolVersion": "2025-11-25", "capabilities": {ELICITATION: {}},
            "clientInfo": {"name": "t", "version": "0"}}),
    );
    assert_eq!(init["result"]["protocolVersion"], "2025-11-25");
    server.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));

    for (action, said) in [
        ("accept", "deleted /b (asked about /b)"),
        ("decline", "kept /b (asked about /b)"),
    ] {
        server.send(&json!({"jsonrpc": "2.0", "id": "c", "method": "tools/call",
            "params": {"name": "confirm", "arguments": {"path": "/b"}}}));
        let asked = server.recv();
        assert_eq!(asked["method"], "elicitation/create", "{asked}");
        assert_eq!(asked["params"]["message"], "Delete /b?");
        let mut answer = json!({"action": action});
        if action == "accept" {
            answer["content"] = json!({"ok": true});
        }
        server.send(&json!({"jsonrpc": "2.0", "id": asked["id"], "result": answer}));
        let reply = server.recv_id(&json!("c"));
        assert_eq!(text(&reply), said, "{reply}");
    }

    // A refused question is left unanswered; the tool asks again, and the
    // host asks once per round.
    server.send(&json!({"jsonrpc": "2.0", "id": "r", "method": "tools/call",
        "params": {"name": "confirm", "arguments": {"path": "/c"}}}));
    let asked = server.recv();
    server.send(&json!({"jsonrpc": "2.0", "id": asked["id"],
        "error": {"code": -32601, "message": "no"}}));
    let again = server.recv();
    assert_eq!(again["method"], "elicitation/create", "{again}");
    assert_ne!(again["id"], asked["id"]);
    server.send(&json!({"jsonrpc": "2.0", "id": again["id"],
        "result": {"action": "accept", "content": {"ok": true}}}));
    assert_eq!(
        text(&server.recv_id(&json!("r"))),
        "deleted /c (asked about /c)"
    );
}
