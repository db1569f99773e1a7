//! End-to-end over Streamable HTTP: the real `toolhost` binary on a real
//! 127.0.0.1 socket, the real components from `tools/`, and a client that
//! writes HTTP/1.1 by hand. Each attack is followed by a good call on the same
//! server.

use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::json;
use support::http::{HttpServer, read_reply};
use support::{Options, TIMEOUT, catalog, soak};

const IN_FLIGHT: &str = "toolhost_tool_calls_in_flight";
const REQUESTS: &str = "toolhost_http_requests_in_flight";
const CONNECTIONS: &str = "toolhost_http_connections_open";

/// Asserts a refusal's status, and that its body is a JSON-RPC error.
fn assert_refused(reply: &support::http::Reply, status: u16) {
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
fn bearer_token_is_required_when_configured() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "s3cret-token\n").unwrap();
    let server = HttpServer::start(&["--auth-token-file", token_file.to_str().unwrap()]);
    let list =
        |auth: Option<&str>| server.modern("tools/list", json!({}), &[("Authorization", auth)]);
    for (auth, status) in [
        (None, 401),
        (Some("Bearer wrong-token!"), 401),
        (Some("Bearer s3cret-toke"), 401),
        (Some("Basic s3cret-token"), 401),
        (Some("Bearer s3cret-token"), 200),
    ] {
        let reply = list(auth);
        assert_eq!(reply.status, status, "{auth:?}: {}", reply.text());
        if status == 401 {
            assert_eq!(
                reply.header("WWW-Authenticate"),
                Some("Bearer realm=\"toolhost\"")
            );
        }
    }
    assert_eq!(
        server.get("/metrics", &[]).status,
        401,
        "metrics need the token"
    );
    assert_eq!(server.get("/healthz", &[]).status, 200, "probes do not");
    assert!(
        !server.process.stderr_text().contains("s3cret"),
        "the token is never logged"
    );
}

#[test]
fn token_from_the_environment_works_too() {
    let server = HttpServer::start_with(
        Options {
            env: &[("TOOLHOST_AUTH_TOKEN", "env-token")],
            ..Default::default()
        },
        &[],
    );
    let ok = server.modern(
        "tools/list",
        json!({}),
        &[("Authorization", Some("Bearer env-token"))],
    );
    assert_eq!(ok.status, 200, "{}", ok.text());
    assert_eq!(server.modern("tools/list", json!({}), &[]).status, 401);
}

/// `request` with the header line `line` added after its other headers.
fn with_header_line(request: &[u8], line: &str) -> Vec<u8> {
    let end = request
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a request head");
    let mut out = request[..end + 2].to_vec();
    out.extend_from_slice(line.as_bytes());
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(&request[end + 2..]);
    out
}

#[test]
fn a_repeated_host_origin_or_authorization_header_is_a_400() {
    let dir = tempfile::tempdir().unwrap();
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "s3cret-token\n").unwrap();
    let server = HttpServer::start(&["--auth-token-file", token_file.to_str().unwrap()]);
    let auth = [("Authorization", Some("Bearer s3cret-token"))];
    let list = server.modern_request(1, "tools/list", json!({}), &auth);
    assert_eq!(server.raw(&list).status, 200);
    // Each second line follows a good first one: a guard that reads only the
    // first would let it through.
    let cases = [
        ("Host", format!("Host: {}", server.host())),
        ("Host", "host: evil.example".to_owned()),
        ("Origin", "Origin: http://localhost:3000".to_owned()),
        ("Origin", "Origin: https://evil.example".to_owned()),
        (
            "Authorization",
            "Authorization: Bearer s3cret-token".to_owned(),
        ),
        ("Authorization", "Authorization: Bearer guess".to_owned()),
    ];
    for (name, line) in cases {
        let mut request = list.clone();
        if name == "Origin" {
            request = with_header_line(&request, "Origin: http://localhost:3000");
        }
        let reply = server.raw(&with_header_line(&request, &line));
        assert_refused(&reply, 400);
        let message = reply.json()["error"]["message"].to_string();
        assert!(message.contains(name), "{line}: {message}");
        assert_eq!(server.raw(&list).status, 200, "still serving after {line}");
    }
    // Second Host lines that are not even valid syntax (whitespace before the
    // colon, a folded continuation) fail hyper's parser first: its own 400,
    // with no body.
    for line in ["Host : evil.example", " evil.example"] {
        let reply = server.raw(&with_header_line(&list, line));
        assert_eq!(reply.status, 400, "{line:?}: {}", reply.text());
        assert_eq!(
            server.raw(&list).status,
            200,
            "still serving after {line:?}"
        );
    }
}

#[test]
fn slow_client_is_cut_off_after_the_header_timeout() {
    let server = HttpServer::start(&["--http-header-timeout-ms", "300"]);
    let mut slow = TcpStream::connect(server.addr).unwrap();
    slow.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    slow.write_all(b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty")
        .unwrap();
    let started = Instant::now();
    let mut rest = Vec::new();
    // The server closes the connection (possibly after a 408): EOF, not our
    // 20 s read timeout.
    let outcome = slow.read_to_end(&mut rest);
    let waited = started.elapsed();
    assert!(
        outcome.is_ok()
            || outcome
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
        "{outcome:?}"
    );
    assert!(waited < Duration::from_secs(10), "closed after {waited:?}");
    // A body that stops halfway gets 408 once the same time has passed.
    let started = Instant::now();
    let mut half = TcpStream::connect(server.addr).unwrap();
    half.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    half.write_all(
        b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
          Content-Length: 100\r\n\r\n{\"jsonrpc\":",
    )
    .unwrap();
    assert_eq!(read_reply(&mut half).status, 408);
    assert!(started.elapsed() < Duration::from_secs(10));
    // An idle keep-alive connection is closed the same way.
    let mut idle = TcpStream::connect(server.addr).unwrap();
    idle.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let started = Instant::now();
    let n = idle.read(&mut [0u8; 64]).unwrap_or(0);
    assert_eq!(n, 0);
    assert!(started.elapsed() < Duration::from_secs(10));
    server.assert_healthy();
}

#[test]
fn too_many_requests_get_503_with_retry_after() {
    let server = HttpServer::start_with(
        Options {
            config: "[tools.sleep]\ndeadline_ms = 60000",
            ..Default::default()
        },
        &["--http-max-requests", "1"],
    );
    let slow = server.modern_request(
        1,
        "tools/call",
        json!({"name": "sleep", "arguments": {"ms": 1500}}),
        &[],
    );
    let waiter = server.send_while_in_flight(slow);
    let refused = server.modern("tools/list", json!({}), &[]);
    assert_refused(&refused, 503);
    assert_eq!(refused.header("Retry-After"), Some("1"));
    let slow = waiter.join().unwrap();
    assert_eq!(slow.status, 200, "{}", slow.text());
    assert_eq!(slow.json()["result"]["isError"], false);
    server.assert_healthy();
}

#[test]
fn connections_over_the_cap_get_503_and_are_closed() {
    // The flag wins over the file. Idle connections must outlive the test:
    // the header timeout also ends idle keep-alive connections.
    let server = HttpServer::start_with(
        Options {
            config: "[http]\nmax_connections = 2",
            ..Default::default()
        },
        &[
            "--http-max-connections",
            "4",
            "--http-header-timeout-ms",
            "30000",
        ],
    );
    let keep_alive = format!("GET /healthz HTTP/1.1\r\nHost: {}\r\n\r\n", server.host());
    let mut idle: Vec<TcpStream> = (0..4)
        .map(|_| {
            let mut stream = TcpStream::connect(server.addr).unwrap();
            stream.set_read_timeout(Some(TIMEOUT)).unwrap();
            stream.write_all(keep_alive.as_bytes()).unwrap();
            // A reply proves the server accepted this connection and now
            // holds it open, idle.
            assert_eq!(read_reply(&mut stream).status, 200);
            stream
        })
        .collect();

    // Over the cap: a 503 without reading anything, then the close.
    let mut over = TcpStream::connect(server.addr).unwrap();
    over.set_read_timeout(Some(TIMEOUT)).unwrap();
    let refused = read_reply(&mut over);
    assert_eq!(refused.status, 503, "{}", refused.text());
    assert_eq!(refused.header("Retry-After"), Some("1"));
    assert_eq!(refused.header("Connection"), Some("close"));
    assert_eq!(refused.header("Content-Length"), Some("0"));
    let mut rest = Vec::new();
    assert_eq!(
        over.read_to_end(&mut rest).unwrap(),
        0,
        "closed after the 503"
    );

    // Closing an idle connection frees its slot as soon as the server sees
    // the close: retry on that event, a bounded number of times.
    drop(idle.pop());
    let deadline = Instant::now() + TIMEOUT;
    let metrics = loop {
        match server.try_raw(&server.encode("GET", "/metrics", &[], b"")) {
            Ok(reply) if reply.status == 200 => break reply,
            Ok(reply) => assert_eq!(reply.status, 503, "{}", reply.text()),
            Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::ConnectionReset, "{e}"),
        }
        assert!(Instant::now() < deadline, "the freed slot was never reused");
        std::thread::sleep(Duration::from_millis(5));
    };
    let open = format!("{CONNECTIONS} 4");
    assert!(
        metrics.text().lines().any(|l| l == open),
        "three idle connections and this one:\n{}",
        metrics.text()
    );
    drop(idle);
    server.wait_for_metric(CONNECTIONS, 1.0);
    server.assert_healthy();

    let stderr = refused_at_start(&["--http-max-connections", "0"], "");
    assert!(
        stderr.contains("--http-max-connections must be at least 1"),
        "{stderr}"
    );
    let stderr = refused_at_start(&[], "[http]\nmax_connections = 0");
    assert!(
        stderr.contains("[http]: max_connections must be at least 1"),
        "{stderr}"
    );
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
fn non_loopback_address_without_a_token_refuses_to_start() {
    let output = Command::new(env!("CARGO_BIN_EXE_toolhost"))
        .args(["serve", "--tools"])
        .arg(support::components())
        .args(["--http", "0.0.0.0:0"])
        .env_remove("TOOLHOST_AUTH_TOKEN")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("refusing to serve 0.0.0.0:0 without authentication"),
        "{stderr}"
    );
}

/// Runs `toolhost serve` on the built components with `args` and the config
/// file `config`, expecting it to refuse to start; returns its stderr. Stdin
/// is empty, so a server that wrongly starts (on stdio) exits at once rather
/// than hanging the test.
fn refused_at_start(args: &[&str], config: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let config_file = dir.path().join("toolhost.toml");
    std::fs::write(&config_file, config).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_toolhost"))
        .args(["serve", "--tools"])
        .arg(support::components())
        .arg("--config")
        .arg(&config_file)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "started with {args:?}:\n{stderr}");
    stderr
}

#[test]
fn a_zero_output_cap_refuses_to_start() {
    let stderr = refused_at_start(&["--output-kib", "0"], "");
    assert!(
        stderr.contains("--output-kib must be at least 1"),
        "{stderr}"
    );
    let stderr = refused_at_start(&[], "[defaults]\noutput_kib = 0");
    assert!(
        stderr.contains("[defaults]: output_kib must be at least 1"),
        "{stderr}"
    );
    let stderr = refused_at_start(&[], "[tools.echo]\noutput_kib = 0");
    assert!(
        stderr.contains("[tools.echo]: output_kib must be at least 1"),
        "{stderr}"
    );
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

#[test]
fn allowed_hosts_and_origins_extend_the_loopback_defaults() {
    let server = HttpServer::start(&[
        "--allowed-host",
        "mcp.test",
        "--allowed-origin",
        "https://app.example",
    ]);
    let list =
        |extra: &[(&str, Option<&str>)]| server.modern("tools/list", json!({}), extra).status;
    assert_eq!(list(&[("Host", Some("mcp.test:8443"))]), 200);
    assert_eq!(list(&[("Origin", Some("https://app.example"))]), 200);
    assert_eq!(list(&[("Host", Some("other.test"))]), 403);
    assert_eq!(list(&[("Origin", Some("https://app.example.evil"))]), 403);
}

#[test]
fn at_the_session_cap_the_least_recently_used_session_makes_room() {
    let server = HttpServer::start(&["--http-max-sessions", "1"]);
    let first = server.initialize("2025-11-25");
    let second = server.initialize("2025-11-25");
    assert_refused(&server.in_session(&first, 1, "tools/list", json!({})), 404);
    assert_eq!(
        server
            .in_session(&second, 2, "tools/list", json!({}))
            .status,
        200
    );
}

/// Runs calls `range` of the soak mix as 2026-07-28 requests from
/// `clients` threads, each sending one call at a time on a fresh connection.
fn soak(
    server: &HttpServer,
    mix: fn(usize) -> soak::Kind,
    range: std::ops::Range<usize>,
    clients: usize,
    until: Instant,
) {
    let requests: Vec<(usize, Vec<u8>)> = range
        .map(|i| {
            let (tool, arguments) = mix(i).request(i);
            let params = json!({"name": tool, "arguments": arguments});
            (
                i,
                server.modern_request(i as i64, "tools/call", params, &[]),
            )
        })
        .collect();
    let addr = server.addr;
    std::thread::scope(|scope| {
        for client in 0..clients {
            let requests = &requests;
            scope.spawn(move || {
                for (i, request) in requests.iter().skip(client).step_by(clients) {
                    assert!(Instant::now() < until, "the soak ran out of time");
                    let reply = exchange(addr, request);
                    assert_eq!(reply.status, 200, "call {i}: {}", reply.text());
                    let reply = reply.json();
                    assert_eq!(reply["id"], *i, "{reply}");
                    mix(*i).check(*i, &reply);
                }
            });
        }
    });
}

/// One request on a fresh connection, from any thread.
fn exchange(addr: std::net::SocketAddr, request: &[u8]) -> support::http::Reply {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream.write_all(request).unwrap();
    read_reply(&mut stream)
}

#[test]
fn soak_ten_thousand_calls_at_64_concurrency_each_get_one_right_reply() {
    let server = HttpServer::start_with(
        Options {
            config: soak::CONFIG,
            ..Default::default()
        },
        &[],
    );
    let until = Instant::now() + Duration::from_secs(600);
    // Warm-up: the mix, then the hungriest call on every sandbox slot at
    // once, so each slot has held as much as it ever will.
    soak(&server, soak::Kind::of, 0..1_000, 64, until);
    soak(&server, |_| soak::Kind::Hog, 0..3 * 64, 64, until);
    let baseline = soak::rss_kib(server.process.pid());
    soak(&server, soak::Kind::of, 1_000..10_000, 64, until);
    let after = soak::rss_kib(server.process.pid());
    server.assert_healthy();
    soak::assert_rss_returns("HTTP", baseline, after);
}

#[test]
fn adversarial_catalog_over_http_gets_each_documented_reply() {
    let server = HttpServer::start_with(
        Options {
            components: catalog::COMPONENTS,
            config: catalog::CONFIG,
            ..Default::default()
        },
        &[],
    );
    let session = server.initialize("2025-11-25");
    for case in catalog::cases() {
        if case.on == catalog::On::Stdio {
            continue;
        }
        let headers = [("Mcp-Session-Id", Some(session.as_str()))];
        let reply = if case.name.contains("413") {
            // The server answers from Content-Length alone and closes; send
            // only the start of the body, so the reply is not lost to a reset.
            let request = server.encode("POST", "/mcp", &headers, &case.message);
            let head = request.len() - case.message.len();
            exchange(server.addr, &request[..head + (64 << 10)])
        } else {
            server.send("POST", "/mcp", &headers, &case.message)
        };
        let status = match case.expect {
            catalog::Expect::Nothing => 202,
            _ if case.name.contains("413") => 413,
            catalog::Expect::Error(-32601) => 404,
            catalog::Expect::Error(-32700 | -32600) | catalog::Expect::ErrorNullId(_) => 400,
            _ => 200,
        };
        assert_eq!(reply.status, status, "{}: {}", case.name, reply.text());
        let body = (!reply.body.is_empty()).then(|| reply.json());
        catalog::check("HTTP", &case, body.as_ref());
        server.assert_healthy();
    }
    // A flood: 64 clients, 1,000 requests, each answered once.
    let answered = std::sync::atomic::AtomicUsize::new(0);
    let request = server.modern_request(1, "tools/list", json!({}), &[]);
    let addr = server.addr;
    std::thread::scope(|scope| {
        for client in 0..64 {
            let (request, answered) = (&request, &answered);
            scope.spawn(move || {
                for i in (client..1000).step_by(64) {
                    let reply = exchange(addr, request);
                    assert_eq!(reply.status, 200, "{i}: {}", reply.text());
                    answered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            });
        }
    });
    assert_eq!(answered.into_inner(), 1000);
    println!("catalog [HTTP] a flood of 1000 requests from 64 clients: 1000 replies");
    server.assert_healthy();
    println!(
        "error-text audit: {} error texts checked so far in this run",
        support::audit::audited()
    );
}
