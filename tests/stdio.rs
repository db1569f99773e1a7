//! End-to-end over stdio: the real `toolhost` binary, the real components from
//! `tools/`, a client that writes JSON-RPC lines. Every row of the error table
//! is pinned here, each followed by a good call on the same server.

use crate::support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Options, Server, catalog, correlation_id, soak, text, tool_error, with_modern_meta};

/// Asserts the server still answers a good call correctly.
fn assert_healthy(server: &mut Server) {
    let reply = server.call("echo", json!({"message": "still here"}));
    assert_eq!(reply["result"]["isError"], false, "{reply}");
    assert_eq!(text(&reply), "still here");
}

/// A server with the default components and `config`, initialized at 2025-11-25.
fn started(config: &str) -> Server {
    started_with(Options {
        config,
        ..Default::default()
    })
}

/// A server started with `options`, initialized at 2025-11-25.
fn started_with(options: Options<'_>) -> Server {
    let mut server = Server::start_with(options);
    server.initialize("2025-11-25");
    server
}

#[test]
fn initialize_lists_and_calls_in_the_legacy_era() {
    let mut server = Server::start();
    let init = server.initialize("2025-06-18");
    assert_eq!(init["result"]["protocolVersion"], "2025-06-18");
    assert_eq!(init["result"]["serverInfo"]["name"], "toolhost");
    assert!(init["result"]["capabilities"]["tools"].is_object());

    let list = server.request("tools/list", json!({}));
    let tools = list["result"]["tools"].as_array().unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    for expected in ["echo", "text_stats", "spin", "bad_json"] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    assert!(
        list["result"].get("resultType").is_none(),
        "legacy results carry no resultType"
    );
    let stats = tools.iter().find(|t| t["name"] == "text_stats").unwrap();
    assert_eq!(stats["inputSchema"]["type"], "object");
    assert!(
        stats["outputSchema"].is_object(),
        "structured tools declare outputSchema"
    );

    let reply = server.call("text_stats", json!({"text": "One fish. Two fish."}));
    assert_eq!(reply["result"]["isError"], false, "{reply}");
    assert_eq!(reply["result"]["structuredContent"]["words"], 4);
    let text_block: Value = serde_json::from_str(text(&reply)).unwrap();
    assert_eq!(
        text_block, reply["result"]["structuredContent"],
        "text mirrors structured content"
    );

    assert_eq!(server.request("ping", json!({}))["result"], json!({}));
    assert!(server.close().success(), "clean exit on stdin EOF");
}

#[test]
fn unsupported_initialize_version_falls_back_to_the_newest_legacy_one() {
    let mut server = Server::start();
    let init = server.initialize("1999-01-01");
    assert_eq!(init["result"]["protocolVersion"], "2025-11-25");
}

#[test]
fn modern_requests_are_stateless_and_carry_result_type() {
    let mut server = Server::start();
    // No initialize at all.
    let discover = server.request("server/discover", with_modern_meta(json!({})));
    let result = &discover["result"];
    assert_eq!(result["resultType"], "complete");
    assert!(
        result["supportedVersions"]
            .as_array()
            .unwrap()
            .contains(&json!("2026-07-28"))
    );
    assert!(
        result["supportedVersions"]
            .as_array()
            .unwrap()
            .contains(&json!("2025-11-25"))
    );
    assert!(
        result["ttlMs"].is_u64() && result["cacheScope"].is_string(),
        "{discover}"
    );
    assert_eq!(
        result["_meta"]["io.modelcontextprotocol/serverInfo"]["name"],
        "toolhost"
    );

    let list = server.request("tools/list", with_modern_meta(json!({})));
    assert_eq!(list["result"]["resultType"], "complete");
    assert!(list["result"]["ttlMs"].is_u64(), "{list}");
    assert_eq!(list["result"]["cacheScope"], "public");

    let reply = server.call_modern("add", json!({"a": 2, "b": 3.5}));
    assert_eq!(reply["result"]["resultType"], "complete", "{reply}");
    assert_eq!(reply["result"]["structuredContent"]["sum"], 5.5);

    // An unknown method is -32601 even without _meta; a known one without
    // _meta before initialize is -32602; an unknown version is -32022.
    let unknown = server.request("prompts/list", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let bare = server.request("tools/list", json!({}));
    assert_eq!(bare["error"]["code"], -32602, "{bare}");
    let mut params = with_modern_meta(json!({}));
    params["_meta"]["io.modelcontextprotocol/protocolVersion"] = json!("2099-01-01");
    let unsupported = server.request("tools/list", params);
    assert_eq!(unsupported["error"]["code"], -32022, "{unsupported}");
    assert_eq!(unsupported["error"]["data"]["requested"], "2099-01-01");
    // `initialize` with modern _meta is a removed method, not a handshake.
    let initialize = server.request("initialize", with_modern_meta(json!({})));
    assert_eq!(initialize["error"]["code"], -32601, "{initialize}");
}

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
fn protocol_faults_get_their_exact_codes_and_the_server_keeps_reading() {
    let mut server = started("");
    server.send_raw("{this is not json\n");
    let parse = server.recv();
    assert_eq!(parse["error"]["code"], -32700, "{parse}");
    assert_eq!(parse["id"], Value::Null);
    assert!(
        !parse.to_string().contains("this is not"),
        "bad input is not echoed"
    );

    server.send_raw("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]\n");
    assert_eq!(server.recv()["error"]["code"], -32600);
    server.send_raw("{\"jsonrpc\":\"2.0\",\"id\":77}\n");
    let invalid = server.recv();
    assert_eq!(
        (invalid["error"]["code"].clone(), invalid["id"].clone()),
        (json!(-32600), json!(77))
    );

    let unknown = server.request("resources/list", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    // A notification gets no reply, even an unknown one: the next reply is the echo's.
    server.send(&json!({"jsonrpc": "2.0", "method": "notifications/whatever"}));
    assert_healthy(&mut server);
}

#[test]
fn broken_components_are_skipped_and_name_clashes_resolve_by_file_order() {
    let mut server = started_with(Options {
        components: &["echo", "clash", "bad_describe", "textkit"],
        files: &[("garbage.wasm", b"\0asm this is not a component")],
        ..Default::default()
    });
    let list = server.request("tools/list", json!({}));
    let names: Vec<&str> = list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names.iter().filter(|n| **n == "echo").count(),
        1,
        "{names:?}"
    );
    assert!(names.contains(&"text_stats"), "{names:?}");
    // "clash.wasm" sorts before "echo.wasm", so its `echo` wins.
    assert_eq!(
        text(&server.call("echo", json!({"message": "x"}))),
        "from clash"
    );
    server.wait_for_log(&["garbage.wasm", "skipping component"]);
    server.wait_for_log(&["bad_describe.wasm", "failed to describe"]);
    server.wait_for_log(&["tool name already taken", "echo.wasm", "clash.wasm"]);
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
fn schemas_too_costly_to_check_are_refused_at_load_and_the_rest_serve() {
    let mut server = started_with(Options {
        components: &["echo", "schemas"],
        ..Default::default()
    });
    for tool in ["bomb", "bomb_output"] {
        let line = server.wait_for_log(&["skipping tool", &format!("tool={tool} ")]);
        assert!(
            line.contains("too costly to check") && line.contains("subschema evaluations"),
            "the load error names the reason: {line}"
        );
    }
    let list = server.request("tools/list", json!({}));
    let names: Vec<&str> = list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["echo", "costly"], "{list}");
    let reply = server.call("costly", json!({"xs": [1, 2, 3]}));
    assert_eq!(text(&reply), "ok", "{reply}");
    assert_healthy(&mut server);
}

#[test]
fn a_costly_schema_check_never_holds_up_the_thread_that_reads_requests() {
    // 200 values that fail a schema just under the load-time bound: about
    // 100,000 evaluations, each failing branch reported. The ping sent right
    // behind it must not wait.
    let mut server = started_with(Options {
        components: &["echo", "schemas"],
        ..Default::default()
    });
    let xs: Vec<Value> = (0..200)
        .map(|i| json!(format!("not a number {i}")))
        .collect();
    server.send_raw(&format!(
        "{}\n{}\n",
        json!({"jsonrpc": "2.0", "id": "costly", "method": "tools/call",
            "params": {"name": "costly", "arguments": {"xs": xs}}}),
        json!({"jsonrpc": "2.0", "id": "ping", "method": "ping"}),
    ));
    let first = server.recv();
    assert_eq!(
        first["id"], "ping",
        "the ping waited for the check: {first}"
    );
    let costly = server.recv_id(&json!("costly"));
    let message = tool_error(&costly);
    assert!(
        message.starts_with("Invalid arguments for tool costly:"),
        "{message}"
    );
    assert!(message.contains("/xs/0"), "{message}");
    assert_healthy(&mut server);
}

#[test]
fn a_reused_id_after_a_cancel_gets_its_own_reply_and_only_that() {
    // Cancel a call while it writes out its (large) reply and reuse its id at
    // once: that reply must never go out under the new call's id, and the
    // new call must be answered. The moment of the cancellation is swept
    // across the first call's lifetime, bounded in rounds and time.
    let mut server = started("");
    let started = Instant::now();
    let mut rounds = 0;
    while rounds < 400 && started.elapsed() < Duration::from_secs(30) {
        rounds += 1;
        let id = format!("r{}", rounds % 2);
        server.send(&json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
            "params": {"name": "sleep", "arguments": {"ms": 1, "pad": 300_000}}}));
        let delay = Duration::from_micros((rounds * 37 % 2500) as u64);
        let sent = Instant::now();
        while sent.elapsed() < delay {
            std::hint::spin_loop();
        }
        // The second call pads its answer with the round number, so each
        // round's answer is known for its own.
        server.send_raw(&format!(
            "{}\n{}\n",
            json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
                "params": {"requestId": id}}),
            json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                "params": {"name": "sleep", "arguments": {"ms": 2, "pad": rounds}}}),
        ));
        // A first call that finished before its cancellation arrived is
        // answered, maybe even after the second; the second call must be
        // answered in any case.
        loop {
            let reply = server.recv();
            let text = text(&reply);
            if let Some(pad) = text.strip_prefix("slept 2 ms") {
                assert_eq!(pad.len(), rounds, "an answer from another round: {reply}");
                assert_eq!(reply["id"], id, "{reply}");
                break;
            }
            assert!(text.starts_with("slept 1 ms"), "round {rounds}: {text:.40}");
        }
    }
    assert_healthy(&mut server);
}

#[test]
fn a_component_at_the_instance_cap_cannot_take_what_other_tools_need() {
    // misbehave, grown to create 64 core instances per call (the most one
    // call may hold), and once more to 65 (which can never fit).
    let misbehave = std::fs::read(support::components().join("misbehave.wasm")).unwrap();
    let heavy = support::with_core_instances(&misbehave, 64);
    let heavier = support::with_core_instances(&misbehave, 65);
    let mut server = started_with(Options {
        components: &["echo"],
        files: &[("heavy.wasm", &heavy), ("heavier.wasm", &heavier)],
        ..Default::default()
    });
    // Sixteen calls (the per-tool limit) of the heavy tool in flight at once,
    // each holding 64 instances: calls to another tool must still run.
    let ids: Vec<Value> = (0..16).map(|i| json!(format!("heavy-{i}"))).collect();
    for id in &ids {
        server.send(&json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
            "params": {"name": "sleep", "arguments": {"ms": 8000}}}));
    }
    let reply = server.call("echo", json!({"message": "still here"}));
    assert_eq!(reply["result"]["isError"], false, "{reply}");
    assert_eq!(text(&reply), "still here");
    for id in &ids {
        server.send(
            &json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
            "params": {"requestId": id}}),
        );
    }
    assert_healthy(&mut server);
    assert!(
        server.try_recv().is_err(),
        "no heavy call failed or answered after its cancellation"
    );
    let refused = server.wait_for_log(&["heavier.wasm", "skipping component"]);
    assert!(
        refused.contains("65 core module instances") && refused.contains("maximum of 64"),
        "the load error says what the component needs: {refused}"
    );
}

/// Runs `calls` calls of the soak mix, at most `window` in flight, from call
/// number `first`; checks every reply as it arrives.
fn soak(server: &mut Server, first: usize, calls: usize, window: usize, until: Instant) {
    soak_with(server, soak::Kind::of, first, calls, window, until);
}

fn soak_with(
    server: &mut Server,
    mix: fn(usize) -> soak::Kind,
    first: usize,
    calls: usize,
    window: usize,
    until: Instant,
) {
    let mut in_flight: HashMap<String, usize> = HashMap::new();
    let mut next = first;
    while next < first + calls || !in_flight.is_empty() {
        assert!(Instant::now() < until, "the soak ran out of time");
        while in_flight.len() < window && next < first + calls {
            let (tool, arguments) = mix(next).request(next);
            let id = format!("soak-{next}");
            server.send(&json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                "params": {"name": tool, "arguments": arguments}}));
            in_flight.insert(id, next);
            next += 1;
        }
        let reply = server.recv();
        let id = reply["id"].as_str().unwrap_or_default().to_owned();
        let i = in_flight
            .remove(&id)
            .unwrap_or_else(|| panic!("a reply for no call in flight (or a second one): {reply}"));
        mix(i).check(i, &reply);
    }
}

#[test]
fn soak_ten_thousand_calls_at_64_concurrency_each_get_one_right_reply() {
    let mut server = started_with(Options {
        config: soak::CONFIG,
        ..Default::default()
    });
    let until = Instant::now() + Duration::from_secs(600);
    // Warm-up: the mix, then the hungriest call on every sandbox slot at
    // once, so each slot has held as much as it ever will.
    soak(&mut server, 0, 1_000, 64, until);
    soak_with(&mut server, |_| soak::Kind::Hog, 0, 3 * 64, 64, until);
    let baseline = soak::rss_kib(server.pid());
    soak(&mut server, 1_000, 9_000, 64, until);
    let after = soak::rss_kib(server.pid());
    assert!(server.try_recv().is_err(), "no stray replies");
    assert_healthy(&mut server);
    soak::assert_rss_returns("stdio", baseline, after);
}

#[test]
fn two_hundred_concurrent_calls_each_get_exactly_one_correct_reply() {
    let config = "max_in_flight = 256\n\
        [defaults]\nmax_in_flight = 256\nmemory_mib = 32\n\
        [tools.spin]\ndeadline_ms = 500\nfuel = 1000000000000\n\
        [tools.hog]\nmemory_mib = 16";
    let mut server = started(config);
    let kinds = [
        "echo",
        "add",
        "panic",
        "spin",
        "hog",
        "recurse",
        "fail",
        "text_stats",
    ];
    let mut expected = HashMap::new();
    let mut batch = String::new();
    for i in 0..200 {
        let kind = kinds[i % kinds.len()];
        let arguments = match kind {
            "echo" => json!({"message": format!("m{i}")}),
            "add" => json!({"a": i, "b": 1}),
            "text_stats" => json!({"text": "a b c"}),
            _ => json!({}),
        };
        let id = format!("c{i}");
        batch.push_str(&format!(
            "{}\n",
            json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
                "params": {"name": kind, "arguments": arguments}})
        ));
        expected.insert(id, (kind, i));
    }
    server.send_raw(&batch);
    let mut seen = HashMap::new();
    for _ in 0..200 {
        let reply = server.recv();
        let id = reply["id"].as_str().unwrap().to_owned();
        let (kind, i) = expected[&id];
        let result = &reply["result"];
        match kind {
            "echo" => assert_eq!(text(&reply), format!("m{i}")),
            "add" => assert_eq!(result["structuredContent"]["sum"], json!(i as f64 + 1.0)),
            "text_stats" => assert_eq!(result["structuredContent"]["words"], 3),
            "panic" => assert!(tool_error(&reply).contains("panicked")),
            "spin" => assert!(tool_error(&reply).contains("deadline")),
            "hog" => assert!(tool_error(&reply).contains("memory limit")),
            "recurse" => assert!(tool_error(&reply).contains("stack")),
            "fail" => assert!(tool_error(&reply).contains("boom")),
            _ => unreachable!(),
        }
        assert!(
            seen.insert(id.clone(), ()).is_none(),
            "second reply for {id}"
        );
    }
    assert_eq!(seen.len(), 200);
    assert_healthy(&mut server);
    assert!(server.close().success());
}

#[test]
fn guest_stdout_never_reaches_the_protocol_stream() {
    let mut server = started_with(Options {
        env: &[("RUST_LOG", "info,toolhost::runtime=debug")],
        ..Default::default()
    });
    let reply = server.call("print", json!({}));
    assert_eq!(text(&reply), "printed to stdout and stderr");
    // What the guest printed went to the log, tagged with its call.
    server.wait_for_log(&["misbehave: stderr line", "guest wrote to stdout/stderr"]);
    server.wait_for_log(&[
        "misbehave: stdout is not yours",
        "guest wrote to stdout/stderr",
    ]);
    assert_healthy(&mut server);
    // The harness checks every stdout line is JSON-RPC; none may be the guest's.
    server.close();
    if let Ok(extra) = server.try_recv() {
        assert_ne!(
            extra["result"], "misbehave: stdout is not yours",
            "guest output leaked to stdout"
        );
        panic!("unexpected extra message: {extra}");
    }
}

#[test]
fn guest_log_lines_are_capped_per_call_and_sanitized() {
    let mut server = started("");
    let reply = server.call("chatter", json!({"lines": 1000}));
    assert_eq!(text(&reply), "wrote 1000 log lines");
    server.wait_for_log(&["guest log limit of 200 lines reached"]);
    let log = server.stderr_text();
    let chatter: Vec<&str> = log.lines().filter(|l| l.contains("chatter line")).collect();
    assert_eq!(chatter.len(), 200, "one call logs at most 200 lines");
    assert!(
        chatter.iter().all(|l| !l.contains('\u{1b}')),
        "escape sequences are stripped from guest logs"
    );
    assert_healthy(&mut server);
}

#[test]
fn stdin_eof_lets_calls_in_flight_finish_then_exits_cleanly() {
    let mut server = started("");
    let id = server.fresh_id();
    server.send(&json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
        "params": {"name": "sleep", "arguments": {"ms": 300}}}));
    let status = server.close();
    assert!(status.success(), "{status:?}");
    let reply = server.recv_id(&id);
    assert_eq!(reply["result"]["isError"], false, "{reply}");
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
fn a_slow_tool_does_not_hold_up_a_fast_one() {
    let mut server = started("[tools.spin]\ndeadline_ms = 3000\nfuel = 1000000000000");
    // One blocked in a host call, one burning CPU, then a quick call: the
    // quick one is answered first, long before either slow one can finish.
    server.send(
        &json!({"jsonrpc": "2.0", "id": "sleepy", "method": "tools/call",
        "params": {"name": "sleep", "arguments": {"ms": 3000}}}),
    );
    server.send(
        &json!({"jsonrpc": "2.0", "id": "busy", "method": "tools/call",
        "params": {"name": "spin"}}),
    );
    server.send(
        &json!({"jsonrpc": "2.0", "id": "quick", "method": "tools/call",
        "params": {"name": "echo", "arguments": {"message": "first"}}}),
    );
    let first = server.recv();
    assert_eq!(first["id"], "quick", "{first}");
    assert_eq!(text(&first), "first");
    assert!(tool_error(&server.recv_id(&json!("busy"))).contains("deadline"));
    assert_eq!(text(&server.recv_id(&json!("sleepy"))), "slept 3000 ms");
}

#[test]
fn json_logs_are_one_object_per_line() {
    let mut server = started_with(Options {
        args: &["--log-format", "json"],
        ..Default::default()
    });
    tool_error(&server.call("panic", json!({})));
    server.wait_for_log(&["misbehave: deliberate panic"]);
    server.close();
    let log = server.stderr_text();
    for line in log.lines() {
        let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(
            value["level"].is_string() && value["fields"].is_object(),
            "{line}"
        );
    }
}

#[test]
fn non_object_structured_output_is_text_only_for_legacy_clients() {
    let mut server = started("");
    let list = server.request("tools/list", json!({}));
    let split = list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "split")
        .unwrap();
    assert!(
        split.get("outputSchema").is_none(),
        "legacy clients only know object-rooted output schemas: {split}"
    );
    let reply = server.call("split", json!({"text": "a b"}));
    assert!(
        reply["result"].get("structuredContent").is_none(),
        "{reply}"
    );
    assert_eq!(text(&reply), r#"["a","b"]"#);

    // 2026-07-28 allows any JSON value.
    let list = server.request("tools/list", with_modern_meta(json!({})));
    let split = list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "split")
        .unwrap();
    assert_eq!(split["outputSchema"]["type"], "array");
    let reply = server.call_modern("split", json!({"text": "a b"}));
    assert_eq!(reply["result"]["structuredContent"], json!(["a", "b"]));
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

#[test]
fn adversarial_catalog_over_stdio_gets_each_documented_reply() {
    let mut server = started_with(Options {
        components: catalog::COMPONENTS,
        config: catalog::CONFIG,
        ..Default::default()
    });
    for (n, case) in catalog::cases().iter().enumerate() {
        if case.on == catalog::On::Http {
            continue;
        }
        // A ping behind each row: every synchronous reply comes before its
        // reply, so a row that must get none can be checked without waiting.
        let sentinel = json!(format!("after-{n}"));
        let mut line = case.message.clone();
        line.push(b'\n');
        line.extend(
            json!({"jsonrpc": "2.0", "id": sentinel, "method": "ping"})
                .to_string()
                .bytes(),
        );
        line.push(b'\n');
        server.send_bytes(&line);
        let mut before = Vec::new();
        loop {
            let reply = server.recv();
            if reply["id"] == sentinel {
                break;
            }
            before.push(reply);
        }
        let reply = match case.expect {
            catalog::Expect::Nothing => {
                assert!(before.is_empty(), "{}: {before:?}", case.name);
                None
            }
            catalog::Expect::ErrorNullId(_) => {
                assert_eq!(before.len(), 1, "{}: {before:?}", case.name);
                before.pop()
            }
            _ => match before.iter().position(|r| r["id"] == case.id) {
                Some(at) => Some(before.remove(at)),
                None => Some(server.recv_id(&case.id)),
            },
        };
        catalog::check("stdio", case, reply.as_ref());
        assert_healthy(&mut server);
    }
    // A flood: a thousand requests in one write, each answered once.
    let flood: String = (0..1000)
        .map(|i| format!("{}\n", json!({"jsonrpc": "2.0", "id": i, "method": "ping"})))
        .collect();
    server.send_raw(&flood);
    let mut seen = std::collections::HashSet::new();
    for _ in 0..1000 {
        let reply = server.recv();
        assert!(seen.insert(reply["id"].as_i64().unwrap()), "twice: {reply}");
    }
    println!("catalog [stdio] a flood of 1000 pings: 1000 replies, one per id");
    assert_healthy(&mut server);
    println!(
        "error-text audit: {} error texts checked so far in this run",
        support::audit::audited()
    );
}

#[test]
fn eof_in_the_middle_of_a_call_still_answers_it_then_exits_cleanly() {
    let mut server = started("");
    server.send(
        &json!({"jsonrpc": "2.0", "id": "last", "method": "tools/call",
        "params": {"name": "sleep", "arguments": {"ms": 300}}}),
    );
    let status = server.close();
    let reply = server.recv_id(&json!("last"));
    assert_eq!(text(&reply), "slept 300 ms");
    assert!(status.success(), "{status:?}");
    println!("catalog [stdio] EOF mid-call: the call is answered, exit 0");
}
