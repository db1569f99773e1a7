//! `check` on the config file itself: one that cannot be read, and the
//! complete config the README shows.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use super::{check, deployment};

#[test]
fn a_config_that_cannot_be_read_is_an_error_in_the_report() {
    let dir = tempfile::tempdir().unwrap();
    deployment(dir.path(), &["echo"], &[], "[defaults]\nfuel = \"lots\"\n");
    let ran = check(dir.path(), &[], &[]);
    assert_eq!(ran.status, 2, "{}\n{}", ran.stdout, ran.stderr);
    assert!(
        ran.stdout
            .contains("config\n  error    config   config file")
            && ran.stdout.contains("is not valid"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout
            .ends_with("0 components, 0 tools served: 1 error, 0 warnings\n"),
        "{}",
        ran.stdout
    );
}

#[test]
fn the_complete_config_in_the_readme_loads_every_example_tool() {
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tools/production.toml");
    let dir = tempfile::tempdir().unwrap();
    deployment(dir.path(), &["echo", "fetch", "files", "textkit"], &[], "");
    // `inspect`: the same load as `check`, without resolving the
    // config's public hosts (tests send packets to loopback only).
    let output = Command::new(env!("CARGO_BIN_EXE_toolhost"))
        .arg("inspect")
        .arg("--json")
        .arg("--config")
        .arg(&config)
        .arg("--tools")
        .arg(dir.path().join("tools"))
        .env("FETCH_BEARER_TOKEN", "test-token")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("WARN"), "it loads cleanly: {stderr}");
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let fetch = report["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["component"] == "fetch.wasm")
        .unwrap();
    assert_eq!(fetch["grants"]["secrets"][0]["name"], "FETCH_BEARER_TOKEN");
    assert_eq!(
        fetch["grants"]["network"]["allow"][1],
        "https://example.com"
    );
}
