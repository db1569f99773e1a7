//! `toolhost new`: the tool it writes, in each language, passes its own
//! tests with that language's plain test runner, `toolhost build` turns it
//! into a component, and the server serves it, with nothing edited.
//!
//! The Rust crate is built offline against the repository's lockfile, so
//! the test needs no network and the versions are the ones the repository's
//! tools use. The Python and TypeScript tools get their SDK as their set-up
//! step would give it, without the network: the SDK from this checkout on
//! the path (Python), `node_modules` linked to the SDK and its zod (what
//! `npm install` makes of the `file:` dependency); the toolchains are the
//! ones `support::guest` finds.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::json;

use crate::support::guest;

fn run(command: &mut Command) -> Output {
    let output = command.output().expect("run the command");
    assert!(
        output.status.success(),
        "{command:?} failed:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// `toolhost new name --dir parent ARGS`, returning the folder and the
/// printed next steps.
fn new(name: &str, parent: &Path, args: &[&str]) -> (PathBuf, String) {
    let created = run(Command::new(env!("CARGO_BIN_EXE_toolhost"))
        .args(["new", name, "--dir"])
        .arg(parent)
        .args(args));
    let steps = String::from_utf8(created.stdout).unwrap();
    (parent.join(name), steps)
}

/// `toolhost build` run in `dir` (no arguments, as the next steps say),
/// returning the component it wrote, loaded once (see `guest::warm`).
fn toolhost_build(dir: &Path, env: &[(&str, std::ffi::OsString)]) -> PathBuf {
    let mut command = Command::new(env!("CARGO_BIN_EXE_toolhost"));
    command.arg("build").current_dir(dir);
    for (key, value) in env {
        command.env(key, value);
    }
    let built = run(&mut command);
    let said = String::from_utf8_lossy(&built.stdout);
    let written = said
        .strip_prefix("wrote ")
        .and_then(|rest| rest.split(" (").next())
        .unwrap_or_else(|| panic!("toolhost build said: {said}"));
    let component = PathBuf::from(written);
    let dist = dir.canonicalize().unwrap().join("dist");
    assert_eq!(component.parent(), Some(dist.as_path()), "{said}");
    guest::warm(&component);
    component
}

/// Serves `component`, calls `tool` and returns the structured result.
fn served_call(component: &Path, tool: &str, arguments: serde_json::Value) -> serde_json::Value {
    let mut server = guest::serve(component);
    let list = server.request("tools/list", json!({}));
    assert_eq!(crate::support::tool_names(&list), [tool], "{list}");
    let reply = server.call(tool, arguments);
    assert_eq!(reply["result"]["isError"], false, "{reply}");
    let refused = server.call(tool, json!({"text": "   "}));
    assert!(
        crate::support::tool_error(&refused).contains("no words"),
        "{refused}"
    );
    assert!(server.close().success());
    reply["result"]["structuredContent"].clone()
}

#[test]
fn a_new_tool_crate_tests_builds_and_serves_out_of_the_box() {
    let repo = guest::repo();
    let dir = tempfile::tempdir().unwrap();
    let (crate_dir, steps) = new("demo-tool", dir.path(), &[]);
    let manifest = crate_dir.join("Cargo.toml");
    assert!(
        steps.contains(&format!("cd {} && cargo test\n", crate_dir.display())),
        "{steps}"
    );
    assert!(steps.contains("Build it:  toolhost build\n"), "{steps}");
    assert!(
        steps.contains("Serve it:  toolhost serve --tools dist/demo_tool.wasm\n"),
        "{steps}"
    );
    let cargo_toml = std::fs::read_to_string(&manifest).unwrap();
    let dependencies = cargo_toml.split("[dependencies]").nth(1).unwrap();
    assert_eq!(
        dependencies
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with('['))
            .filter(|l| l.contains('=') && !l.starts_with('#'))
            .count(),
        1,
        "one dependency, the SDK:\n{cargo_toml}"
    );

    std::fs::copy(repo.join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    let target_dir = repo.join("target/scaffold-test");
    let tested = run(Command::new(env!("CARGO"))
        .args(["test", "--offline", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target_dir)
        .env_remove("RUSTFLAGS"));
    let report = String::from_utf8_lossy(&tested.stdout);
    assert!(report.contains("2 passed"), "{report}");

    let component = toolhost_build(
        &crate_dir,
        &[
            ("CARGO", env!("CARGO").into()),
            ("CARGO_TARGET_DIR", target_dir.into()),
            ("CARGO_NET_OFFLINE", "true".into()),
        ],
    );
    assert_eq!(component.file_name().unwrap(), "demo_tool.wasm");
    let called = run(Command::new(env!("CARGO_BIN_EXE_toolhost"))
        .args([
            "call",
            "demo-tool",
            "--args",
            r#"{"text": "one two three"}"#,
            "--tools",
        ])
        .arg(&component));
    let result: serde_json::Value = serde_json::from_slice(&called.stdout).unwrap();
    assert_eq!(result["content"][0]["text"], "3 words", "{result}");

    let again = Command::new(env!("CARGO_BIN_EXE_toolhost"))
        .args(["new", "demo-tool", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        !again.status.success(),
        "an existing crate is never overwritten"
    );
}

#[test]
fn a_new_python_tool_tests_builds_and_serves_out_of_the_box() {
    let env = match guest::python() {
        Ok(env) => env,
        Err(reason) => return guest::unavailable(&reason),
    };
    let dir = tempfile::tempdir().unwrap();
    let (tool, steps) = new("py-words", dir.path(), &["--lang", "python"]);
    let sdk = guest::repo()
        .join("guest-sdk/python")
        .canonicalize()
        .unwrap();
    let pyproject = std::fs::read_to_string(tool.join("pyproject.toml")).unwrap();
    assert!(
        pyproject.contains(&format!("toolhost-sdk[build] @ file://{}", sdk.display())),
        "{pyproject}"
    );
    for step in [
        "python3 -m venv .venv && .venv/bin/pip install -e .",
        "Test it:   .venv/bin/python -m unittest\n",
        "Build it:  toolhost build\n",
        "toolhost serve --tools dist/py_words.wasm\n",
    ] {
        assert!(steps.contains(step), "{step:?} in:\n{steps}");
    }

    // The test runner is plain CPython's; the SDK is on the path as
    // `pip install -e .` would put it.
    let tested = run(Command::new("python3")
        .args(["-m", "unittest"])
        .current_dir(&tool)
        .env("PYTHONPATH", guest::repo().join("guest-sdk/python/src"))
        .env("PYTHONDONTWRITEBYTECODE", "1"));
    let report = String::from_utf8_lossy(&tested.stderr);
    assert!(
        report.contains("Ran 3 tests") && report.contains("\nOK"),
        "{report}"
    );

    let component = toolhost_build(&tool, &env);
    assert_eq!(component.file_name().unwrap(), "py_words.wasm");
    let result = served_call(
        &component,
        "py-words",
        json!({"text": "one two two", "top": 1}),
    );
    assert_eq!(result, json!({"words": 3, "most_common": ["two"]}));
}

#[test]
fn a_new_typescript_tool_tests_builds_and_serves_out_of_the_box() {
    let env = match guest::node() {
        Ok(env) => env,
        Err(reason) => return guest::unavailable(&reason),
    };
    let dir = tempfile::tempdir().unwrap();
    let (tool, steps) = new("ts-words", dir.path(), &["--lang", "js"]);
    let sdk = guest::repo().join("guest-sdk/js").canonicalize().unwrap();
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(tool.join("package.json")).unwrap()).unwrap();
    assert_eq!(
        package["dependencies"]["@toolhost/sdk"],
        format!("file:{}", sdk.display())
    );
    for step in [
        "&& npm install\n",
        "Test it:   npm test\n",
        "Build it:  toolhost build\n",
        "toolhost serve --tools dist/ts_words.wasm\n",
    ] {
        assert!(steps.contains(step), "{step:?} in:\n{steps}");
    }
    assert!(
        !steps.contains("npm ci"),
        "the SDK's packages are there: {steps}"
    );

    // What `npm install` makes: the SDK linked, zod installed.
    let modules = tool.join("node_modules");
    std::fs::create_dir_all(modules.join("@toolhost")).unwrap();
    std::os::unix::fs::symlink(&sdk, modules.join("@toolhost/sdk")).unwrap();
    std::os::unix::fs::symlink(sdk.join("node_modules/zod"), modules.join("zod")).unwrap();

    // `npm test` is `node --test '*.test.ts'`, with a Node that runs
    // TypeScript as it is.
    let script = package["scripts"]["test"].as_str().unwrap();
    assert_eq!(script, "node --test '*.test.ts'");
    let tested = run(Command::new(&env[0].1)
        .args(["--test", "*.test.ts"])
        .current_dir(&tool));
    let report = String::from_utf8_lossy(&tested.stdout);
    assert!(
        report.contains("# pass 3") && report.contains("# fail 0"),
        "{report}"
    );

    let component = toolhost_build(&tool, &env);
    assert_eq!(component.file_name().unwrap(), "ts_words.wasm");
    let result = served_call(
        &component,
        "ts-words",
        json!({"text": "one two two", "top": 1}),
    );
    assert_eq!(result, json!({"words": 3, "mostCommon": ["two"]}));
}
