//! `toolhost call`: one call through the real binary, as an operator runs it
//! to reproduce what a client saw. The exit status says what kind of outcome
//! it was; stdout has what the client would have received; stderr has the
//! detail.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::support::{components, correlation_id};

struct Ran {
    status: i32,
    stdout: Value,
    stderr: String,
}

/// Runs `toolhost call ARGS...` with `stdin` fed to it and `env` set, on the
/// `misbehave` component unless ARGS name `--tools`.
fn toolhost_call(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Ran {
    let mut command = Command::new(env!("CARGO_BIN_EXE_toolhost"));
    command
        .arg("call")
        .args(args)
        .envs(env.iter().copied())
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if !args.contains(&"--tools") {
        command.arg("--tools").arg(component("misbehave"));
    }
    let mut child = command.spawn().expect("spawn toolhost call");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let stdout = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&output.stdout).into_owned()));
    Ran {
        status: output.status.code().expect("an exit status"),
        stdout,
        stderr,
    }
}

fn component(name: &str) -> String {
    let path = components().join(format!("{name}.wasm"));
    path.to_str().unwrap().to_owned()
}

fn text(result: &Value) -> &str {
    result["content"][0]["text"].as_str().unwrap_or_default()
}

#[test]
fn a_result_is_printed_and_exits_0() {
    let echo = component("echo");
    let ran = toolhost_call(
        &["echo", "--tools", &echo, "--args", r#"{"message": "hi"}"#],
        "",
        &[],
    );
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert_eq!(ran.stdout["isError"], false, "{}", ran.stdout);
    assert_eq!(text(&ran.stdout), "hi");
    assert!(
        ran.stdout.get("resultType").is_none(),
        "no era metadata: {}",
        ran.stdout
    );
}

#[test]
fn a_tool_error_exits_1_and_its_detail_is_on_stderr() {
    let ran = toolhost_call(&["crash"], "", &[]);
    assert_eq!(ran.status, 1, "{}", ran.stderr);
    assert_eq!(ran.stdout["isError"], true);
    let message = text(&ran.stdout);
    assert!(message.starts_with("The tool crashed"), "{message}");
    let id = correlation_id(message);
    let detail = ran
        .stderr
        .lines()
        .find(|line| line.contains(id))
        .unwrap_or_else(|| panic!("no log line with {id}:\n{}", ran.stderr));
    assert!(detail.contains("out of bounds memory access"), "{detail}");

    let invalid = toolhost_call(&["add", "--args", r#"{"a": "x"}"#], "", &[]);
    assert_eq!(invalid.status, 1, "invalid arguments are a tool error");
    assert!(text(&invalid.stdout).contains("is not of type \"number\""));
}

#[test]
fn a_refused_request_exits_2_with_the_json_rpc_error() {
    let ran = toolhost_call(&["no_such_tool"], "", &[]);
    assert_eq!(ran.status, 2, "{}", ran.stderr);
    assert_eq!(
        ran.stdout,
        json!({"code": -32602, "message": "Unknown tool: no_such_tool"})
    );
    let not_object = toolhost_call(&["add", "--args", "[1]"], "", &[]);
    assert_eq!(not_object.status, 2);
    assert_eq!(not_object.stdout["code"], -32602);
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the failpoint exists in debug builds only"
)]
fn a_host_fault_exits_3() {
    let ran = toolhost_call(
        &["add", "--args", r#"{"a": 1, "b": 2}"#],
        "",
        &[("TOOLHOST_FAILPOINT_PANIC_TOOL", "add")],
    );
    assert_eq!(ran.status, 3, "{}", ran.stderr);
    assert_eq!(ran.stdout["code"], -32603);
    let id = ran.stdout["data"]["correlationId"].as_str().unwrap();
    assert!(
        ran.stderr.contains(id) && ran.stderr.contains("host panicked"),
        "{}",
        ran.stderr
    );
}

#[test]
fn arguments_come_from_a_file_or_stdin_and_one_component_is_enough() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("args.json");
    std::fs::write(&file, r#"{"message": "from a file"}"#).unwrap();
    let echo = &component("echo");
    let at_file = format!("@{}", file.display());

    let ran = toolhost_call(&["echo", "--tools", echo, "--args", &at_file], "", &[]);
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert_eq!(text(&ran.stdout), "from a file");

    let ran = toolhost_call(
        &["echo", "--tools", echo, "--args", "-"],
        r#"{"message": "from stdin"}"#,
        &[],
    );
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert_eq!(text(&ran.stdout), "from stdin");

    // Only that component was loaded.
    let other = toolhost_call(&["add", "--tools", echo], "", &[]);
    assert_eq!(other.status, 2, "{}", other.stderr);
}

#[test]
fn a_call_that_cannot_start_exits_3_and_says_why() {
    let bad_json = toolhost_call(&["echo", "--args", "{oops"], "", &[]);
    assert_eq!(bad_json.status, 3);
    assert!(
        bad_json
            .stderr
            .contains("the arguments in --args are not valid JSON"),
        "{}",
        bad_json.stderr
    );
    let missing = toolhost_call(&["echo", "--args", "@/nonexistent/args.json"], "", &[]);
    assert_eq!(missing.status, 3);
    assert!(
        missing
            .stderr
            .contains("cannot read the arguments from /nonexistent/args.json")
    );
    let not_wasm = toolhost_call(&["echo", "--tools", "/etc/hostname"], "", &[]);
    assert_eq!(not_wasm.status, 3);
    assert!(
        not_wasm
            .stderr
            .contains("is neither a folder nor a .wasm file"),
        "{}",
        not_wasm.stderr
    );
}

#[test]
fn the_config_file_takes_values_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("toolhost.toml");
    std::fs::write(
        &config,
        "# ${NOT_READ} in a comment\n[tools.sleep]\ndeadline_ms = ${TOOLHOST_TEST_DEADLINE_MS:-300}\n",
    )
    .unwrap();
    let config = config.to_str().unwrap();
    let slow = r#"{"ms": 600000}"#;
    let ran = toolhost_call(
        &["sleep", "--config", config, "--args", slow],
        "",
        &[("TOOLHOST_TEST_DEADLINE_MS", "250")],
    );
    assert_eq!(ran.status, 1, "{}", ran.stderr);
    assert!(
        text(&ran.stdout).contains("exceeded its 250 ms deadline"),
        "{}",
        ran.stdout
    );
    let ran = toolhost_call(&["sleep", "--config", config, "--args", slow], "", &[]);
    assert!(
        text(&ran.stdout).contains("exceeded its 300 ms deadline"),
        "the default: {}",
        ran.stdout
    );

    std::fs::write(
        dir.path().join("toolhost.toml"),
        "\ntools_dir = \"${TOOLHOST_TEST_TOOLS_HOME}\"\n",
    )
    .unwrap();
    let ran = toolhost_call(&["sleep", "--config", config], "", &[]);
    assert_eq!(ran.status, 3);
    assert!(
        ran.stderr
            .contains("line 2: ${TOOLHOST_TEST_TOOLS_HOME} is not set"),
        "{}",
        ran.stderr
    );
}

#[test]
fn after_the_log_a_failure_is_laid_out_to_read() {
    let crash = toolhost_call(&["crash", "--log-level", "error"], "", &[]);
    assert_eq!(crash.status, 1, "{}", crash.stderr);
    let stderr = &crash.stderr;
    assert!(
        stderr.contains("trap:\n  error while executing at wasm backtrace:\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("misbehave.wasm!toolhost_sdk::toolbox::Toolbox::call_with\n"),
        "Rust names demangled: {stderr}"
    );
    assert!(
        stderr.contains("out of bounds memory access\nfuel: "),
        "{stderr}"
    );

    let printed = toolhost_call(&["print", "--log-level", "error"], "", &[]);
    assert_eq!(printed.status, 0, "{}", printed.stderr);
    assert!(
        printed
            .stderr
            .contains("guest output:\n  {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"misbehave: stdout is not yours\"}\n  misbehave: stderr line\n"),
        "{}",
        printed.stderr
    );

    let upstream = crate::support::upstream::Upstream::start();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("toolhost.toml");
    std::fs::write(
        &config,
        format!(
            "[components.fetch.network]\nallow = [\"http://127.0.0.1:{}\"]\n",
            upstream.port
        ),
    )
    .unwrap();
    let fetch = component("fetch");
    let args = json!({"url": upstream.url("/status/503")}).to_string();
    let failed = toolhost_call(
        &[
            "fetch",
            "--tools",
            &fetch,
            "--config",
            config.to_str().unwrap(),
            "--args",
            &args,
            "--log-level",
            "error",
        ],
        "",
        &[],
    );
    assert_eq!(failed.status, 1, "{}", failed.stderr);
    let line = format!("upstream requests:\n  127.0.0.1:{} 503 ", upstream.port);
    assert!(failed.stderr.contains(&line), "{}", failed.stderr);
}
