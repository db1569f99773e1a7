//! The streams the server talks on, over real HTTP: a legacy session's GET
//! stream and 2026-07-28 `subscriptions/listen`, each told when a reload
//! changes the tools and ended by the client, its session's end or shutdown;
//! and a call's POST answered as a stream when the call talks before its reply.

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use super::*;
use support::sse::EventStream;

const LIST_CHANGED: &str = "notifications/tools/list_changed";
const SUBSCRIPTION_ID: &str = "io.modelcontextprotocol/subscriptionId";

fn deploy(path: &Path, component: &str) {
    let staged = path.with_extension("staged");
    std::fs::copy(
        support::components().join(format!("{component}.wasm")),
        &staged,
    )
    .unwrap();
    std::fs::rename(&staged, path).unwrap();
}

fn get_stream(server: &HttpServer, session: &str) -> EventStream {
    EventStream::open(
        server,
        &server.encode(
            "GET",
            "/mcp",
            &[
                ("Mcp-Session-Id", Some(session)),
                ("Accept", Some("text/event-stream")),
                ("Content-Type", None),
            ],
            b"",
        ),
    )
}

fn started() -> HttpServer {
    HttpServer::start_with(
        Options {
            components: &["echo"],
            ..Default::default()
        },
        &[],
    )
}

#[test]
fn a_legacy_session_hears_of_list_changes_on_its_get_stream_until_it_ends() {
    let server = started();
    let session = server.initialize("2025-11-25");
    let listed = server.in_session(&session, 1, "tools/list", json!({}));
    assert_eq!(listed.status, 200);

    let mut stream = get_stream(&server, &session);
    assert_eq!(stream.status, 200);
    assert_eq!(stream.header("Content-Type"), Some("text/event-stream"));
    let second = get_stream(&server, &session);
    assert_eq!(second.status, 409, "one GET stream per session");

    deploy(&server.process.tools_dir().join("textkit.wasm"), "textkit");
    let changed = stream.next().expect("a notification");
    assert_eq!(changed, json!({"jsonrpc": "2.0", "method": LIST_CHANGED}));
    let names = server
        .in_session(&session, 2, "tools/list", json!({}))
        .json();
    assert_eq!(support::tool_names(&names).len(), 3, "{names}");

    let ended = server.send("DELETE", "/mcp", &[("Mcp-Session-Id", Some(&session))], b"");
    assert_eq!(ended.status, 204);
    assert_eq!(
        stream.until_end(),
        Vec::<serde_json::Value>::new(),
        "ends with its session"
    );
    assert_eq!(get_stream(&server, &session).status, 404);
    server.assert_healthy();
}

#[test]
fn subscriptions_listen_streams_the_changes_it_asked_for() {
    let server = started();
    let discover = server.modern("server/discover", json!({}), &[]).json();
    assert_eq!(
        discover["result"]["capabilities"]["tools"]["listChanged"], true,
        "a watched folder can change: {discover}"
    );
    let request = server.modern_request(
        9,
        "subscriptions/listen",
        json!({"notifications": {"toolsListChanged": true, "promptsListChanged": true}}),
        &[],
    );
    let mut stream = EventStream::open(&server, &request);
    assert_eq!(stream.status, 200);
    assert_eq!(stream.header("Content-Type"), Some("text/event-stream"));
    let ack = stream.next().expect("the acknowledgment");
    assert_eq!(ack["method"], "notifications/subscriptions/acknowledged");
    assert_eq!(ack["params"]["_meta"][SUBSCRIPTION_ID], 9);
    assert_eq!(
        ack["params"]["notifications"],
        json!({"toolsListChanged": true, "promptsListChanged": true})
    );

    deploy(&server.process.tools_dir().join("textkit.wasm"), "textkit");
    let changed = stream.next().expect("a notification");
    assert_eq!(changed["method"], LIST_CHANGED);
    assert_eq!(changed["params"]["_meta"][SUBSCRIPTION_ID], 9);
    drop(stream);

    let json_only = server.raw(&server.modern_request(
        10,
        "subscriptions/listen",
        json!({"notifications": {"toolsListChanged": true}}),
        &[("Accept", Some("application/json"))],
    ));
    assert_eq!(json_only.status, 406, "{}", json_only.text());
    server.assert_healthy();
}

#[test]
fn shutdown_ends_every_stream_at_once() {
    let mut server = HttpServer::start_with(
        Options {
            components: &["echo"],
            args: &["--shutdown-grace-ms", "60000"],
            ..Default::default()
        },
        &[],
    );
    let session = server.initialize("2025-11-25");
    let mut legacy = get_stream(&server, &session);
    let mut modern = EventStream::open(
        &server,
        &server.modern_request(
            1,
            "subscriptions/listen",
            json!({"notifications": {"toolsListChanged": true}}),
            &[],
        ),
    );
    modern.next().expect("the acknowledgment");
    let killed = Command::new("kill")
        .args(["-TERM", &server.process.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    assert!(legacy.until_end().is_empty());
    assert!(modern.until_end().is_empty());
    // Not after the 60 s grace: nothing was left to wait for.
    server
        .process
        .wait_for_log(&["all connections closed; exiting"]);
    assert!(server.process.close().success());
}

/// A 2026-07-28 `tools/call` of `tool` whose `_meta` also carries `extra`.
fn modern_call(server: &HttpServer, id: i64, tool: &str, extra: Value, accept: &str) -> Vec<u8> {
    let mut params = support::with_modern_meta(json!({"name": tool, "arguments": {}}));
    for (key, value) in extra.as_object().unwrap() {
        params["_meta"][key] = value.clone();
    }
    let body = json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params});
    server.encode(
        "POST",
        "/mcp",
        &[
            ("Mcp-Method", Some("tools/call")),
            ("MCP-Protocol-Version", Some(support::MODERN)),
            ("Mcp-Name", Some(tool)),
            ("Accept", Some(accept)),
        ],
        body.to_string().as_bytes(),
    )
}

#[test]
fn a_call_that_talks_before_its_reply_is_answered_as_a_stream_ending_with_the_reply() {
    let server = HttpServer::start_with(
        Options {
            components: &["rich", "echo"],
            ..Default::default()
        },
        &[],
    );
    let both = "application/json, text/event-stream";
    let wishes = json!({"progressToken": "p", "io.modelcontextprotocol/logLevel": "info"});
    let mut stream = EventStream::open(
        &server,
        &modern_call(&server, 7, "hello", wishes.clone(), both),
    );
    assert_eq!(stream.status, 200);
    assert_eq!(stream.header("Content-Type"), Some("text/event-stream"));
    let progress = stream.next().unwrap();
    assert_eq!(progress["method"], "notifications/progress");
    assert_eq!(progress["params"]["progressToken"], "p");
    let log = stream.next().unwrap();
    assert_eq!(
        log["params"],
        json!({"level": "info", "logger": "rich", "data": "said hello"})
    );
    let reply = stream.next().unwrap();
    assert_eq!(reply["id"], 7);
    assert_eq!(reply["result"]["content"][0]["text"], "hello");
    assert!(stream.until_end().is_empty(), "nothing after the reply");

    // Asking for nothing, or not taking streams: plain JSON.
    let quiet = server.raw(&modern_call(&server, 8, "hello", json!({}), both));
    assert_eq!(quiet.header("Content-Type"), Some("application/json"));
    assert_eq!(quiet.json()["result"]["content"][0]["text"], "hello");
    let json_only = server.raw(&modern_call(
        &server,
        9,
        "hello",
        wishes,
        "application/json",
    ));
    assert_eq!(json_only.header("Content-Type"), Some("application/json"));
    assert_eq!(json_only.json()["id"], 9);

    // The legacy era: the session's level, the request's token.
    let session = server.initialize("2025-11-25");
    let set = server.in_session(&session, 1, "logging/setLevel", json!({"level": "info"}));
    assert_eq!(set.json()["result"], json!({}));
    let body = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
        "params": {"name": "hello", "arguments": {}, "_meta": {"progressToken": 3}}});
    let request = server.encode(
        "POST",
        "/mcp",
        &[("Mcp-Session-Id", Some(&session))],
        body.to_string().as_bytes(),
    );
    let mut legacy = EventStream::open(&server, &request);
    let methods: Vec<serde_json::Value> = legacy
        .until_end()
        .into_iter()
        .map(|m| m.get("method").cloned().unwrap_or(json!("(reply)")))
        .collect();
    assert_eq!(
        methods,
        [
            json!("notifications/progress"),
            json!("notifications/message"),
            json!("(reply)")
        ]
    );
    server.assert_healthy();
}

#[test]
fn a_legacy_call_asks_the_client_on_its_stream_and_hears_the_answer_posted_in_the_session() {
    // The failpoint makes `add` ask the client a `ping` before it runs.
    let server = HttpServer::start_with(
        Options {
            components: &["echo", "misbehave"],
            env: &[("TOOLHOST_FAILPOINT_STREAM_TOOL", "add")],
            ..Default::default()
        },
        &[],
    );
    let session = server.initialize("2025-11-25");
    let body = json!({"jsonrpc": "2.0", "id": 5, "method": "tools/call",
        "params": {"name": "add", "arguments": {"a": 1, "b": 2}}});
    let request = server.encode(
        "POST",
        "/mcp",
        &[("Mcp-Session-Id", Some(&session))],
        body.to_string().as_bytes(),
    );
    let mut stream = EventStream::open(&server, &request);
    assert_eq!(stream.header("Content-Type"), Some("text/event-stream"));
    assert_eq!(stream.next().unwrap()["params"]["data"], "before the call");
    let ping = stream.next().unwrap();
    assert_eq!(ping["method"], "ping", "{ping}");

    // Answered in another POST of the session; a stray answer first.
    let stray = json!({"jsonrpc": "2.0", "id": 999_999, "result": {}});
    let headers = [("Mcp-Session-Id", Some(session.as_str()))];
    assert_eq!(server.post(&stray, &headers).status, 202);
    let answer = json!({"jsonrpc": "2.0", "id": ping["id"], "result": {}});
    assert_eq!(server.post(&answer, &headers).status, 202);

    let heard = stream.next().unwrap();
    assert_eq!(
        heard["params"]["data"],
        json!({"answer": {"result": {}}}),
        "{heard}"
    );
    let reply = stream.next().unwrap();
    assert_eq!(reply["id"], 5);
    assert_eq!(reply["result"]["structuredContent"]["sum"], 3.0, "{reply}");
    assert!(stream.until_end().is_empty());
}

#[test]
fn a_legacy_http_client_is_asked_on_the_calls_stream_and_its_answer_finishes_the_call() {
    let server = HttpServer::start_with(
        Options {
            components: &["rich"],
            ..Default::default()
        },
        &[],
    );
    let init = server.post(
        &json!({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
            "protocolVersion": "2025-11-25", "capabilities": {"elicitation": {}},
            "clientInfo": {"name": "t", "version": "0"}}}),
        &[],
    );
    let session = init.header("Mcp-Session-Id").unwrap().to_owned();
    let headers = [("Mcp-Session-Id", Some(session.as_str()))];
    server.post(
        &json!({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        &headers,
    );

    let body = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": {"name": "confirm", "arguments": {"path": "/x"}}});
    let request = server.encode("POST", "/mcp", &headers, body.to_string().as_bytes());
    let mut stream = EventStream::open(&server, &request);
    let asked = stream.next().unwrap();
    assert_eq!(asked["method"], "elicitation/create", "{asked}");
    let answer = json!({"jsonrpc": "2.0", "id": asked["id"],
        "result": {"action": "accept", "content": {"ok": true}}});
    assert_eq!(server.post(&answer, &headers).status, 202);
    let reply = stream.next().unwrap();
    assert_eq!(reply["id"], 1);
    assert_eq!(
        reply["result"]["content"][0]["text"], "deleted /x (asked about /x)",
        "{reply}"
    );
    assert!(stream.until_end().is_empty());
}
