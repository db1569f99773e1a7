//! Contract 0.2 `client` over stdio: a call's progress and log entries reach
//! the client before its reply, only when it asked for them (a
//! `progressToken`; `logging/setLevel` in the legacy era, the request's
//! `_meta` level at 2026-07-28), and never after the reply.

use super::*;

const MODERN_LOG_LEVEL: &str = "io.modelcontextprotocol/logLevel";

/// Sends `request` and returns what arrived up to and including its reply.
fn exchange(server: &mut Server, request: Value) -> Vec<Value> {
    let id = request["id"].clone();
    server.send(&request);
    let mut messages = Vec::new();
    loop {
        let message = server.recv();
        let done = message["id"] == id;
        messages.push(message);
        if done {
            return messages;
        }
    }
}

fn hello(id: i64, meta: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
        "params": {"name": "hello", "arguments": {}, "_meta": meta}})
}

fn methods(messages: &[Value]) -> Vec<&str> {
    messages
        .iter()
        .map(|m| m["method"].as_str().unwrap_or("(reply)"))
        .collect()
}

fn rich() -> Server {
    started_with(Options {
        components: &["rich"],
        ..Default::default()
    })
}

#[test]
fn legacy_progress_needs_a_token_and_log_entries_a_set_level() {
    let mut server = rich();
    let init = server.initialize("2025-11-25");
    assert_eq!(
        init["result"]["capabilities"]["logging"],
        json!({}),
        "{init}"
    );

    let with_token = exchange(&mut server, hello(1, json!({"progressToken": "p1"})));
    assert_eq!(methods(&with_token), ["notifications/progress", "(reply)"]);
    assert_eq!(
        with_token[0]["params"],
        json!({"progressToken": "p1", "progress": 1.0, "total": 2.0, "message": "halfway"})
    );
    assert_eq!(text(&with_token[1]), "hello");

    let set = server.request("logging/setLevel", json!({"level": "info"}));
    assert_eq!(set["result"], json!({}), "{set}");
    let logged = exchange(&mut server, hello(2, json!({})));
    assert_eq!(methods(&logged), ["notifications/message", "(reply)"]);
    assert_eq!(
        logged[0]["params"],
        json!({"level": "info", "logger": "rich", "data": "said hello"})
    );

    server.request("logging/setLevel", json!({"level": "warning"}));
    let quiet = exchange(&mut server, hello(3, json!({})));
    assert_eq!(methods(&quiet), ["(reply)"], "info is below warning");

    let bad = server.request("logging/setLevel", json!({"level": "loud"}));
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    // Nothing arrives after a reply: the next message is the next reply.
    let ping = server.request("ping", json!({}));
    assert_eq!(ping["result"], json!({}));
    assert!(server.try_recv().is_err());
}

#[test]
fn at_2026_07_28_each_request_carries_its_own_level() {
    let mut server = rich();
    let meta = |extra: Value| {
        let mut meta = with_modern_meta(json!({}))["_meta"].clone();
        for (k, v) in extra.as_object().unwrap() {
            meta[k] = v.clone();
        }
        meta
    };
    let both = exchange(
        &mut server,
        hello(
            1,
            meta(json!({"progressToken": 5, MODERN_LOG_LEVEL: "debug"})),
        ),
    );
    assert_eq!(
        methods(&both),
        ["notifications/progress", "notifications/message", "(reply)"]
    );
    assert_eq!(both[0]["params"]["progressToken"], 5);
    assert_eq!(both[2]["result"]["resultType"], "complete");

    let none = exchange(&mut server, hello(2, meta(json!({}))));
    assert_eq!(methods(&none), ["(reply)"], "no level, no log entries");

    let gone = server.request(
        "logging/setLevel",
        with_modern_meta(json!({"level": "info"})),
    );
    assert_eq!(gone["error"]["code"], -32601, "{gone}");
}
