//! Hostile input over stdio: schemas too costly to check, ids reused after a
//! cancellation, a component at the instance cap, the soak and the
//! adversarial catalog.

use crate::support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use support::{Options, Server, catalog, soak, text, tool_error};

use super::*;

#[test]
fn schemas_too_costly_to_check_are_refused_at_load_and_the_rest_serve() {
    let mut server = started_with(Options {
        components: &["echo", "schemas"],
        ..Default::default()
    });
    for tool in ["bomb", "bomb_output"] {
        let line = server.wait_for_log(&["tool not served", &format!("tool={tool} ")]);
        assert!(
            line.contains("too costly to check") && line.contains("subschema evaluations"),
            "the load error names the reason: {line}"
        );
    }
    let list = server.request("tools/list", json!({}));
    let names = support::tool_names(&list);
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
    let heavy = support::instances::with_core_instances(&misbehave, 64);
    let heavier = support::instances::with_core_instances(&misbehave, 65);
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
    let refused = server.wait_for_log(&["heavier.wasm", "component not served"]);
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
        [defaults]\nmax_in_flight = 256\nmemory_mib = 32\nquarantine_after = 0\n\
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
