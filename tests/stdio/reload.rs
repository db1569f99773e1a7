//! Hot reload over stdio: components added, replaced (while a call runs on
//! the old version), broken and removed in the watched folder, policy files
//! edited, and the config file re-read on SIGHUP; the client is told with
//! `notifications/tools/list_changed` whenever the list changes.
//!
//! Every file is replaced the way a deploy should do it (written beside,
//! then renamed over), and every wait is on a message or a log line.

use std::path::Path;
use std::process::Command;

use super::*;

const LIST_CHANGED: &str = "notifications/tools/list_changed";

/// Puts `bytes` at `path` atomically: written beside it, renamed over it.
fn deploy(path: &Path, bytes: &[u8]) {
    let staged = path.with_extension("staged");
    std::fs::write(&staged, bytes).unwrap();
    std::fs::rename(&staged, path).unwrap();
}

fn built(name: &str) -> Vec<u8> {
    std::fs::read(support::components().join(format!("{name}.wasm"))).unwrap()
}

fn listed(server: &mut Server) -> Vec<String> {
    let list = server.request("tools/list", json!({}));
    support::tool_names(&list)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

fn hangup(server: &Server) {
    let status = Command::new("kill")
        .args(["-HUP", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_folder_is_watched_and_the_client_is_promised_list_changes() {
    let mut server = Server::start_with(Options {
        components: &["echo"],
        ..Default::default()
    });
    let init = server.initialize("2025-11-25");
    assert_eq!(
        init["result"]["capabilities"]["tools"]["listChanged"], true,
        "{init}"
    );
    let mut unwatched = Server::start_with(Options {
        components: &["echo"],
        args: &["--no-watch"],
        ..Default::default()
    });
    let init = unwatched.initialize("2025-11-25");
    assert_eq!(
        init["result"]["capabilities"]["tools"]["listChanged"], false,
        "{init}"
    );
}

#[test]
fn a_component_replaced_during_a_call_serves_new_calls_while_the_call_finishes_on_the_old() {
    let mut server = Server::start_with(Options {
        components: &["misbehave"],
        ..Default::default()
    });
    server.initialize("2025-11-25");
    server.send(
        &json!({"jsonrpc": "2.0", "id": "slow", "method": "tools/call",
        "params": {"name": "sleep", "arguments": {"ms": 4000}}}),
    );
    // Lines are handled in order: once the ping is answered, the call has
    // taken its tool.
    let ping = server.request("ping", json!({}));
    assert_eq!(ping["result"], json!({}), "{ping}");

    // The same file name, now holding another component.
    deploy(&server.tools_dir().join("misbehave.wasm"), &built("clash"));
    server.recv_notification(LIST_CHANGED);
    assert_eq!(listed(&mut server), ["echo"]);
    assert_eq!(
        text(&server.call("echo", json!({"message": "x"}))),
        "from clash",
        "new calls run the new version"
    );
    let gone = server.call("sleep", json!({"ms": 1}));
    assert_eq!(gone["error"]["code"], -32602, "{gone}");

    let slow = server.recv_id(&json!("slow"));
    assert_eq!(slow["result"]["isError"], false, "{slow}");
    assert_eq!(text(&slow), "slept 4000 ms", "the old version finished it");
    server.wait_for_log(&["component reloaded", "component=misbehave.wasm"]);
}

#[test]
fn a_broken_new_version_leaves_the_previous_one_serving_until_a_good_one_arrives() {
    let mut server = Server::start_with(Options {
        components: &["echo"],
        ..Default::default()
    });
    server.initialize("2025-11-25");
    let echo = server.tools_dir().join("echo.wasm");
    deploy(&echo, b"\0asm this is not a component");
    let line = server.wait_for_log(&[
        "the new version failed to load",
        "previous version keeps serving",
        "component=echo.wasm",
    ]);
    assert!(line.contains("WARN"), "{line}");
    server.wait_for_log(&[
        "component not served: compile failed",
        "component=echo.wasm",
    ]);
    assert_healthy(&mut server);

    deploy(&echo, &built("clash"));
    server.recv_notification(LIST_CHANGED);
    assert_eq!(
        text(&server.call("echo", json!({"message": "x"}))),
        "from clash"
    );
    assert!(
        server.notifications().is_empty(),
        "the broken version announced nothing: {:?}",
        server.notifications()
    );
}

#[test]
fn components_come_and_go_and_a_policy_edit_reloads_its_component() {
    let mut server = Server::start_with(Options {
        components: &["echo", "probe"],
        env: &[("TOOLHOST_TEST_REGION", "eu-west")],
        ..Default::default()
    });
    server.initialize("2025-11-25");
    let tools = server.tools_dir();
    let region = |server: &mut Server| {
        let reply = server.call("env_get", json!({"name": "REGION"}));
        text(&reply).to_owned()
    };
    assert_eq!(region(&mut server), "(unset)");

    deploy(&tools.join("textkit.wasm"), &built("textkit"));
    server.recv_notification(LIST_CHANGED);
    assert!(listed(&mut server).contains(&"text_stats".to_owned()));
    let stats = server.call("text_stats", json!({"text": "one two"}));
    assert_eq!(stats["result"]["isError"], false, "{stats}");

    // A policy beside the component: same tools, so no announcement, but
    // the next call runs with the new grant.
    deploy(
        &tools.join("probe.policy.toml"),
        b"[env]\nREGION = { from_env = \"TOOLHOST_TEST_REGION\" }\n",
    );
    // In service once the new set is.
    server.wait_for_log(&["tools reloaded", "changed=probe.wasm"]);
    assert_eq!(region(&mut server), "eu-west");

    std::fs::remove_file(tools.join("textkit.wasm")).unwrap();
    server.recv_notification(LIST_CHANGED);
    let names = listed(&mut server);
    assert!(!names.contains(&"text_stats".to_owned()), "{names:?}");
    let gone = server.call("text_stats", json!({"text": "x"}));
    assert_eq!(gone["error"]["code"], -32602, "{gone}");
    assert!(
        server.notifications().is_empty(),
        "one announcement per change: {:?}",
        server.notifications()
    );
}

#[test]
fn sighup_rereads_the_config_and_a_broken_config_changes_nothing() {
    let mut server = Server::start_with(Options {
        components: &["echo", "textkit"],
        config: "hide_tools = [\"line_diff\"]\n",
        ..Default::default()
    });
    server.initialize("2025-11-25");
    assert_eq!(listed(&mut server), ["echo", "text_stats"]);

    deploy(&server.config_path(), b"[defaults]\nfuel = \"lots\"\n");
    hangup(&server);
    let line = server.wait_for_log(&["config not reloaded", "previous config stays in force"]);
    assert!(line.contains("is not valid"), "{line}");
    assert_eq!(listed(&mut server), ["echo", "text_stats"]);

    deploy(&server.config_path(), b"hide_tools = [\"text_stats\"]\n");
    hangup(&server);
    server.recv_notification(LIST_CHANGED);
    assert_eq!(listed(&mut server), ["echo", "line_diff"]);
    assert_healthy(&mut server);
}

#[test]
fn at_2026_07_28_changes_go_only_to_the_subscriptions_listen_streams_that_asked() {
    let mut server = Server::start_with(Options {
        components: &["echo"],
        ..Default::default()
    });
    let listen = |id: &str, notifications: Value| {
        json!({"jsonrpc": "2.0", "id": id, "method": "subscriptions/listen",
            "params": with_modern_meta(json!({"notifications": notifications}))})
    };
    server.send(&listen(
        "tools",
        json!({"toolsListChanged": true, "promptsListChanged": true}),
    ));
    let ack = server.recv_notification("notifications/subscriptions/acknowledged");
    assert_eq!(
        ack["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"],
        "tools"
    );
    assert_eq!(
        ack["params"]["notifications"],
        json!({"toolsListChanged": true, "promptsListChanged": true}),
        "every list change is honoured, whatever is served now"
    );
    server.send(&listen("quiet", json!({})));
    let ack = server.recv_notification("notifications/subscriptions/acknowledged");
    assert_eq!(
        ack["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"],
        "quiet"
    );

    deploy(&server.tools_dir().join("textkit.wasm"), &built("textkit"));
    let changed = server.recv_notification(LIST_CHANGED);
    assert_eq!(
        changed["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"],
        "tools"
    );

    // Cancelled: the stream ends and is never answered. A new stream then
    // gets the next change, and the old one nothing.
    server.send(
        &json!({"jsonrpc": "2.0", "method": "notifications/cancelled",
        "params": {"requestId": "tools"}}),
    );
    server.send(&listen("again", json!({"toolsListChanged": true})));
    server.recv_notification("notifications/subscriptions/acknowledged");
    std::fs::remove_file(server.tools_dir().join("textkit.wasm")).unwrap();
    let changed = server.recv_notification(LIST_CHANGED);
    assert_eq!(
        changed["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"],
        "again"
    );
    let list = server.request("tools/list", with_modern_meta(json!({})));
    assert_eq!(support::tool_names(&list), ["echo"], "{list}");
    assert!(
        server.notifications().is_empty(),
        "nothing for the cancelled or the quiet stream: {:?}",
        server.notifications()
    );
    assert!(server.try_recv().is_err(), "no stream was answered");

    // The legacy era has no such method: it has its own notifications.
    let mut legacy = Server::start_with(Options {
        components: &["echo"],
        ..Default::default()
    });
    legacy.initialize("2025-11-25");
    let refused = legacy.request(
        "subscriptions/listen",
        json!({"notifications": {"toolsListChanged": true}}),
    );
    assert_eq!(refused["error"]["code"], -32601, "{refused}");
}

#[test]
fn adding_a_component_with_resources_and_prompts_announces_each_list() {
    let mut server = Server::start_with(Options {
        components: &["echo"],
        ..Default::default()
    });
    server.initialize("2025-11-25");
    // A 2026-07-28 listener on the same connection, for prompts only.
    let mut listen = with_modern_meta(json!({"notifications": {"promptsListChanged": true}}));
    listen["_meta"]["io.modelcontextprotocol/clientCapabilities"] = json!({});
    server.send(
        &json!({"jsonrpc": "2.0", "id": "l", "method": "subscriptions/listen",
        "params": listen}),
    );
    let ack = server.recv_notification("notifications/subscriptions/acknowledged");
    assert_eq!(
        ack["params"]["notifications"],
        json!({"promptsListChanged": true})
    );

    deploy(&server.tools_dir().join("rich.wasm"), &built("rich"));
    server.recv_notification(LIST_CHANGED);
    server.recv_notification("notifications/resources/list_changed");
    // The prompts change twice over: to the session, and tagged to the
    // listener, which hears of nothing else.
    let mut tags: Vec<Value> = (0..2)
        .map(|_| {
            let note = server.recv_notification("notifications/prompts/list_changed");
            note["params"]["_meta"]["io.modelcontextprotocol/subscriptionId"].clone()
        })
        .collect();
    tags.sort_by_key(|tag| tag.is_null());
    assert_eq!(tags, [json!("l"), Value::Null]);
    let prompts = server.request("prompts/list", json!({}));
    assert_eq!(
        prompts["result"]["prompts"][0]["name"], "greet",
        "{prompts}"
    );
    let caps = &server.initialize("2025-11-25")["result"]["capabilities"];
    assert_eq!(caps["prompts"]["listChanged"], true, "{caps}");
    assert_eq!(caps["resources"]["listChanged"], true, "{caps}");
}

#[test]
fn a_subscribed_resource_is_updated_when_its_component_is_replaced() {
    let mut server = Server::start_with(Options {
        components: &["echo", "rich"],
        ..Default::default()
    });
    server.initialize("2025-11-25");
    let ok = server.request("resources/subscribe", json!({"uri": "rich://greeting"}));
    assert_eq!(ok["result"], json!({}), "{ok}");
    let rich = server.tools_dir().join("rich.wasm");
    deploy(&rich, &built("rich"));
    let updated = server.recv_notification("notifications/resources/updated");
    assert_eq!(updated["params"], json!({"uri": "rich://greeting"}));

    // Unsubscribed, it is not told again; another subscription is. The
    // notifications of one reload go out in order, so one for the greeting
    // would come before the pixel's.
    server.request("resources/unsubscribe", json!({"uri": "rich://greeting"}));
    server.request("resources/subscribe", json!({"uri": "rich://pixel"}));
    deploy(&rich, &built("rich"));
    let updated = server.recv_notification("notifications/resources/updated");
    assert_eq!(updated["params"], json!({"uri": "rich://pixel"}));
    assert!(
        !server
            .notifications()
            .iter()
            .any(|n| n["method"] == LIST_CHANGED),
        "the lists did not change"
    );
}
