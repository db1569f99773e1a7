//! Quarantine over the real binary: a tool that keeps crashing is refused at
//! once for its cool-down, other tools are untouched, and one good call after
//! the cool-down puts it back in service. `/metrics` shows the state.

use crate::support;

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::Options;
use support::http::HttpServer;

const QUARANTINED: &str = "toolhost_tool_quarantined{tool=\"crash\"}";

fn text(result: &Value) -> &str {
    result["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or_default()
}

#[test]
fn a_tool_that_keeps_crashing_is_refused_for_its_cool_down_then_probed() {
    let server = HttpServer::start_with(
        Options {
            config: "[tools.crash]\nquarantine_after = 3\nquarantine_secs = 1",
            ..Default::default()
        },
        &[],
    );
    assert_eq!(server.metric(QUARANTINED), Some(0.0));
    for _ in 0..3 {
        let crashed = server.call_modern("crash", json!({}));
        assert!(text(&crashed).starts_with("The tool crashed"), "{crashed}");
    }
    let refused = server.call_modern("crash", json!({"spare": true}));
    assert_eq!(refused["result"]["isError"], true);
    assert_eq!(
        text(&refused),
        "The tool crash is disabled for now: its last 3 calls crashed. Retry after 1 s.",
        "refused without running, even with arguments that would not crash"
    );
    assert_eq!(server.metric(QUARANTINED), Some(1.0));
    server
        .process
        .wait_for_log(&["toolhost::access", "tool=crash", "reason=\"quarantined\""]);
    assert!(
        server
            .process
            .stderr_text()
            .contains("tool quarantined: its calls crashed 3 times in a row"),
        "the log says why"
    );
    let other = server.call_modern("add", json!({"a": 1, "b": 2}));
    assert_eq!(
        other["result"]["isError"], false,
        "other tools are untouched"
    );

    // The cool-down is a time, so waiting for it is polling: at most 10 s.
    let started = Instant::now();
    let probe = loop {
        let reply = server.call_modern("crash", json!({"spare": true}));
        if !text(&reply).contains("is disabled") {
            break reply;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "still refused after 10 s: {reply}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(text(&probe), "spared", "{probe}");
    assert_eq!(server.metric(QUARANTINED), Some(0.0), "back in service");
    assert!(
        server
            .process
            .stderr_text()
            .contains("tool back in service")
    );
    // The streak starts over: one crash does not quarantine it again.
    let crashed = server.call_modern("crash", json!({}));
    assert!(text(&crashed).starts_with("The tool crashed"), "{crashed}");
    let next = server.call_modern("crash", json!({"spare": true}));
    assert_eq!(text(&next), "spared");
}
