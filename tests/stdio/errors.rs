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

    let upstream = tool_error(&server.call("upstream_fail", json!({}))).to_owned();
    assert!(upstream.contains("HTTP 503"), "{upstream}");
    assert!(upstream.contains("Retry after 30 s"), "{upstream}");
    assert_healthy(&mut server);
}

#[test]
fn a_panic_is_an_error_result_and_its_message_reaches_the_log() {
    let mut server = started("");
    let message = tool_error(&server.call("panic", json!({}))).to_owned();
    assert!(message.contains("panicked"), "{message}");
    assert!(
        !message.contains("deliberate"),
        "the panic message stays in the log"
    );
    let id = correlation_id(&message);
    server.wait_for_log(&["misbehave: deliberate panic", id]);
    assert_healthy(&mut server);
}

#[test]
fn stack_overflow_is_reported_and_the_server_keeps_serving() {
    let mut server = started("");
    let message = tool_error(&server.call("recurse", json!({}))).to_owned();
    assert!(message.contains("overflowed its stack"), "{message}");
    server.wait_for_log(&[correlation_id(&message), "guest trapped"]);
    assert_healthy(&mut server);
}

#[test]
fn a_runaway_loop_runs_out_of_fuel() {
    let mut server = started("[tools.spin]\nfuel = 50000000\ndeadline_ms = 60000");
    let message = tool_error(&server.call("spin", json!({}))).to_owned();
    assert!(message.contains("ran out of fuel"), "{message}");
    assert!(message.contains("50000000"), "{message}");
    assert_healthy(&mut server);
}

#[test]
fn a_runaway_loop_hits_its_deadline() {
    let mut server = started("[tools.spin]\nfuel = 1000000000000\ndeadline_ms = 300");
    let message = tool_error(&server.call("spin", json!({}))).to_owned();
    assert!(
        message.contains("exceeded its 300 ms deadline"),
        "{message}"
    );
    assert_healthy(&mut server);
}

#[test]
fn the_deadline_also_bounds_a_guest_blocked_in_a_host_call() {
    let mut server = started("[tools.sleep]\ndeadline_ms = 300");
    let message = tool_error(&server.call("sleep", json!({"ms": 600000}))).to_owned();
    assert!(
        message.contains("exceeded its 300 ms deadline"),
        "{message}"
    );
    assert_healthy(&mut server);
}

#[test]
fn unbounded_allocation_hits_the_memory_cap() {
    let mut server = started("[tools.hog]\nmemory_mib = 32");
    let message = tool_error(&server.call("hog", json!({}))).to_owned();
    assert!(
        message.contains("exceeded its 32 MiB memory limit"),
        "{message}"
    );
    assert_healthy(&mut server);
}

#[test]
fn output_over_the_cap_is_discarded() {
    let mut server = started("[tools.flood]\noutput_kib = 64");
    let message = tool_error(&server.call("flood", json!({"bytes": 65537}))).to_owned();
    assert!(message.contains("exceeded the 64 KiB limit"), "{message}");
    let fits = server.call("flood", json!({"bytes": 1000}));
    assert_eq!(text(&fits).len(), 1000);
    assert_healthy(&mut server);
}

#[test]
fn output_that_violates_its_output_schema_is_an_error() {
    let mut server = started("");
    let message = tool_error(&server.call("liar", json!({}))).to_owned();
    assert!(
        message.contains("does not match its declared outputSchema"),
        "{message}"
    );
    server.wait_for_log(&[correlation_id(&message), "output_schema", "/count"]);
    assert_healthy(&mut server);
}

#[test]
fn unparsable_structured_output_is_invalid_output() {
    let mut server = started("");
    let message = tool_error(&server.call("bad_json", json!({}))).to_owned();
    assert!(message.contains("invalid output"), "{message}");
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
fn any_other_trap_is_reported_as_a_crash() {
    let mut server = started("");
    let message = tool_error(&server.call("crash", json!({}))).to_owned();
    assert!(
        message.starts_with("The tool crashed (correlation id"),
        "{message}"
    );
    server.wait_for_log(&[correlation_id(&message), "out of bounds memory access"]);
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
