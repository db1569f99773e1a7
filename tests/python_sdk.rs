//! The Python guest SDK's own unit tests (`guest-sdk/python/tests`, standard
//! library `unittest`), run here so that `cargo test --workspace` runs every
//! test in the repository. Skipped, saying so, where no Python 3.11+ exists.

use std::path::Path;
use std::process::Command;

#[test]
fn the_python_sdk_passes_its_unit_tests() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let version = Command::new("python3")
        .args(["-c", "import sys; print(sys.version_info >= (3, 11))"])
        .output();
    match version {
        Ok(out) if String::from_utf8_lossy(&out.stdout).trim() == "True" => {}
        _ => {
            eprintln!("skipped: the Python SDK needs python3 >= 3.11 on PATH");
            return;
        }
    }
    let tests = repo.join("guest-sdk/python/tests");
    let run = Command::new("python3")
        .args(["-m", "unittest", "discover", "-s"])
        .arg(&tests)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .current_dir(std::env::temp_dir())
        .output()
        .expect("run python3");
    let report = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{report}");
    assert!(report.contains("\nOK"), "{report}");
}
