//! Grants and denials, end to end: the real `toolhost` binary, the real
//! `fetch`, `files` and `probe` components, and a real HTTP server on
//! 127.0.0.1. Every request goes to loopback; the default policy refuses
//! loopback too, so the same server proves both sides of each rule.

use crate::support;

use std::path::PathBuf;

use serde_json::{Value, json};
use support::upstream::Upstream;
use support::{Options, Server, text, tool_error};

mod network;
mod tls;

/// A server on `components` with `config`, initialized at 2025-11-25.
pub(super) fn started(components: &[&str], config: &str, env: &[(&str, &str)]) -> Server {
    let mut server = Server::start_with(Options {
        components,
        config,
        env,
        ..Default::default()
    });
    server.initialize("2025-11-25");
    server
}

/// A `[components.NAME]` network grant for `upstream`, with short timeouts.
pub(super) fn network_policy(component: &str, upstream: &Upstream, extra: &str) -> String {
    format!(
        r#"
        [components.{component}.network]
        allow = ["http://127.0.0.1:{port}"]
        connect_timeout_ms = 2000
        first_byte_timeout_ms = 500
        between_bytes_timeout_ms = 500
        total_timeout_ms = 5000
        max_response_kib = 1024
        {extra}
        "#,
        port = upstream.port
    )
}

pub(super) fn fetch(server: &mut Server, url: &str) -> Value {
    server.call("fetch", json!({ "url": url }))
}

// ---- files ----

/// A folder to grant, a secret file beside it, and a symlink out of it.
struct Folders {
    root: tempfile::TempDir,
}

impl Folders {
    fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("data");
        std::fs::create_dir_all(data.join("sub")).unwrap();
        std::fs::write(data.join("notes.txt"), "alpha\nneedle here\nomega\n").unwrap();
        std::fs::write(data.join("sub/deep.txt"), "another needle\n").unwrap();
        std::fs::write(root.path().join("outside.txt"), "OUTSIDE-SECRET").unwrap();
        std::os::unix::fs::symlink(root.path().join("outside.txt"), data.join("link.txt")).unwrap();
        std::os::unix::fs::symlink(root.path(), data.join("up")).unwrap();
        Self { root }
    }

    fn data(&self) -> PathBuf {
        self.root.path().join("data")
    }

    fn policy(&self, component: &str, mode: &str) -> String {
        format!(
            "[[components.{component}.files]]\nhost = {:?}\nguest = \"/data\"\nmode = \"{mode}\"\n",
            self.data()
        )
    }
}

#[test]
fn the_files_tool_lists_reads_and_searches_its_folder() {
    let folders = Folders::new();
    let mut server = started(&["files"], &folders.policy("files", "read-only"), &[]);
    let list = server.call("list_dir", json!({ "path": "/data" }));
    assert_eq!(list["result"]["isError"], false, "{list}");
    let listing = list.to_string();
    assert!(
        listing.contains("notes.txt") && listing.contains("sub"),
        "{list}"
    );

    let read = server.call("read_file", json!({ "path": "/data/notes.txt" }));
    assert!(read.to_string().contains("needle here"), "{read}");

    let found = server.call("search", json!({ "path": "/data", "pattern": "needle" }));
    let found = found.to_string();
    assert!(
        found.contains("notes.txt:2") && found.contains("deep.txt:1"),
        "{found}"
    );
}

#[test]
fn paths_cannot_escape_the_granted_folder() {
    let folders = Folders::new();
    let mut server = started(&["files"], &folders.policy("files", "read-only"), &[]);
    for path in [
        "/data/../outside.txt",
        "/data/sub/../../outside.txt",
        "../outside.txt",
        "/etc/passwd",
        "/data/link.txt",
        "/data/up/outside.txt",
    ] {
        let reply = server.call("read_file", json!({ "path": path }));
        assert_eq!(reply["result"]["isError"], true, "{path}: {reply}");
        assert!(
            !reply.to_string().contains("OUTSIDE-SECRET") && !reply.to_string().contains("root:"),
            "{path} escaped: {reply}"
        );
    }
    let reply = server.call("read_file", json!({ "path": "/data/notes.txt" }));
    assert_eq!(reply["result"]["isError"], false, "{reply}");
}

#[test]
fn a_read_only_folder_refuses_writes_and_a_read_write_one_takes_them() {
    let folders = Folders::new();
    let mut server = started(&["probe"], &folders.policy("probe", "read-only"), &[]);
    let reply = server.call(
        "write_file",
        json!({ "path": "/data/new.txt", "text": "hello" }),
    );
    assert!(
        tool_error(&reply).contains("cannot write /data/new.txt"),
        "{reply}"
    );
    let reply = server.call(
        "write_file",
        json!({ "path": "/data/notes.txt", "text": "clobbered" }),
    );
    assert_eq!(reply["result"]["isError"], true, "{reply}");
    assert!(!folders.data().join("new.txt").exists());
    assert_eq!(
        std::fs::read_to_string(folders.data().join("notes.txt")).unwrap(),
        "alpha\nneedle here\nomega\n"
    );

    let mut server = started(&["probe"], &folders.policy("probe", "read-write"), &[]);
    let reply = server.call(
        "write_file",
        json!({ "path": "/data/new.txt", "text": "hello" }),
    );
    assert_eq!(text(&reply), "wrote 5 bytes", "{reply}");
    assert_eq!(
        std::fs::read_to_string(folders.data().join("new.txt")).unwrap(),
        "hello"
    );
    // Still no way out, even read-write.
    let reply = server.call(
        "write_file",
        json!({ "path": "/data/../escaped.txt", "text": "x" }),
    );
    assert_eq!(reply["result"]["isError"], true, "{reply}");
    assert!(!folders.root.path().join("escaped.txt").exists());
}

#[test]
fn no_file_grant_means_no_files() {
    let folders = Folders::new();
    let mut server = started(&["probe", "files"], "", &[]);
    let reply = server.call("read_file", json!({ "path": "/data/notes.txt" }));
    assert_eq!(reply["result"]["isError"], true, "{reply}");
    let reply = server.call("write_file", json!({ "path": "/tmp/x", "text": "x" }));
    assert_eq!(reply["result"]["isError"], true, "{reply}");
    drop(folders);
}

// ---- environment and secrets ----

#[test]
fn the_environment_is_empty_unless_granted() {
    let env = [
        ("HOST_VISIBLE", "visible-value"),
        ("HOST_HIDDEN", "hidden-value"),
    ];
    let mut server = started(&["probe"], "", &env);
    assert_eq!(text(&server.call("env_count", json!({}))), "0");
    assert_eq!(
        text(&server.call("env_get", json!({ "name": "HOST_HIDDEN" }))),
        "(unset)"
    );
    assert_eq!(
        text(&server.call("config_has", json!({ "name": "HOST_HIDDEN" }))),
        "not granted"
    );

    let config = r#"
        [components.probe.env]
        REGION = { from_env = "HOST_VISIBLE" }
        [components.probe.secrets]
        API_KEY = { from_env = "HOST_HIDDEN" }
    "#;
    let mut server = started(&["probe"], config, &env);
    assert_eq!(text(&server.call("env_count", json!({}))), "1");
    assert_eq!(
        text(&server.call("env_get", json!({ "name": "REGION" }))),
        "visible-value"
    );
    // A secret is not in the environment, only behind `config.get`.
    assert_eq!(
        text(&server.call("env_get", json!({ "name": "API_KEY" }))),
        "(unset)"
    );
    assert_eq!(
        text(&server.call("config_has", json!({ "name": "API_KEY" }))),
        "granted"
    );
    assert_eq!(
        text(&server.call("env_get", json!({ "name": "HOST_HIDDEN" }))),
        "(unset)"
    );
}

#[test]
fn a_secret_never_appears_in_a_reply_or_a_log_line() {
    let secret = "sk-live-51f0c2d9e8a7b6";
    support::audit::secret(secret);
    let dir = tempfile::tempdir().unwrap();
    let secret_file = dir.path().join("api_key");
    std::fs::write(&secret_file, format!("{secret}\n")).unwrap();
    let config =
        format!("[components.probe.secrets]\nAPI_KEY = {{ from_file = {secret_file:?} }}\n");
    let mut server = Server::start_with(Options {
        components: &["probe"],
        config: &config,
        args: &["--log-level", "debug"],
        ..Default::default()
    });
    server.initialize("2025-11-25");
    for how in ["text", "error", "log", "structured"] {
        let reply = server.call("leak", json!({ "name": "API_KEY", "how": how }));
        let wire = reply.to_string();
        assert!(!wire.contains(secret), "{how} leaked: {wire}");
        if how != "log" {
            assert!(wire.contains("[REDACTED]"), "{how}: {wire}");
        }
    }
    server.wait_for_log(&["[REDACTED]", "guest"]);
    server.close();
    let log = server.stderr_text();
    assert!(!log.contains(secret), "the secret reached the log:\n{log}");
}

#[test]
fn secrets_with_control_characters_or_cut_by_the_output_cap_never_reach_the_log() {
    // Each line of the secret is distinctive on its own: escaping the CR/LF
    // or cutting the secret at the 16 KiB cap must not leave either part.
    let secret = "Zq9LineOne-7f3a\r\nLineTwo-9c1e\u{7}end";
    let mut server = Server::start_with(Options {
        components: &["probe"],
        config: "[components.probe.secrets]\nAPI_KEY = { from_env = \"PROBE_API_KEY\" }\n",
        env: &[("PROBE_API_KEY", secret), ("RUST_LOG", "debug")],
        ..Default::default()
    });
    server.initialize("2025-11-25");
    let cap = 16 * 1024;
    for pad in [0, cap - 5, cap - 18] {
        let reply = server.call("leak", json!({"name": "API_KEY", "how": "log", "pad": pad}));
        assert_eq!(reply["result"]["isError"], false, "{reply}");
    }
    server.wait_for_log(&["[REDACTED]", "more bytes dropped"]);
    server.close();
    let log = server.stderr_text();
    for part in ["Zq9Li", "LineOne-7f3a", "LineTwo-9c1e"] {
        assert!(!log.contains(part), "{part:?} reached the log:\n{log}");
    }
}

// ---- where a policy comes from ----

#[test]
fn the_config_file_policy_wins_over_the_file_beside_the_component() {
    let env = [("FROM_BESIDE", "beside"), ("FROM_CONFIG", "config")];
    let beside = b"[env]\nWHO = { from_env = \"FROM_BESIDE\" }\n";
    let mut server = Server::start_with(Options {
        components: &["probe"],
        env: &env,
        files: &[("probe.policy.toml", beside)],
        ..Default::default()
    });
    server.initialize("2025-11-25");
    assert_eq!(
        text(&server.call("env_get", json!({ "name": "WHO" }))),
        "beside"
    );

    let mut server = Server::start_with(Options {
        components: &["probe"],
        config: "[components.probe.env]\nWHO = { from_env = \"FROM_CONFIG\" }\n",
        env: &env,
        files: &[("probe.policy.toml", beside)],
        ..Default::default()
    });
    server.initialize("2025-11-25");
    assert_eq!(
        text(&server.call("env_get", json!({ "name": "WHO" }))),
        "config"
    );
    server.wait_for_log(&["the policy file beside it is ignored"]);
}

#[test]
fn an_unusable_policy_skips_its_component_and_keeps_the_rest() {
    let mut server = Server::start_with(Options {
        components: &["probe", "echo"],
        files: &[(
            "probe.policy.toml",
            b"[secrets]\nKEY = { from_env = \"TOOLHOST_TEST_UNSET_VARIABLE\" }\n",
        )],
        ..Default::default()
    });
    server.initialize("2025-11-25");
    let list = server.request("tools/list", json!({}));
    let names = list["result"]["tools"].to_string();
    assert!(
        names.contains("\"echo\"") && !names.contains("env_get"),
        "{names}"
    );
    server.wait_for_log(&[
        "component not served",
        "TOOLHOST_TEST_UNSET_VARIABLE is not set",
    ]);
}

// ---- inspect ----

#[test]
fn inspect_shows_every_grant_and_never_a_secret_value() {
    let dir = tempfile::tempdir().unwrap();
    let tools = dir.path().join("tools");
    std::fs::create_dir_all(tools.join("data")).unwrap();
    for name in ["probe", "echo"] {
        std::fs::copy(
            support::components().join(format!("{name}.wasm")),
            tools.join(format!("{name}.wasm")),
        )
        .unwrap();
    }
    std::fs::write(
        tools.join("probe.policy.toml"),
        r#"
        [[files]]
        host = "data"
        guest = "/data"
        [network]
        allow = ["https://*.example.com", "http://127.0.0.1:8080"]
        max_concurrent_requests = 2
        [env]
        REGION = { from_env = "INSPECT_REGION" }
        [secrets]
        API_KEY = { from_env = "INSPECT_SECRET" }
        "#,
    )
    .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_toolhost"))
        .args(["inspect", "--tools"])
        .arg(&tools)
        .env("INSPECT_REGION", "eu-west-1")
        .env("INSPECT_SECRET", "sk-inspect-0a1b2c3d")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let report = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "echo.wasm",
        "probe.wasm",
        "tools:    env_get, env_count",
        "probe.policy.toml",
        "/data (read-only)",
        "network:  https://*.example.com, http://127.0.0.1:8080",
        "<= 2 requests at once per call",
        "env:      REGION (from_env INSPECT_REGION)",
        "secrets:  API_KEY (from_env INSPECT_SECRET)",
        "policy:   none (nothing granted)",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in:\n{report}"
        );
    }
    assert!(
        !report.contains("eu-west-1") && !report.contains("sk-inspect"),
        "{report}"
    );
}
