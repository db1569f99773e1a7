//! The initialize era over HTTP: sessions, cancellation, and calls whose
//! connection closed.

use crate::support;

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::json;
use support::Options;
use support::http::HttpServer;

use super::*;

#[test]
fn legacy_sessions_initialize_list_call_and_end() {
    let server = HttpServer::start(&[]);
    let session = server.initialize("2025-06-18");
    assert_eq!(session.len(), 32, "128 random bits in hex: {session}");
    assert!(session.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_ne!(
        session,
        server.initialize("2025-11-25"),
        "ids are never reused"
    );

    let list = server.in_session(&session, 1, "tools/list", json!({}));
    assert_eq!(list.status, 200, "{}", list.text());
    assert!(
        list.json()["result"].get("resultType").is_none(),
        "legacy shape"
    );
    let call = server.in_session(
        &session,
        2,
        "tools/call",
        json!({"name": "echo", "arguments": {"message": "hi"}}),
    );
    assert_eq!(call.json()["result"]["content"][0]["text"], "hi");
    let failed = server.in_session(
        &session,
        3,
        "tools/call",
        json!({"name": "fail", "arguments": {}}),
    );
    assert_eq!(failed.json()["result"]["isError"], true);
    // 2025-06-18 predates SEP-1303: invalid arguments are -32602 there.
    let invalid = server.in_session(
        &session,
        4,
        "tools/call",
        json!({"name": "add", "arguments": {"a": "x"}}),
    );
    assert_eq!(
        invalid.json()["error"]["code"],
        -32602,
        "{}",
        invalid.text()
    );
    assert_eq!(
        server.in_session(&session, 5, "ping", json!({})).json()["result"],
        json!({})
    );

    // A legacy client must accept an event stream too.
    let json_only = server.post(
        &json!({"jsonrpc": "2.0", "id": 6, "method": "tools/list"}),
        &[
            ("Mcp-Session-Id", Some(&session)),
            ("Accept", Some("application/json")),
        ],
    );
    assert_refused(&json_only, 406);
    // A bad protocol version header: 400.
    let bad_version = server.post(
        &json!({"jsonrpc": "2.0", "id": 7, "method": "tools/list"}),
        &[
            ("Mcp-Session-Id", Some(&session)),
            ("MCP-Protocol-Version", Some("1999-01-01")),
        ],
    );
    assert_refused(&bad_version, 400);

    // DELETE ends the session; it is then unknown (404), as is any made-up id.
    let end = server.send("DELETE", "/mcp", &[("Mcp-Session-Id", Some(&session))], b"");
    assert_eq!(end.status, 204, "{}", end.text());
    assert_refused(
        &server.in_session(&session, 8, "tools/list", json!({})),
        404,
    );
    assert_refused(
        &server.send("DELETE", "/mcp", &[("Mcp-Session-Id", Some(&session))], b""),
        404,
    );
    assert_refused(
        &server.in_session(
            "0123456789abcdef0123456789abcdef",
            9,
            "tools/list",
            json!({}),
        ),
        404,
    );
    // Without its session id a legacy request is a 400 (no _meta).
    assert_refused(
        &server.post(
            &json!({"jsonrpc": "2.0", "id": 10, "method": "tools/list"}),
            &[],
        ),
        400,
    );
    server.assert_healthy();
}

#[test]
fn cancelled_legacy_call_is_dropped_and_answered_with_no_message() {
    let server = HttpServer::start_with(
        Options {
            config: "[tools.sleep]\ndeadline_ms = 60000",
            ..Default::default()
        },
        &[],
    );
    let session = server.initialize("2025-11-25");
    let slow = server.encode(
        "POST",
        "/mcp",
        &[("Mcp-Session-Id", Some(&session))],
        json!({"jsonrpc": "2.0", "id": "slow", "method": "tools/call",
            "params": {"name": "sleep", "arguments": {"ms": 50000}}})
        .to_string()
        .as_bytes(),
    );
    let started = Instant::now();
    let waiter = server.send_while_in_flight(slow);
    let cancel = server.post(
        &json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
            "params": {"requestId": "slow", "reason": "test"}}),
        &[("Mcp-Session-Id", Some(&session))],
    );
    assert_eq!(cancel.status, 202);
    let reply = waiter.join().unwrap();
    assert_eq!(
        (reply.status, reply.body.len()),
        (202, 0),
        "{}",
        reply.text()
    );
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "the call was stopped, not finished"
    );
    server.wait_for_metric(IN_FLIGHT, 0.0);
    server.assert_healthy();
}

#[test]
fn a_legacy_call_whose_connection_closed_still_counts_and_can_be_stopped() {
    let server = HttpServer::start_with(
        Options {
            config: "[tools.sleep]\ndeadline_ms = 300000",
            ..Default::default()
        },
        &["--http-max-requests", "2"],
    );
    let session = server.initialize("2025-11-25");
    let started = Instant::now();
    for stop in ["notifications/cancelled", "DELETE"] {
        let call = server.encode(
            "POST",
            "/mcp",
            &[("Mcp-Session-Id", Some(&session))],
            json!({"jsonrpc": "2.0", "id": stop, "method": "tools/call",
                "params": {"name": "sleep", "arguments": {"ms": 200_000}}})
            .to_string()
            .as_bytes(),
        );
        let mut stream = TcpStream::connect(server.addr).unwrap();
        stream.write_all(&call).unwrap();
        server.wait_for_metric(IN_FLIGHT, 1.0);
        drop(stream);
        // Once the server has seen the close, the only connection open is
        // the one asking for metrics.
        server.wait_for_metric(CONNECTIONS, 1.0);
        assert_eq!(
            server.metric(REQUESTS),
            Some(1.0),
            "{stop}: the call still counts against --http-max-requests"
        );
        assert_eq!(server.metric(IN_FLIGHT), Some(1.0), "{stop}: still running");
        let stopped = if stop == "DELETE" {
            server.send("DELETE", "/mcp", &[("Mcp-Session-Id", Some(&session))], b"")
        } else {
            server.post(
                &json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
                    "params": {"requestId": stop, "reason": "test"}}),
                &[("Mcp-Session-Id", Some(&session))],
            )
        };
        assert!(
            matches!(stopped.status, 202 | 204),
            "{stop}: {}",
            stopped.text()
        );
        server.wait_for_metric(IN_FLIGHT, 0.0);
        assert_eq!(server.metric(REQUESTS), Some(0.0), "{stop}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(150),
        "the calls were stopped, not finished"
    );
    server.assert_healthy();
}

#[test]
fn over_the_request_cap_a_client_can_still_cancel_and_end_its_session() {
    let server = HttpServer::start_with(
        Options {
            config: "[tools.sleep]\ndeadline_ms = 300000",
            ..Default::default()
        },
        &["--http-max-requests", "1"],
    );
    let session = server.initialize("2025-11-25");
    let in_session = [("Mcp-Session-Id", Some(session.as_str()))];
    let slow = |id: &str| {
        server.encode(
            "POST",
            "/mcp",
            &in_session,
            json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                "params": {"name": "sleep", "arguments": {"ms": 200_000}}})
            .to_string()
            .as_bytes(),
        )
    };
    let started = Instant::now();

    // The one slot is held by a long call: new work is refused...
    let waiter = server.send_while_in_flight(slow("first"));
    let refused = server.in_session(&session, 9, "tools/list", json!({}));
    assert_eq!(refused.status, 503, "{}", refused.text());
    // ...but the cancellation that frees the slot gets through.
    let cancel = server.post(
        &json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
            "params": {"requestId": "first", "reason": "test"}}),
        &in_session,
    );
    assert_eq!(cancel.status, 202, "{}", cancel.text());
    let first = waiter.join().unwrap();
    assert_eq!(
        (first.status, first.body.len()),
        (202, 0),
        "{}",
        first.text()
    );
    server.wait_for_metric(IN_FLIGHT, 0.0);

    // And so does DELETE, which stops the session's call with it.
    let waiter = server.send_while_in_flight(slow("second"));
    let ended = server.send("DELETE", "/mcp", &in_session, b"");
    assert_eq!(ended.status, 204, "{}", ended.text());
    waiter.join().unwrap();
    server.wait_for_metric(IN_FLIGHT, 0.0);
    assert!(
        started.elapsed() < Duration::from_secs(150),
        "the calls were stopped, not finished"
    );
    server.assert_healthy();
}
