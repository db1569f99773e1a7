//! `toolhost new`: the crate it writes passes its own tests, builds to a
//! component, and serves, with nothing edited. Built offline against the
//! repository's lockfile, so the test needs no network and the versions are
//! the ones the repository's tools use.

use std::path::Path;
use std::process::{Command, Output};

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

#[test]
fn a_new_tool_crate_tests_builds_and_serves_out_of_the_box() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let created = run(Command::new(env!("CARGO_BIN_EXE_toolhost"))
        .args(["new", "demo-tool", "--dir"])
        .arg(dir.path()));
    let steps = String::from_utf8(created.stdout).unwrap();
    let crate_dir = dir.path().join("demo-tool");
    let manifest = crate_dir.join("Cargo.toml");
    assert!(
        steps.contains(&format!(
            "cargo test --manifest-path {}",
            manifest.display()
        )),
        "{steps}"
    );
    assert!(steps.contains("--target wasm32-wasip2"), "{steps}");

    std::fs::copy(repo.join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    let cargo = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO"));
        command
            .args(args)
            .arg("--offline")
            .arg("--manifest-path")
            .arg(&manifest)
            .env("CARGO_TARGET_DIR", repo.join("target/scaffold-test"))
            .env_remove("RUSTFLAGS");
        run(&mut command)
    };
    let tested = cargo(&["test"]);
    let report = String::from_utf8_lossy(&tested.stdout);
    assert!(report.contains("2 passed"), "{report}");
    cargo(&["build", "--release", "--target", "wasm32-wasip2"]);

    let component = repo.join("target/scaffold-test/wasm32-wasip2/release/demo_tool.wasm");
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
