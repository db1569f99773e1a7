//! `toolhost check`: the preflight an operator runs before a deploy, through
//! the real binary on real components, and the same findings in `serve`'s
//! log at start. Every upstream probed is on loopback.

use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::support::tls_upstream::{CA_PEM, TlsUpstream};

mod config;
use crate::support::{Options, Server, components, instances};

struct Checked {
    status: i32,
    stdout: String,
    stderr: String,
}

impl Checked {
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

/// A tools folder with copies of the built `components`, plus `files`
/// (name, bytes), and a config file holding `config`.
fn deployment(dir: &Path, names: &[&str], files: &[(&str, Vec<u8>)], config: &str) {
    let tools = dir.join("tools");
    std::fs::create_dir_all(&tools).unwrap();
    for name in names {
        let file = format!("{name}.wasm");
        std::fs::copy(components().join(&file), tools.join(&file)).unwrap();
    }
    for (name, bytes) in files {
        std::fs::write(tools.join(name), bytes).unwrap();
    }
    std::fs::write(dir.join("toolhost.toml"), config).unwrap();
}

fn check(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Checked {
    let output = Command::new(env!("CARGO_BIN_EXE_toolhost"))
        .arg("check")
        .arg("--tools")
        .arg(dir.join("tools"))
        .arg("--config")
        .arg(dir.join("toolhost.toml"))
        .args(args)
        .envs(env.iter().copied())
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .output()
        .expect("run toolhost check");
    Checked {
        status: output.status.code().expect("an exit status"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The findings of `component` in a JSON report.
fn findings<'a>(report: &'a Value, component: &str) -> &'a [Value] {
    report["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == component)
        .unwrap_or_else(|| panic!("no {component} in {report:#}"))["findings"]
        .as_array()
        .unwrap()
}

/// The one finding of `component` whose message contains `needle`.
fn finding<'a>(report: &'a Value, component: &str, needle: &str) -> &'a Value {
    let all = findings(report, component);
    let found: Vec<&Value> = all
        .iter()
        .filter(|f| f["message"].as_str().unwrap().contains(needle))
        .collect();
    assert_eq!(found.len(), 1, "{needle:?} in {all:#?}");
    found[0]
}

#[test]
fn a_clean_deployment_exits_0_with_a_table_per_component() {
    let dir = tempfile::tempdir().unwrap();
    deployment(dir.path(), &["echo", "textkit"], &[], "");
    let ran = check(dir.path(), &[], &[]);
    assert_eq!(ran.status, 0, "{}\n{}", ran.stdout, ran.stderr);
    let text = &ran.stdout;
    assert!(
        text.starts_with("echo.wasm\n  policy: none (nothing granted)\n  tools:  echo\n"),
        "{text}"
    );
    assert!(text.contains("  tools:  text_stats, line_diff\n"), "{text}");
    assert!(
        text.contains("  ok       memory   needs 1.1 MiB at start"),
        "{text}"
    );
    assert!(
        text.ends_with("2 components, 3 tools served: 0 errors, 0 warnings\n"),
        "{text}"
    );
    assert!(
        ran.stderr.is_empty(),
        "nothing but the report: {}",
        ran.stderr
    );
}

#[test]
fn every_problem_is_found_with_its_fix_and_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let echo = std::fs::read(components().join("echo.wasm")).unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let open = listener.local_addr().unwrap().port();
    let closed = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = format!(
        r#"
        [tools.text_stats]
        memory_mib = 40
        [tools.no_such_tool]
        fuel = 1000
        [components.probe.secrets]
        KEY = {{ from_env = "TOOLHOST_TEST_UNSET_VARIABLE" }}
        [components.fetch.env]
        REGION = {{ from_env = "TOOLHOST_TEST_EMPTY_VARIABLE" }}
        [components.fetch.network]
        allow = ["http://localhost:9", "http://127.0.0.1:{open}",
                 "http://127.0.0.1:{closed}", "https://*.example.com"]
        "#
    );
    deployment(
        dir.path(),
        &["clash", "echo", "bad_describe", "probe", "fetch", "schemas"],
        &[
            ("garbage.wasm", b"\0asm this is not a component".to_vec()),
            // 3,000 pages: 187.5 MiB before its first instruction.
            ("huge.wasm", instances::with_memory_pages(&echo, 3000)),
            // 41.1 MiB: fits the default cap, not a 40 MiB one.
            (
                "textkit.wasm",
                instances::with_memory_pages(
                    &std::fs::read(components().join("textkit.wasm")).unwrap(),
                    640,
                ),
            ),
        ],
        &config,
    );
    let ran = check(
        dir.path(),
        &["--json", "--connect"],
        &[("TOOLHOST_TEST_EMPTY_VARIABLE", "")],
    );
    assert_eq!(ran.status, 2, "{}\n{}", ran.stdout, ran.stderr);
    let report = ran.json();
    assert_eq!(report["status"], "error");

    let rows = [
        // (component, needle, status, kind, words the fix must have)
        (
            "garbage.wasm",
            "component not served: compile failed",
            "error",
            "load",
            "wasm32-wasip2",
        ),
        (
            "bad_describe.wasm",
            "failed to describe its tools",
            "error",
            "load",
            "correlation id",
        ),
        (
            "echo.wasm",
            "tool name already taken by an earlier component (clash.wasm)",
            "warning",
            "tool",
            "hide_tools",
        ),
        (
            "huge.wasm",
            "needs at least 188.6 MiB of linear memory at start",
            "error",
            "memory",
            "raise memory_mib to at least 189",
        ),
        (
            "textkit.wasm",
            "more than the tool's memory cap (40 MiB)",
            "error",
            "memory",
            "[tools.text_stats]",
        ),
        (
            "probe.wasm",
            "TOOLHOST_TEST_UNSET_VARIABLE is not set",
            "error",
            "policy",
            "set TOOLHOST_TEST_UNSET_VARIABLE in the environment",
        ),
        (
            "fetch.wasm",
            "REGION: from_env TOOLHOST_TEST_EMPTY_VARIABLE is empty",
            "warning",
            "policy",
            "TOOLHOST_TEST_EMPTY_VARIABLE",
        ),
        (
            "fetch.wasm",
            "localhost resolves only to addresses the policy refuses",
            "error",
            "network",
            "name its address in network.allow",
        ),
        (
            "fetch.wasm",
            &format!("http://127.0.0.1:{open} accepts a connection"),
            "ok",
            "network",
            "",
        ),
        (
            "fetch.wasm",
            &format!("http://127.0.0.1:{closed}: cannot connect: connection refused"),
            "warning",
            "network",
            "upstream up",
        ),
        (
            "fetch.wasm",
            "*.example.com: a wildcard or CIDR block",
            "skipped",
            "network",
            "",
        ),
        (
            "schemas.wasm",
            "inputSchema is too costly to check",
            "error",
            "tool",
            "rebuild",
        ),
    ];
    for (component, needle, status, kind, fix) in rows {
        let found = finding(&report, component, needle);
        assert_eq!(found["status"], status, "{found}");
        assert_eq!(found["kind"], kind, "{found}");
        if fix.is_empty() {
            assert!(found.get("fix").is_none(), "{found}");
        } else {
            let text = found["fix"].as_str().unwrap_or_default();
            assert!(text.contains(fix), "{fix:?} in {found}");
        }
    }
    // What is served is what `serve` would serve.
    let served = |component: &str| -> Value {
        report["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["component"] == component)
            .unwrap()["tools"]
            .clone()
    };
    assert_eq!(served("clash.wasm"), json!(["echo"]));
    assert_eq!(served("echo.wasm"), json!([]));
    assert_eq!(served("textkit.wasm"), json!(["line_diff"]));
    assert_eq!(served("huge.wasm"), json!([]));
    let config_findings = report["config"].as_array().unwrap();
    assert!(
        config_findings.iter().any(|f| f["status"] == "warning"
            && f["message"]
                .as_str()
                .unwrap()
                .contains("[tools.no_such_tool]")),
        "{config_findings:#?}"
    );
    drop(listener);
}

#[test]
fn warnings_alone_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    deployment(dir.path(), &["clash", "echo"], &[], "");
    let ran = check(dir.path(), &[], &[]);
    assert_eq!(ran.status, 1, "{}\n{}", ran.stdout, ran.stderr);
    assert!(
        ran.stdout
            .contains("  warning  tool     echo: tool name already taken"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("fix: rename one of the tools"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.ends_with("0 errors, 1 warning\n"),
        "{}",
        ran.stdout
    );
}

#[test]
fn connect_makes_the_tls_handshake_with_the_components_own_roots() {
    let upstream = TlsUpstream::start();
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("internal-ca.pem");
    std::fs::write(&ca, CA_PEM).unwrap();
    let policy = |extra: &str| {
        format!(
            "[components.fetch.network]\nallow = [\"https://127.0.0.1:{}\"]\n{extra}\n",
            upstream.port
        )
    };
    let shown = format!("https://127.0.0.1:{}", upstream.port);

    deployment(dir.path(), &["fetch"], &[], &policy(""));
    let untrusting = check(dir.path(), &["--json", "--connect"], &[]).json();
    let found = finding(&untrusting, "fetch.wasm", &shown);
    assert_eq!(found["status"], "warning", "{found}");
    assert!(
        found["message"].as_str().unwrap().contains("not trusted")
            && found["fix"].as_str().unwrap().contains("network.ca_certs"),
        "{found}"
    );

    let extra = format!("ca_certs = [{:?}]", ca.display().to_string());
    deployment(dir.path(), &["fetch"], &[], &policy(&extra));
    let trusting = check(dir.path(), &["--json", "--connect"], &[]);
    assert_eq!(trusting.status, 0, "{}", trusting.stdout);
    let trusting = trusting.json();
    let found = finding(&trusting, "fetch.wasm", &shown);
    assert!(
        found["message"]
            .as_str()
            .unwrap()
            .contains("completes a TLS handshake"),
        "{found}"
    );
}

#[test]
fn serve_logs_each_finding_at_start_naming_the_component_and_the_fix() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let config = format!(
        "[components.fetch.env]\nREGION = {{ from_env = \"TOOLHOST_TEST_EMPTY_VARIABLE\" }}\n\
         [components.fetch.network]\nallow = [\"http://localhost:{port}\"]\n"
    );
    let mut server = Server::start_with(Options {
        components: &["echo", "fetch"],
        config: &config,
        env: &[("TOOLHOST_TEST_EMPTY_VARIABLE", "")],
        ..Default::default()
    });
    server.initialize("2025-11-25");
    // The network probe runs in the background, after the server is up.
    let line = server.wait_for_log(&[
        "resolves only to addresses the policy refuses",
        "component=fetch.wasm",
    ]);
    assert!(
        line.contains("WARN") && line.contains("fix=") && line.contains("network.allow"),
        "{line}"
    );
    let line = server.wait_for_log(&["TOOLHOST_TEST_EMPTY_VARIABLE is empty"]);
    assert!(
        line.contains("component=fetch.wasm") && line.contains("fix="),
        "{line}"
    );
    let reply = server.call("echo", json!({"message": "up"}));
    assert_eq!(reply["result"]["isError"], false, "{reply}");
}
