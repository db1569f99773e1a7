//! Loading at start: a component that takes long to load (here, one that
//! waits for the test's cue in `describe`) never holds up `initialize`;
//! the server answers with what has loaded, says its lists will change,
//! and tells the client when the component arrives.

use super::*;

const LIST_CHANGED: &str = "notifications/tools/list_changed";

#[test]
fn a_slow_component_does_not_hold_up_initialize_and_arrives_as_a_list_change() {
    let gate = tempfile::tempdir().unwrap();
    let config = format!(
        "[[components.slow_load.files]]\nhost = {:?}\nguest = \"/gate\"\nmode = \"read-only\"\n",
        gate.path()
    );
    let mut server = Server::start_with(Options {
        components: &["echo", "slow_load"],
        config: &config,
        // Not watched: the list still changes while components load.
        args: &["--no-watch", "--startup-wait-ms", "0"],
        await_load: false,
        ..Default::default()
    });

    let init = server.initialize("2025-11-25");
    let capabilities = &init["result"]["capabilities"];
    assert_eq!(capabilities["tools"]["listChanged"], true, "{init}");
    // Any list may yet be offered, so every one is declared.
    assert_eq!(capabilities["resources"]["listChanged"], true, "{init}");
    assert_eq!(capabilities["prompts"]["listChanged"], true, "{init}");
    assert!(
        !server.stderr_text().contains("tools loaded"),
        "answered only after loading:\n{}",
        server.stderr_text()
    );
    let list = server.request("tools/list", json!({}));
    assert!(
        !support::tool_names(&list).contains(&"slow_loaded"),
        "{list}"
    );
    let early = server.call("slow_loaded", json!({"message": "hi"}));
    assert_eq!(early["error"]["code"], -32602, "{early}");
    assert_eq!(
        early["error"]["message"],
        "Unknown tool: slow_loaded (components are still loading; the tool list changes when \
         they are ready)",
        "{early}"
    );
    // Nothing was promised as cacheable while the list is partial.
    let modern = server.request("tools/list", support::with_modern_meta(json!({})));
    assert_eq!(modern["result"]["ttlMs"], 0, "{modern}");
    // Lists no component turned out to serve answer empty, as declared.
    let resources = server.request("resources/list", json!({}));
    assert_eq!(resources["result"]["resources"], json!([]), "{resources}");

    std::fs::write(gate.path().join("open"), b"").unwrap();
    server.wait_for_log(&["tools loaded", "components=2", "tools=2"]);
    // Each arrival is announced; the last one completes the list.
    server.recv_notification(LIST_CHANGED);
    let list = server.request("tools/list", json!({}));
    assert_eq!(
        support::tool_names(&list),
        ["echo", "slow_loaded"],
        "{list}"
    );
    let called = server.call("slow_loaded", json!({"message": "hi"}));
    assert_eq!(support::text(&called), r#"{"message":"hi"}"#, "{called}");
    let modern = server.request("tools/list", support::with_modern_meta(json!({})));
    assert_eq!(modern["result"]["ttlMs"], 60_000, "{modern}");
    let resources = server.request("resources/list", json!({}));
    assert_eq!(resources["result"]["resources"], json!([]), "{resources}");
}
