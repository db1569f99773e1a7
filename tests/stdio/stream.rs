//! A call is a stream: what a running call sends the client before its reply
//! (notifications, server-to-client requests) and the client's answers routed
//! back to it, over the real binary's stdout and stdin.
//!
//! No shipped tool sends anything yet (the 0.2 tool contract will), so these
//! tests drive the outbound path with a debug-build failpoint: with
//! `TOOLHOST_FAILPOINT_STREAM_TOOL=add`, a call to `add` first logs "before
//! the call", then sends a `ping` request, then logs the client's answer, and
//! only then runs.

use crate::support;

use serde_json::{Value, json};
use support::{Options, Server};

use super::*;

fn streaming() -> Server {
    started_with(Options {
        env: &[("TOOLHOST_FAILPOINT_STREAM_TOOL", "add")],
        ..Default::default()
    })
}

fn call_add(server: &mut Server, id: &str) {
    server.send(&json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
        "params": {"name": "add", "arguments": {"a": 1, "b": 2}}}));
}

/// The failpoint's log notification carrying `data`.
fn log_line(data: Value) -> Value {
    json!({"jsonrpc": "2.0", "method": "notifications/message",
        "params": {"level": "debug", "logger": "toolhost.failpoint", "data": data}})
}

/// Reads the call's opening notification and its request; returns the
/// request's id.
fn until_the_request(server: &mut Server) -> Value {
    assert_eq!(server.recv(), log_line(json!("before the call")));
    let request = server.recv();
    assert_eq!(request["jsonrpc"], "2.0");
    assert_eq!(request["method"], "ping", "{request}");
    assert!(request["id"].is_u64(), "{request}");
    request["id"].clone()
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the failpoint exists in debug builds only"
)]
fn a_call_sends_messages_before_its_reply_and_gets_its_answer() {
    let mut server = streaming();
    call_add(&mut server, "streamed");
    let asked = until_the_request(&mut server);

    // While the call waits, the server reads and serves everything else, and
    // ignores an answer to a request it never sent.
    server.send(&json!({"jsonrpc": "2.0", "id": 424242, "result": {"stray": true}}));
    assert_healthy(&mut server);

    server.send(&json!({"jsonrpc": "2.0", "id": asked, "result": {"pong": "routed"}}));
    assert_eq!(
        server.recv(),
        log_line(json!({"answer": {"result": {"pong": "routed"}}})),
        "the answer reached the call that asked"
    );
    let reply = server.recv();
    assert_eq!(reply["id"], "streamed", "the reply comes last: {reply}");
    assert_eq!(reply["result"]["isError"], false, "{reply}");
    assert_eq!(reply["result"]["structuredContent"]["sum"], 3.0, "{reply}");

    // The next call asks under a fresh id, and an error answer reaches it too.
    call_add(&mut server, "refused");
    let again = until_the_request(&mut server);
    assert_ne!(again, asked, "request ids are not reused");
    server.send(&json!({"jsonrpc": "2.0", "id": again,
        "error": {"code": -32601, "message": "Method not found"}}));
    let answer = server.recv();
    let why = answer["params"]["data"]["answer"]["error"]
        .as_str()
        .unwrap();
    assert!(
        why.contains("Method not found") && why.contains("-32601"),
        "{answer}"
    );
    assert_eq!(server.recv()["id"], "refused");
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the failpoint exists in debug builds only"
)]
fn a_call_cancelled_while_it_waits_withdraws_its_request_and_never_replies() {
    let mut server = streaming();
    call_add(&mut server, "doomed");
    let asked = until_the_request(&mut server);
    server.send(
        &json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
        "params": {"requestId": "doomed"}}),
    );
    // Dropping the call withdraws its request: the client is told to stop.
    let withdrawn = server.recv();
    assert_eq!(
        withdrawn["method"], "notifications/cancelled",
        "{withdrawn}"
    );
    assert_eq!(withdrawn["params"]["requestId"], asked);
    // A late answer goes nowhere, and the call (already dropped) never
    // replies: nothing but the health check's reply arrives.
    server.send(&json!({"jsonrpc": "2.0", "id": asked, "result": {}}));
    assert_healthy(&mut server);
    assert!(
        server.try_recv().is_err(),
        "nothing else was written: the cancelled call sent no reply"
    );
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the failpoint exists in debug builds only"
)]
fn when_stdin_ends_a_waiting_call_stops_waiting_and_still_replies() {
    let mut server = streaming();
    call_add(&mut server, "last");
    until_the_request(&mut server);
    let status = server.close();
    assert!(status.success(), "{status}");
    let answer = server.recv();
    assert_eq!(
        answer["params"]["data"]["answer"]["error"], "the client has gone away",
        "{answer}"
    );
    let reply = server.recv();
    assert_eq!(reply["id"], "last", "{reply}");
    assert_eq!(reply["result"]["structuredContent"]["sum"], 3.0, "{reply}");
}
