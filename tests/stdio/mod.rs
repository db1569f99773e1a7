//! End-to-end over stdio: the real `toolhost` binary, the real components from
//! `tools/`, a client that writes JSON-RPC lines. The protocol and the
//! server's life cycle here; every row of the error table in `errors`, each
//! followed by a good call on the same server; hostile input, the soak and the
//! adversarial catalog in `hardening`.

use crate::support;

use serde_json::{Value, json};
use support::{Options, Server, text, tool_error, with_modern_meta};

mod client_line;
mod contract;
mod contract_v01;
mod errors;
mod examples_v2;
mod hardening;
mod input_required;
mod plain_wit;
mod reload;
mod served;
mod startup;
mod stream;

/// Asserts the server still answers a good call correctly.
pub(super) fn assert_healthy(server: &mut Server) {
    let reply = server.call("echo", json!({"message": "still here"}));
    assert_eq!(reply["result"]["isError"], false, "{reply}");
    assert_eq!(text(&reply), "still here");
}

/// A server with the default components and `config`, initialized at 2025-11-25.
pub(super) fn started(config: &str) -> Server {
    started_with(Options {
        config,
        ..Default::default()
    })
}

/// A server started with `options`, initialized at 2025-11-25.
pub(super) fn started_with(options: Options<'_>) -> Server {
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
    let names = support::tool_names(&list);
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
    server.wait_for_log(&["garbage.wasm", "component not served"]);
    server.wait_for_log(&["bad_describe.wasm", "failed to describe"]);
    server.wait_for_log(&["tool name already taken", "echo.wasm", "clash.wasm"]);
}

#[test]
fn the_config_chooses_which_tools_are_served() {
    let mut server = started_with(Options {
        components: &["echo", "textkit", "misbehave"],
        config: "expose_tools = [\"echo\", \"*_diff\", \"text_*\", \"typo*\"]\n\
                 hide_tools = [\"text_stats\"]",
        ..Default::default()
    });
    let list = server.request("tools/list", json!({}));
    let mut names = support::tool_names(&list);
    names.sort();
    assert_eq!(names, ["echo", "line_diff"], "{list}");
    let hidden = server.call("text_stats", json!({"text": "a"}));
    assert_eq!(
        hidden["error"]["message"], "Unknown tool: text_stats",
        "a hidden tool is unknown: {hidden}"
    );
    assert_eq!(
        server.call("add", json!({"a": 1, "b": 2}))["error"]["code"],
        -32602,
        "not exposed: unknown"
    );
    assert_healthy(&mut server);
    server.wait_for_log(&["tool not served", "text_stats"]);
    server.wait_for_log(&["names tools no component provides", "typo*"]);
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
