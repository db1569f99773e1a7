//! The error-text audit: every JSON-RPC error and every `isError` text any
//! test receives, on either transport, is checked as it arrives. None may
//! carry a host path, a backtrace, a wasmtime or Rust internal message, or a
//! secret a test configured: what the client sees is a short reason and a
//! correlation id, and the detail stays in the log.

use std::sync::Mutex;

use serde_json::Value;

/// Text that never belongs in what a client is told. Host paths are the
/// test's temporary folders (`tempfile` names them `.tmpXXXXXX`), home
/// folders and the cargo registry; the repository's own path is checked
/// too. A guest's own paths (`/tmp/x` inside its sandbox) are its business.
const FORBIDDEN: &[&str] = &[
    "/.tmp",
    "/root/",
    "/home/",
    "/.cargo/",
    "/proc/",
    ".rs:",
    "wasm backtrace",
    "wasmtime",
    "cranelift",
    "panicked at",
    "stack backtrace",
    "RUST_BACKTRACE",
    "called `Result::unwrap()`",
    "called `Option::unwrap()`",
    "Os { code",
    "thread '",
];

static SECRETS: Mutex<Vec<String>> = Mutex::new(Vec::new());
static AUDITED: Mutex<usize> = Mutex::new(0);

/// Registers a secret a test configures: no error text may contain it.
pub fn secret(value: &str) {
    SECRETS.lock().unwrap().push(value.to_owned());
}

/// Error texts checked so far in this test binary.
pub fn audited() -> usize {
    *AUDITED.lock().unwrap()
}

/// Checks the error texts of one JSON-RPC message; panics on a finding.
pub fn check(message: &Value) {
    let mut texts = Vec::new();
    if let Some(error) = message.get("error") {
        texts.push(error.to_string());
    }
    if message["result"]["isError"] == true
        && let Some(blocks) = message["result"]["content"].as_array()
    {
        texts.extend(
            blocks
                .iter()
                .filter_map(|b| b["text"].as_str())
                .map(str::to_owned),
        );
    }
    if texts.is_empty() {
        return;
    }
    let secrets = SECRETS.lock().unwrap().clone();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .display()
        .to_string();
    for text in &texts {
        assert!(
            !text.contains(&repo),
            "error-text audit: the repository path in an error sent to the client: {text}"
        );
        for needle in FORBIDDEN {
            assert!(
                !text.contains(needle),
                "error-text audit: {needle:?} in an error sent to the client: {text}"
            );
        }
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "error-text audit: a configured secret in an error sent to the client: {text}"
            );
        }
    }
    *AUDITED.lock().unwrap() += texts.len();
}
