//! Every row of the error table over stdio, each followed by a good call on
//! the same server.

use crate::support;

use serde_json::json;
use support::{Options, Server, correlation_id, text, tool_error};

use super::*;

#[test]
fn unknown_tool_is_invalid_params() {
    let mut server = started("");
    let reply = server.call("no_such_tool", json!({}));
    assert_eq!(reply["error"]["code"], -32602, "{reply}");
    assert_eq!(reply["error"]["message"], "Unknown tool: no_such_tool");
    assert_healthy(&mut server);
}

#[test]
fn invalid_arguments_are_a_tool_error_from_2025_11_25_and_32602_before() {
    let mut server = started("");
    let reply = server.call("add", json!({"a": "two-private-value"}));
    let message = tool_error(&reply);
    assert!(
        message.contains("/a: \"two-private-value\" is not of type \"number\""),
        "{message}"
    );
    assert!(
        message.contains("(root): \"b\" is a required property"),
        "{message}"
    );
    // The log says what kind of failure it was, never the argument values.
    server.wait_for_log(&["tool call failed", "invalid_arguments"]);
    assert!(
        !server.stderr_text().contains("two-private-value"),
        "argument values stay out of the log"
    );
    let modern = server.call_modern("add", json!({"a": 1}));
    assert!(tool_error(&modern).contains("\"b\" is a required property"));
    assert_healthy(&mut server);

    let mut old = Server::start();
    old.initialize("2025-06-18");
    let reply = old.call("add", json!({"a": "two", "b": 1}));
    assert_eq!(reply["error"]["code"], -32602, "{reply}");
    let issues = reply["error"]["data"]["issues"].as_array().unwrap();
    assert_eq!(issues[0]["pointer"], "/a");
    assert_healthy(&mut old);
}

/// One tool failure that comes back as an `isError` result.
struct Row {
    /// What the row shows.
    name: &'static str,
    config: &'static str,
    tool: &'static str,
    arguments: fn() -> serde_json::Value,
    /// Each must be in the message.
    says: &'static [&'static str],
    /// None may be in the message (it belongs in the log).
    withholds: &'static [&'static str],
    /// With the message's correlation id, each must be in the log.
    logs: &'static [&'static str],
}

const ROWS: &[Row] = &[
    Row {
        name: "a panic is an error result; its message reaches the log only",
        config: "",
        tool: "panic",
        arguments: || json!({}),
        says: &["panicked"],
        withholds: &["deliberate"],
        logs: &["misbehave: deliberate panic"],
    },
    Row {
        name: "a stack overflow is reported",
        config: "",
        tool: "recurse",
        arguments: || json!({}),
        says: &["overflowed its stack"],
        withholds: &[],
        logs: &["guest trapped"],
    },
    Row {
        name: "any other trap is a crash",
        config: "",
        tool: "crash",
        arguments: || json!({}),
        says: &["The tool crashed (correlation id"],
        withholds: &[],
        logs: &["out of bounds memory access"],
    },
    Row {
        name: "a runaway loop runs out of fuel",
        config: "[tools.spin]\nfuel = 50000000\ndeadline_ms = 60000",
        tool: "spin",
        arguments: || json!({}),
        says: &["ran out of fuel", "50000000"],
        withholds: &[],
        logs: &[],
    },
    Row {
        name: "a runaway loop hits its deadline",
        config: "[tools.spin]\nfuel = 1000000000000\ndeadline_ms = 300",
        tool: "spin",
        arguments: || json!({}),
        says: &["exceeded its 300 ms deadline"],
        withholds: &[],
        logs: &[],
    },
    Row {
        name: "the deadline also bounds a guest blocked in a host call",
        config: "[tools.sleep]\ndeadline_ms = 300",
        tool: "sleep",
        arguments: || json!({"ms": 600000}),
        says: &["exceeded its 300 ms deadline"],
        withholds: &[],
        logs: &[],
    },
    Row {
        name: "unbounded allocation hits the memory cap",
        config: "[tools.hog]\nmemory_mib = 32",
        tool: "hog",
        arguments: || json!({}),
        says: &["exceeded its 32 MiB memory limit"],
        withholds: &[],
        logs: &[],
    },
    Row {
        name: "output over the cap is discarded",
        config: "[tools.flood]\noutput_kib = 64",
        tool: "flood",
        arguments: || json!({"bytes": 65537}),
        says: &["exceeded the 64 KiB limit"],
        withholds: &[],
        logs: &[],
    },
    Row {
        name: "output that violates its output schema is an error",
        config: "",
        tool: "liar",
        arguments: || json!({}),
        says: &["does not match its declared outputSchema"],
        withholds: &[],
        logs: &["output_schema", "/count"],
    },
    Row {
        name: "unparsable structured output is invalid output",
        config: "",
        tool: "bad_json",
        arguments: || json!({}),
        says: &["invalid output"],
        withholds: &[],
        logs: &[],
    },
    Row {
        name: "an upstream's HTTP error says what to do",
        config: "",
        tool: "upstream_fail",
        arguments: || json!({}),
        says: &["HTTP 503", "Retry after 30 s"],
        withholds: &[],
        logs: &[],
    },
];

/// Every row of [`ROWS`], each on its own server (rows need different
/// limits), the servers running side by side; after its row, each server
/// must still answer a good call.
#[test]
fn tool_failures_are_error_results_with_their_documented_text() {
    std::thread::scope(|scope| {
        for row in ROWS {
            scope.spawn(move || {
                let mut server = started(row.config);
                let reply = server.call(row.tool, (row.arguments)());
                let message = tool_error(&reply).to_owned();
                let name = row.name;
                for needle in row.says {
                    assert!(message.contains(needle), "{name}: {message}");
                }
                for secret in row.withholds {
                    assert!(!message.contains(secret), "{name}: {message}");
                }
                if !row.logs.is_empty() {
                    let mut needles = vec![correlation_id(&message)];
                    needles.extend(row.logs);
                    server.wait_for_log(&needles);
                }
                assert_healthy(&mut server);
            });
        }
    });
}

#[test]
fn output_under_the_cap_is_returned_whole() {
    let mut server = started("[tools.flood]\noutput_kib = 64");
    let fits = server.call("flood", json!({"bytes": 65536}));
    assert_eq!(text(&fits).len(), 65536, "exactly at the cap fits");
}

#[test]
fn a_tools_own_error_is_capped_and_stripped_of_control_characters() {
    let mut server = started("");
    let message = tool_error(&server.call("fail", json!({}))).to_owned();
    assert!(message.contains("boom"), "{message}");
    assert!(
        !message
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "{message:?}"
    );
    assert!(
        !message.contains("[31m"),
        "ANSI sequences are removed whole: {message:?}"
    );
    assert!(
        message.chars().count() <= 1001,
        "length is capped: {}",
        message.len()
    );
    assert_healthy(&mut server);
}

#[test]
// The failpoint that makes the host panic is compiled into debug builds only.
#[cfg_attr(
    not(debug_assertions),
    ignore = "the failpoint exists in debug builds only"
)]
fn a_host_fault_is_32603_with_only_a_correlation_id() {
    // Debug builds honour a failpoint that panics inside the host's call path
    // for one tool: a real host panic, caught at the real call boundary.
    let mut server = started_with(Options {
        env: &[("TOOLHOST_FAILPOINT_PANIC_TOOL", "add")],
        ..Default::default()
    });
    let reply = server.call("add", json!({"a": 1, "b": 2}));
    let error = &reply["error"];
    assert_eq!(error["code"], -32603, "{reply}");
    assert_eq!(error["message"], "Internal error");
    let id = error["data"]["correlationId"].as_str().unwrap();
    assert_eq!(
        error["data"].as_object().unwrap().len(),
        1,
        "nothing but the id: {reply}"
    );
    assert!(
        !reply.to_string().contains("failpoint"),
        "no detail on the wire"
    );
    server.wait_for_log(&[id, "host panicked"]);
    assert_healthy(&mut server);
}

#[test]
fn calls_over_the_per_tool_limit_are_refused_as_busy() {
    let mut server =
        started("[tools.spin]\nmax_in_flight = 1\ndeadline_ms = 1000\nfuel = 1000000000000");
    // Both requests in one write: the first takes the only permit before the
    // second is read, and cannot finish before its 1 s deadline.
    server.send_raw(concat!(
        "{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"tools/call\",\"params\":{\"name\":\"spin\"}}\n",
        "{\"jsonrpc\":\"2.0\",\"id\":\"busy\",\"method\":\"tools/call\",\"params\":{\"name\":\"spin\"}}\n",
    ));
    let busy = server.recv_id(&json!("busy"));
    assert!(tool_error(&busy).contains("is busy"), "{busy}");
    let slow = server.recv_id(&json!("slow"));
    assert!(tool_error(&slow).contains("deadline"), "{slow}");
    assert_healthy(&mut server);
}

#[test]
fn a_cancelled_call_gets_no_reply() {
    let mut server = started(
        "[tools.spin]\ndeadline_ms = 200\nfuel = 1000000000000\n[tools.sleep]\ndeadline_ms = 5000",
    );
    server.send(&json!({"jsonrpc": "2.0", "id": "doomed", "method": "tools/call", "params": {"name": "spin"}}));
    server.send(
        &json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
        "params": {"requestId": "doomed", "reason": "user gave up"}}),
    );
    // Had the cancelled call been answered, its reply (due at 200 ms) would
    // arrive before this 600 ms call's.
    server.send(
        &json!({"jsonrpc": "2.0", "id": "after", "method": "tools/call",
        "params": {"name": "sleep", "arguments": {"ms": 600}}}),
    );
    let next = server.recv();
    assert_eq!(
        next["id"], "after",
        "only the live call is answered: {next}"
    );
    assert_healthy(&mut server);
}

#[test]
fn calls_over_the_server_wide_limit_are_refused_as_busy() {
    let mut server =
        started("max_in_flight = 1\n[tools.spin]\ndeadline_ms = 1000\nfuel = 1000000000000");
    server.send_raw(concat!(
        "{\"jsonrpc\":\"2.0\",\"id\":\"slow\",\"method\":\"tools/call\",\"params\":{\"name\":\"spin\"}}\n",
        "{\"jsonrpc\":\"2.0\",\"id\":\"other\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"x\"}}}\n",
    ));
    let busy = server.recv_id(&json!("other"));
    assert!(
        tool_error(&busy).contains("limit of 1 concurrent tool calls"),
        "{busy}"
    );
    assert!(tool_error(&server.recv_id(&json!("slow"))).contains("deadline"));
    assert_healthy(&mut server);
}
