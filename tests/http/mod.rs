//! End-to-end over Streamable HTTP: the real `toolhost` binary on a real
//! 127.0.0.1 socket, the real components from `tools/`, and a client that
//! writes HTTP/1.1 by hand. Both eras, cancellation, shutdown and the
//! operator endpoints here; who may connect and every cap in `limits`; the
//! soak and the adversarial catalog in `hardening`. Each attack is followed by
//! a good call on the same server.

use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::json;
use support::http::HttpServer;
use support::{Options, TIMEOUT};

mod hardening;
mod legacy;
mod limits;
mod quarantine;
mod settings;
mod streams;

const IN_FLIGHT: &str = "toolhost_tool_calls_in_flight";
const REQUESTS: &str = "toolhost_http_requests_in_flight";
const CONNECTIONS: &str = "toolhost_http_connections_open";

/// Asserts a refusal's status, and that its body is a JSON-RPC error.
pub(super) fn assert_refused(reply: &support::http::Reply, status: u16) {
    assert_eq!(reply.status, status, "{}", reply.text());
    let body = reply.json();
    assert!(body["error"]["code"].is_i64(), "{body}");
}

#[test]
fn modern_requests_are_stateless_over_http() {
    let server = HttpServer::start(&[]);
    let discover = server.modern("server/discover", json!({}), &[]);
    assert_eq!(discover.status, 200, "{}", discover.text());
    assert_eq!(discover.header("Content-Type"), Some("application/json"));
    assert!(
        discover.header("Mcp-Session-Id").is_none(),
        "never mints a session"
    );
    assert_eq!(discover.json()["result"]["resultType"], "complete");

    let list = server.modern("tools/list", json!({}), &[]).json();
    assert_eq!(list["result"]["cacheScope"], "public");
    assert!(list["result"]["tools"].as_array().unwrap().len() > 4);

    // A session id on a 2026-07-28 request is ignored, even an unknown one.
    let with_session = server.modern(
        "tools/list",
        json!({}),
        &[("Mcp-Session-Id", Some("ffffffffffffffffffffffffffffffff"))],
    );
    assert_eq!(with_session.status, 200, "{}", with_session.text());
    // Bodies far larger than one read buffer arrive whole.
    let big = "x".repeat(300 * 1024);
    let echoed = server.call_modern("echo", json!({"message": big}));
    assert_eq!(
        echoed["result"]["content"][0]["text"]
            .as_str()
            .map(str::len),
        Some(big.len())
    );

    let add = server.call_modern("add", json!({"a": 2, "b": 3.5}));
    assert_eq!(add["result"]["structuredContent"]["sum"], 5.5, "{add}");
    let failed = server.call_modern("fail", json!({}));
    assert_eq!(failed["result"]["isError"], true, "{failed}");
    let unknown_tool = server.call_modern("nope", json!({}));
    assert_eq!(unknown_tool["error"]["code"], -32602, "{unknown_tool}");

    // Header rules of 2026-07-28: each a 400 with -32020.
    let call = |extra: &[(&str, Option<&str>)]| {
        server.modern(
            "tools/call",
            json!({"name": "echo", "arguments": {"message": "x"}}),
            extra,
        )
    };
    for extra in [
        [("Mcp-Method", None)],
        [("Mcp-Method", Some("tools/list"))],
        [("Mcp-Name", None)],
        [("Mcp-Name", Some("add"))],
        [("MCP-Protocol-Version", None)],
        [("MCP-Protocol-Version", Some("2025-11-25"))],
    ] {
        let reply = call(&extra);
        assert_refused(&reply, 400);
        assert_eq!(reply.json()["error"]["code"], -32020, "{extra:?}");
        assert_eq!(reply.json()["id"], 1, "the error carries the request id");
    }
    // Header values may be base64-encoded.
    let encoded = call(&[("Mcp-Name", Some("=?base64?ZWNobw==?="))]);
    assert_eq!(encoded.status, 200, "{}", encoded.text());

    // An unknown method is 404 with -32601.
    let unknown = server.modern("nope/nope", json!({}), &[]);
    assert_refused(&unknown, 404);
    assert_eq!(unknown.json()["error"]["code"], -32601);
    // So are the methods 2026-07-28 removed, `initialize` included, when sent
    // with modern `_meta`.
    for removed in ["initialize", "ping", "logging/setLevel"] {
        let reply = server.modern(removed, json!({}), &[]);
        assert_refused(&reply, 404);
        assert_eq!(reply.json()["error"]["code"], -32601, "{removed}");
    }
    // Missing _meta: 400 with -32602; unsupported version: 400 with -32022.
    let no_meta = server.post(
        &json!({"jsonrpc": "2.0", "id": 3, "method": "tools/list"}),
        &[("Mcp-Method", Some("tools/list"))],
    );
    assert_refused(&no_meta, 400);
    assert_eq!(no_meta.json()["error"]["code"], -32602);
    let mut future = json!({"jsonrpc": "2.0", "id": 4, "method": "tools/list",
        "params": support::with_modern_meta(json!({}))});
    future["params"]["_meta"]["io.modelcontextprotocol/protocolVersion"] = json!("2099-01-01");
    let unsupported = server.post(
        &future,
        &[
            ("Mcp-Method", Some("tools/list")),
            ("MCP-Protocol-Version", Some("2099-01-01")),
        ],
    );
    assert_refused(&unsupported, 400);
    assert_eq!(unsupported.json()["error"]["code"], -32022);
    // Unparsable body: 400 with -32700.
    let garbage = server.send("POST", "/mcp", &[], b"{not json");
    assert_refused(&garbage, 400);
    assert_eq!(garbage.json()["error"]["code"], -32700);

    // A notification is accepted with 202 and no body.
    let note = server.post(
        &json!({"jsonrpc": "2.0", "method": "notifications/whatever"}),
        &[],
    );
    assert_eq!((note.status, note.body.len()), (202, 0));
    // No GET stream, no sessions to delete.
    assert_eq!(server.get("/mcp", &[]).status, 405);
    assert_eq!(server.send("DELETE", "/mcp", &[], b"").status, 405);
    server.assert_healthy();
}

#[test]
fn closing_the_connection_drops_a_modern_call() {
    let server = HttpServer::start_with(
        Options {
            config: "[tools.sleep]\ndeadline_ms = 60000",
            ..Default::default()
        },
        &[],
    );
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .write_all(&server.modern_request(
            7,
            "tools/call",
            json!({"name": "sleep", "arguments": {"ms": 50000}}),
            &[],
        ))
        .unwrap();
    server.wait_for_metric(IN_FLIGHT, 1.0);
    drop(stream);
    server
        .process
        .wait_for_log(&["connection closed before the reply; call dropped"]);
    server.wait_for_metric(IN_FLIGHT, 0.0);
    server.assert_healthy();
}

#[test]
fn attacks_get_their_status_and_the_server_keeps_serving() {
    let server = HttpServer::start(&["--http-max-body-kib", "1"]);
    let list = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list",
        "params": support::with_modern_meta(json!({}))});
    let modern = [
        ("Mcp-Method", Some("tools/list")),
        ("MCP-Protocol-Version", Some(support::MODERN)),
    ];
    let with = |extra: &[(&str, Option<&str>)]| {
        let mut headers = modern.to_vec();
        headers.extend_from_slice(extra);
        server.post(&list, &headers)
    };
    // No Origin (not a browser) is fine; a loopback one too.
    assert_eq!(with(&[("Origin", None)]).status, 200);
    assert_eq!(
        with(&[("Origin", Some("http://localhost:5173"))]).status,
        200
    );

    let oversized = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list",
        "params": {"padding": "x".repeat(2048)}});
    let cases: Vec<(&str, u16, support::http::Reply)> = vec![
        (
            "evil Origin",
            403,
            with(&[("Origin", Some("https://evil.example"))]),
        ),
        ("null Origin", 403, with(&[("Origin", Some("null"))])),
        (
            "rebinding Host",
            403,
            with(&[("Host", Some("evil.example"))]),
        ),
        (
            "rebinding Host with port",
            403,
            with(&[("Host", Some("evil.example:80"))]),
        ),
        ("wrong Accept", 406, with(&[("Accept", Some("text/html"))])),
        (
            "wrong Content-Type",
            415,
            with(&[("Content-Type", Some("text/plain"))]),
        ),
        ("no Content-Type", 415, with(&[("Content-Type", None)])),
        ("oversized body", 413, server.post(&oversized, &modern)),
        (
            "unknown session id",
            404,
            server.post(
                &json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"}),
                &[("Mcp-Session-Id", Some("ffffffffffffffffffffffffffffffff"))],
            ),
        ),
        ("unknown path", 404, server.get("/admin", &[])),
        (
            "metrics from a rebinding Host",
            403,
            server.get("/metrics", &[("Host", Some("evil.example"))]),
        ),
    ];
    for (name, status, reply) in cases {
        assert_eq!(reply.status, status, "{name}: {}", reply.text());
        assert!(
            reply.json()["error"]["code"].is_i64(),
            "{name}: {}",
            reply.text()
        );
        server.assert_healthy();
    }
    // An oversized body without Content-Length (chunked) is cut off too.
    let mut chunked =
        b"POST /mcp HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
        Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n800\r\n"
            .to_vec();
    chunked.extend_from_slice(&[b' '; 0x800]);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    assert_refused(&server.raw(&chunked), 413);
    server.assert_healthy();
}

#[test]
fn sigterm_lets_the_call_in_flight_finish_then_exits_zero() {
    let mut server = HttpServer::start_with(
        Options {
            config: "[tools.sleep]\ndeadline_ms = 60000",
            ..Default::default()
        },
        &[],
    );
    let slow = server.modern_request(
        1,
        "tools/call",
        json!({"name": "sleep", "arguments": {"ms": 1500}}),
        &[],
    );
    let waiter = server.send_while_in_flight(slow);
    let killed = Command::new("kill")
        .args(["-TERM", &server.process.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    server.process.wait_for_log(&["shutting down"]);
    let reply = waiter.join().unwrap();
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["result"]["isError"], false, "{}", reply.text());
    let status = server.process.close();
    assert!(status.success(), "exit status {status:?}");
    server
        .process
        .wait_for_log(&["all connections closed; exiting"]);
}

#[test]
fn health_readiness_and_metrics() {
    let server = HttpServer::start(&[]);
    assert_eq!(server.get("/healthz", &[]).status, 200);
    assert_eq!(server.get("/readyz", &[]).status, 200);
    server.call_modern("echo", json!({"message": "m"}));
    server.call_modern("fail", json!({}));
    let metrics = server.get("/metrics", &[]);
    assert_eq!(metrics.status, 200);
    assert!(
        metrics
            .header("Content-Type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let ok = "toolhost_tool_calls_total{tool=\"echo\",outcome=\"ok\",reason=\"\"}";
    assert_eq!(server.metric(ok), Some(1.0), "{}", metrics.text());
    let failed =
        "toolhost_tool_calls_total{tool=\"fail\",outcome=\"is_error\",reason=\"tool_error\"}";
    assert_eq!(server.metric(failed), Some(1.0), "{}", metrics.text());
    assert_eq!(
        server.metric("toolhost_tool_call_duration_seconds_count{tool=\"echo\"}"),
        Some(1.0)
    );
    assert_eq!(server.metric(IN_FLIGHT), Some(0.0));
    // Fuel burned, and calls refused before they ran, are counted too.
    let fuel = server
        .metric("toolhost_tool_fuel_consumed_total{tool=\"echo\"}")
        .unwrap();
    assert!(fuel > 0.0, "{}", metrics.text());
    server.call_modern("add", json!({"a": "not a number", "b": 1}));
    let refused =
        "toolhost_tool_calls_total{tool=\"add\",outcome=\"is_error\",reason=\"invalid_arguments\"}";
    assert_eq!(server.metric(refused), Some(1.0));

    let empty = HttpServer::start_with(
        Options {
            components: &[],
            ..Default::default()
        },
        &[],
    );
    assert_eq!(empty.get("/healthz", &[]).status, 200);
    assert_eq!(empty.get("/readyz", &[]).status, 503);
}

#[test]
fn shutdown_does_not_wait_past_the_grace_period() {
    let mut server = HttpServer::start_with(
        Options {
            config: "[tools.sleep]\ndeadline_ms = 60000",
            ..Default::default()
        },
        &["--shutdown-grace-ms", "300"],
    );
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream
        .write_all(&server.modern_request(
            1,
            "tools/call",
            json!({"name": "sleep", "arguments": {"ms": 50000}}),
            &[],
        ))
        .unwrap();
    server.wait_for_metric(IN_FLIGHT, 1.0);
    let started = Instant::now();
    let killed = Command::new("kill")
        .args(["-TERM", &server.process.pid().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = server.process.close();
    assert!(status.success(), "exit status {status:?}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "exited after {:?}",
        started.elapsed()
    );
    server.process.wait_for_log(&["grace period over"]);
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    assert!(
        rest.is_empty(),
        "no reply for a dropped call: {:?}",
        String::from_utf8_lossy(&rest)
    );
}
