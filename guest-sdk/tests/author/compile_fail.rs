//! Mistakes `#[tool]` turns into compile errors, each with a message that
//! says why: every file in `tests/compile-fail/` is a binary of a scratch
//! crate on this SDK, which must fail to compile with each `// expect:`
//! line of the file among its error messages.
//!
//! One `cargo check --keep-going` checks them all, offline, against the
//! repository's lockfile, in a target directory of its own (the running
//! `cargo test` holds the lock on the usual one). Messages are matched as
//! substrings of what rustc renders, so a compiler that words its own notes
//! differently does not break the test; the words it checks are ours.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use toolhost_sdk::serde_json::Value;

/// Each fixture's name and the messages it must produce.
fn fixtures(dir: &Path) -> BTreeMap<String, (PathBuf, Vec<String>)> {
    let mut fixtures = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap()
            .replace('_', "-");
        let source = fs::read_to_string(&path).unwrap();
        let expected: Vec<String> = source
            .lines()
            .filter_map(|line| line.strip_prefix("// expect: "))
            .map(str::to_owned)
            .collect();
        assert!(!expected.is_empty(), "{} expects nothing", path.display());
        fixtures.insert(name, (path, expected));
    }
    fixtures
}

#[test]
fn mistakes_fail_to_compile_with_a_message_that_says_why() {
    let sdk = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo = sdk.parent().unwrap();
    let fixtures = fixtures(&sdk.join("tests/compile-fail"));
    let scratch = repo.join("target/compile-fail");
    fs::create_dir_all(&scratch).unwrap();
    let mut manifest = format!(
        "[package]\nname = \"compile-fail\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
         publish = false\n\n[workspace]\n\n[dependencies]\ntoolhost-sdk = {{ path = {:?} }}\n",
        sdk.display().to_string()
    );
    for (name, (path, _)) in &fixtures {
        let path = path.display().to_string();
        manifest.push_str(&format!("\n[[bin]]\nname = {name:?}\npath = {path:?}\n"));
    }
    fs::write(scratch.join("Cargo.toml"), manifest).unwrap();
    fs::copy(repo.join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();

    let output = Command::new(env!("CARGO"))
        .current_dir(&scratch)
        .args(["check", "--offline", "--bins", "--keep-going"])
        .args(["--message-format=json", "--quiet"])
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("RUSTC_WRAPPER")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .output()
        .expect("run cargo check");
    assert!(!output.status.success(), "every fixture should fail");

    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = toolhost_sdk::serde_json::from_str::<Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" || message["message"]["level"] != "error" {
            continue;
        }
        let target = message["target"]["name"].as_str().unwrap_or_default();
        let rendered = message["message"]["rendered"].as_str().unwrap_or_default();
        errors
            .entry(target.to_owned())
            .or_default()
            .push_str(rendered);
    }
    for (name, (_, expected)) in &fixtures {
        let Some(rendered) = errors.get(name) else {
            panic!(
                "{name} compiled without errors (or cargo failed before it):\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        };
        for message in expected {
            assert!(
                rendered.contains(message.as_str()),
                "{name}: no error says {message:?}; the errors:\n{rendered}"
            );
        }
    }
}
