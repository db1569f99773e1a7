//! Outbound HTTP under a policy, against a real upstream on 127.0.0.1.

use crate::support;

use serde_json::json;
use support::upstream::Upstream;
use support::{text, tool_error};

use super::*;

#[test]
fn an_allowed_destination_is_reached_and_its_text_returned() {
    let upstream = Upstream::start();
    let mut server = started(&["fetch"], &network_policy("fetch", &upstream, ""), &[]);
    let reply = fetch(&mut server, &upstream.url("/ok"));
    assert_eq!(reply["result"]["isError"], false, "{reply}");
    assert!(text(&reply).contains("hello from upstream"), "{reply}");

    let reply = server.call(
        "fetch",
        json!({ "url": upstream.url("/big"), "max_chars": 10 }),
    );
    // 2 MiB exceeds the 1 MiB cap: refused, not truncated.
    assert!(tool_error(&reply).contains("larger than"), "{reply}");
}

#[test]
fn upstream_statuses_become_actionable_errors_without_the_body() {
    let upstream = Upstream::start();
    let mut server = started(&["fetch"], &network_policy("fetch", &upstream, ""), &[]);
    for (status, expected) in [
        (404, "has nothing at that address (HTTP 404)"),
        (429, "rate limiting requests (HTTP 429). Retry after 7 s."),
        (500, "unavailable (HTTP 500). Try again later."),
        (503, "unavailable (HTTP 503). Retry after 7 s."),
        (400, "refused the request (HTTP 400)"),
    ] {
        let reply = fetch(&mut server, &upstream.url(&format!("/status/{status}")));
        let message = tool_error(&reply);
        assert!(message.contains(expected), "{status}: {message}");
        assert!(
            !message.contains("upstream-private-detail"),
            "the upstream body is never passed through: {message}"
        );
    }
}

#[test]
fn rejected_credentials_never_echo_the_secret_anywhere() {
    let upstream = Upstream::start();
    let token = "tok-7f3a9c1e55d04b2b";
    let config = format!(
        "{}\n[components.fetch.secrets]\nFETCH_BEARER_TOKEN = {{ from_env = \"UPSTREAM_TOKEN\" }}\n",
        network_policy("fetch", &upstream, "")
    );
    let mut server = started(&["fetch"], &config, &[("UPSTREAM_TOKEN", token)]);
    let reply = fetch(&mut server, &upstream.url("/auth"));
    let message = tool_error(&reply);
    assert!(
        message.contains("rejected the credentials (HTTP 401)"),
        "{message}"
    );
    assert!(!reply.to_string().contains(token), "{reply}");
    // The token did reach the upstream (it echoed it back in its body).
    assert_eq!(upstream.seen(), ["/auth"]);
    server.close();
    assert!(
        !server.stderr_text().contains(token),
        "the token is in the log"
    );
}

#[test]
fn slow_upstreams_time_out_with_a_clear_message() {
    let upstream = Upstream::start();
    let mut server = started(&["fetch"], &network_policy("fetch", &upstream, ""), &[]);
    let reply = fetch(&mut server, &upstream.url("/slow-head"));
    assert!(
        tool_error(&reply).contains("did not respond in time"),
        "{reply}"
    );
    let reply = fetch(&mut server, &upstream.url("/slow-body"));
    assert!(
        tool_error(&reply).contains("did not respond in time"),
        "{reply}"
    );
    let reply = fetch(&mut server, &upstream.url("/big-chunked"));
    assert!(tool_error(&reply).contains("larger than"), "{reply}");
    // The server is still fine.
    let reply = fetch(&mut server, &upstream.url("/ok"));
    assert!(text(&reply).contains("hello from upstream"), "{reply}");
}

#[test]
fn a_redirect_to_a_host_outside_the_allowlist_is_refused_before_connecting() {
    let upstream = Upstream::start();
    let mut server = started(&["fetch"], &network_policy("fetch", &upstream, ""), &[]);
    // Allowed hop: same host.
    let reply = fetch(
        &mut server,
        &upstream.url(&format!("/redirect?to={}", upstream.url("/ok"))),
    );
    assert!(text(&reply).contains("hello from upstream"), "{reply}");

    // `localhost` is the same server, but not in the allowlist.
    let evil = format!("http://localhost:{}/ok", upstream.port);
    let reply = fetch(&mut server, &upstream.url(&format!("/redirect?to={evil}")));
    assert_eq!(
        tool_error(&reply),
        format!(
            "Upstream request failed: network access to localhost:{} is not allowed by this tool's policy.",
            upstream.port
        )
    );
    let seen = upstream.seen();
    assert_eq!(seen.len(), 3, "the refused hop never arrived: {seen:?}");
}

#[test]
fn an_allowed_name_that_resolves_to_loopback_is_refused() {
    let upstream = Upstream::start();
    // The name is allowed; the address it resolves to is not named by any
    // rule, as with DNS rebinding.
    let config = format!(
        "[components.fetch.network]\nallow = [\"http://localhost:{}\"]\n",
        upstream.port
    );
    let mut server = started(&["fetch"], &config, &[]);
    let reply = fetch(
        &mut server,
        &format!("http://localhost:{}/ok", upstream.port),
    );
    assert!(
        tool_error(&reply).contains("is not allowed by this tool's policy"),
        "{reply}"
    );
    assert_eq!(upstream.connections(), 0, "no connection was made");
    server.wait_for_log(&["outbound request denied", "loopback address"]);
}

#[test]
fn no_network_grant_means_no_network() {
    let upstream = Upstream::start();
    let mut server = started(&["fetch", "probe"], "", &[]);
    let reply = fetch(&mut server, &upstream.url("/ok"));
    assert!(
        tool_error(&reply).contains(&format!(
            "network access to 127.0.0.1:{} is not allowed",
            upstream.port
        )),
        "{reply}"
    );
    // Another component's grant does not help either.
    let config = network_policy("fetch", &upstream, "");
    let mut server = started(&["fetch", "probe"], &config, &[]);
    let reply = server.call("http_get", json!({ "url": upstream.url("/ok") }));
    assert!(
        tool_error(&reply).contains("is not allowed by this tool's policy"),
        "{reply}"
    );
    assert_eq!(upstream.connections(), 0);
}

#[test]
fn a_call_may_have_only_so_many_requests_open_at_once() {
    let upstream = Upstream::start();
    let config = network_policy("probe", &upstream, "max_concurrent_requests = 2");
    let mut server = started(&["probe"], &config, &[]);
    let reply = server.call(
        "http_parallel",
        json!({ "url": upstream.url("/ok"), "count": 3 }),
    );
    assert_eq!(text(&reply), "ok 2, limited 1, failed 0", "{reply}");
    // The cap is per call: the next call starts with every permit free.
    let reply = server.call(
        "http_parallel",
        json!({ "url": upstream.url("/ok"), "count": 2 }),
    );
    assert_eq!(text(&reply), "ok 2, limited 0, failed 0", "{reply}");
}

#[test]
fn a_refused_connection_is_reported_as_such() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let config = format!("[components.fetch.network]\nallow = [\"http://127.0.0.1:{port}\"]\n");
    let mut server = started(&["fetch"], &config, &[]);
    let reply = fetch(&mut server, &format!("http://127.0.0.1:{port}/"));
    assert!(
        tool_error(&reply).contains("refused the connection"),
        "{reply}"
    );
}

#[test]
fn each_call_has_one_access_log_line_with_its_upstream_requests() {
    let upstream = Upstream::start();
    let mut server = started(&["fetch"], &network_policy("fetch", &upstream, ""), &[]);
    let ok = fetch(&mut server, &upstream.url("/ok"));
    assert_eq!(ok["result"]["isError"], false, "{ok}");
    let failed = fetch(&mut server, &upstream.url("/status/503"));
    assert!(tool_error(&failed).contains("HTTP 503"), "{failed}");
    let destination = upstream
        .url("/")
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();

    let line = server.wait_for_log(&["toolhost::access", "tool_error_upstream"]);
    for field in [
        "tool=fetch",
        "component=fetch.wasm",
        "outcome=\"is_error\"",
        "reason=\"tool_error_upstream\"",
        "fuel=",
        "duration_ms=",
    ] {
        assert!(line.contains(field), "{field} in {line}");
    }
    assert!(
        line.contains(&format!("upstream={destination} 503 ")),
        "{destination} in {line}"
    );
    let log = server.stderr_text();
    let ok_line = log
        .lines()
        .find(|l| l.contains("toolhost::access") && l.contains("outcome=\"ok\""))
        .unwrap_or_else(|| panic!("no access line for the good call:\n{log}"));
    assert!(
        ok_line.contains(&format!("upstream={destination} 200 ")),
        "{ok_line}"
    );
    assert!(
        !log.contains("hello from upstream"),
        "bodies and arguments stay out of the log"
    );
}

#[test]
fn metrics_count_upstream_requests_and_rejected_credentials() {
    let upstream = Upstream::start();
    let server = support::http::HttpServer::start_with(
        support::Options {
            components: &["fetch"],
            config: &network_policy("fetch", &upstream, "breaker_failures = 1"),
            ..Default::default()
        },
        &[],
    );
    let destination = format!("127.0.0.1:{}", upstream.port);
    for path in ["/ok", "/ok", "/status/401", "/status/503"] {
        server.call_modern("fetch", json!({ "url": upstream.url(path) }));
    }
    let series = |class: &str| {
        format!(
            "toolhost_upstream_requests_total{{destination=\"{destination}\",class=\"{class}\"}}"
        )
    };
    assert_eq!(server.metric(&series("2xx")), Some(2.0));
    assert_eq!(server.metric(&series("4xx")), Some(1.0));
    assert_eq!(server.metric(&series("5xx")), Some(1.0));
    assert_eq!(
        server.metric("toolhost_upstream_credentials_rejected_total{tool=\"fetch\"}"),
        Some(1.0)
    );
    // The 503 opened the breaker (one failure is enough here; 401 is none).
    assert_eq!(
        server.metric(&format!(
            "toolhost_upstream_breaker_open{{component=\"fetch.wasm\",destination=\"{destination}\"}}"
        )),
        Some(1.0)
    );
}

#[test]
fn a_failing_upstream_opens_its_breaker_then_a_probe_closes_it() {
    let upstream = Upstream::start();
    let policy = network_policy(
        "fetch",
        &upstream,
        "breaker_failures = 2\nbreaker_cooldown_secs = 1",
    );
    let mut server = started(&["fetch"], &policy, &[]);
    for _ in 0..2 {
        let reply = fetch(&mut server, &upstream.url("/status/503"));
        assert!(tool_error(&reply).contains("HTTP 503"), "{reply}");
    }
    let sent = upstream.seen().len();
    let refused = fetch(&mut server, &upstream.url("/ok"));
    assert_eq!(
        tool_error(&refused),
        format!(
            "Upstream request failed: 127.0.0.1:{} has failed 2 times in a row; not retrying for 1 s.",
            upstream.port
        )
    );
    assert_eq!(upstream.seen().len(), sent, "refused without being sent");
    server.wait_for_log(&["upstream breaker open", "fetch.wasm"]);

    // The cool-down is a time, so waiting for it is polling: at most 10 s.
    let started = std::time::Instant::now();
    loop {
        let reply = fetch(&mut server, &upstream.url("/ok"));
        if reply["result"]["isError"] == false {
            assert!(text(&reply).contains("hello from upstream"));
            break;
        }
        assert!(tool_error(&reply).contains("in a row"), "{reply}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{reply}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    server.wait_for_log(&["upstream breaker closed"]);
    let again = fetch(&mut server, &upstream.url("/ok"));
    assert_eq!(again["result"]["isError"], false, "closed: {again}");
}

#[test]
fn opt_in_retries_resend_a_get_after_transient_failures_and_no_more() {
    let upstream = Upstream::start();
    let mut server = started(
        &["fetch"],
        &network_policy("fetch", &upstream, "retries = 2"),
        &[],
    );
    let count = |path: &str| upstream.seen().iter().filter(|t| *t == path).count();

    let reply = fetch(&mut server, &upstream.url("/flaky/a/2"));
    assert_eq!(text(&reply), "recovered after 2", "{reply}");
    assert_eq!(count("/flaky/a/2"), 3, "sent once and retried twice");
    server.wait_for_log(&["retrying an upstream request", "attempt=2"]);

    let reply = fetch(&mut server, &upstream.url("/flaky/b/3"));
    assert!(tool_error(&reply).contains("HTTP 503"), "{reply}");
    assert_eq!(count("/flaky/b/3"), 3, "no more than the retries asked for");

    let reply = fetch(&mut server, &upstream.url("/status/500"));
    assert!(tool_error(&reply).contains("HTTP 500"), "{reply}");
    assert_eq!(count("/status/500"), 1, "a 500 is not transient");

    let mut plain = started(&["fetch"], &network_policy("fetch", &upstream, ""), &[]);
    let reply = fetch(&mut plain, &upstream.url("/flaky/c/1"));
    assert!(tool_error(&reply).contains("HTTP 503"), "{reply}");
    assert_eq!(count("/flaky/c/1"), 1, "no retries unless the policy asks");
}
