//! Hostile load over HTTP: the soak and the adversarial catalog.

use crate::support;

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::json;
use support::http::{HttpServer, read_reply};
use support::{Options, TIMEOUT, catalog, soak};

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
