//! Contract 0.1 keeps working as it did: every SDK tool is now a 0.2
//! component, so `contract-v01` (raw bindings of `wit/tool.wit`) pins what
//! a 0.1 component gets — text and structured results, each kind of tool
//! error, a panic named as one, fuel, host log lines — beside a 0.2 one.

use super::*;

fn v01() -> Server {
    let server = started_with(Options {
        components: &["contract_v01", "echo"],
        config: "[tools.v01_spin]\nfuel = 50000000\ndeadline_ms = 60000",
        ..Default::default()
    });
    server.wait_for_log(&["tools loaded", "components=2", "tools=8"]);
    server
}

#[test]
fn a_0_1_component_answers_as_before_beside_a_0_2_one() {
    let mut server = v01();
    // Which contract each exports, as `toolhost check` reports it.
    let checked = std::process::Command::new(env!("CARGO_BIN_EXE_toolhost"))
        .arg("check")
        .arg("--tools")
        .arg(server.tools_dir())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&checked.stdout);
    assert!(
        report.contains("describes 7 tools (contract 0.1.0)")
            && report.contains("describes 1 tool (contract 0.2.0)"),
        "{report}"
    );
    let list = server.request("tools/list", json!({}));
    let names = support::tool_names(&list);
    assert!(
        names.contains(&"v01_echo") && names.contains(&"echo"),
        "{names:?}"
    );

    let echoed = server.call("v01_echo", json!({"message": "héllo"}));
    assert_eq!(echoed["result"]["isError"], false, "{echoed}");
    assert_eq!(text(&echoed), "héllo");
    let counted = server.call("v01_structured", json!({"text": "a b c"}));
    assert_eq!(text(&counted), "5 characters, 3 words");
    assert_eq!(
        counted["result"]["structuredContent"],
        json!({"characters": 5, "words": 3})
    );
    assert_healthy(&mut server);
}

#[test]
fn a_0_1_component_fails_through_the_same_error_table() {
    let mut server = v01();
    let failed = server.call("v01_fail", json!({}));
    assert_eq!(
        tool_error(&failed),
        "Invalid input: contract-v01: this input is never right"
    );
    let upstream = server.call("v01_upstream_fail", json!({}));
    assert_eq!(
        tool_error(&upstream),
        "The upstream service is unavailable (HTTP 503). Retry after 30 s."
    );
    let panicked = server.call("v01_panic", json!({}));
    assert!(
        tool_error(&panicked).starts_with("The tool crashed: it panicked"),
        "{panicked}"
    );
    server.wait_for_log(&["panic: contract-v01: deliberate panic"]);
    let spun = server.call("v01_spin", json!({}));
    assert!(tool_error(&spun).contains("ran out of fuel"), "{spun}");
    let logged = server.call("v01_log", json!({}));
    assert_eq!(text(&logged), "logged");
    server.wait_for_log(&["contract-v01: a line at warn", "tool=\"v01_log\""]);
    assert_healthy(&mut server);
}
