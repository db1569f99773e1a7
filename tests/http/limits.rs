//! Who may talk to the HTTP server and how much: tokens, Host and Origin,
//! repeated headers, timeouts, and the caps on requests, connections and
//! sessions.

use crate::support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::json;
use support::http::{HttpServer, read_reply};
use support::{Options, TIMEOUT};

use super::*;

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
pub(super) fn refused_at_start(args: &[&str], config: &str) -> String {
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
