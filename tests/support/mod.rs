//! Test harness: builds the real tool components, starts the real `toolhost`
//! binary on a folder of them, and speaks JSON-RPC to it over stdio.
//!
//! Waits are event-driven: a reply, or a line on the server's stderr. Every
//! wait has a generous timeout that only turns a hang into a failure.

pub mod audit;
pub mod catalog;
pub mod guest;
pub mod http;
pub mod instances;
pub mod soak;
pub mod sse;
mod stdio;
pub mod tls_upstream;
pub mod upstream;
pub mod web_example;

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::{Value, json};

pub use stdio::{Options, Server};

/// How long any single wait may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(60);

pub const MODERN: &str = "2026-07-28";

/// The folder holding every built component (see `tests/artifacts`), with
/// wasmtime's compilation cache warmed for them.
pub fn components() -> &'static Path {
    static WARM: OnceLock<&'static Path> = OnceLock::new();
    WARM.get_or_init(|| {
        let all = Path::new(toolhost_test_artifacts::DIR);
        // One server start over every component fills wasmtime's compilation
        // cache, so the many servers the tests start in parallel load from it
        // instead of each compiling the same components at once.
        let warm = Command::new(env!("CARGO_BIN_EXE_toolhost"))
            .args(["serve", "--log-level", "warn", "--tools"])
            .arg(all)
            // It exits at the end of stdin: only once every component loaded.
            .args(["--startup-wait-ms", "600000"])
            .stdin(Stdio::null())
            .output()
            .expect("run toolhost to warm the cache");
        assert!(
            warm.status.success() && warm.stdout.is_empty(),
            "toolhost failed to load the components:\n{}",
            String::from_utf8_lossy(&warm.stderr)
        );
        all
    })
}

/// Adds the 2026-07-28 per-request `_meta` to `params`.
pub fn with_modern_meta(mut params: Value) -> Value {
    params["_meta"] = json!({
        "io.modelcontextprotocol/protocolVersion": MODERN,
        "io.modelcontextprotocol/clientCapabilities": {},
        "io.modelcontextprotocol/clientInfo": {"name": "toolhost-tests", "version": "0"}
    });
    params
}

/// The names in a `tools/list` reply, in order.
pub fn tool_names(list: &Value) -> Vec<&str> {
    list["result"]["tools"]
        .as_array()
        .unwrap_or_else(|| panic!("no tools in {list}"))
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect()
}

/// The text of a tool result's first content block.
pub fn text(reply: &Value) -> &str {
    reply["result"]["content"][0]["text"]
        .as_str()
        .unwrap_or_else(|| panic!("no text content in {reply}"))
}

/// Asserts `reply` is an `isError` result and returns its text.
pub fn tool_error(reply: &Value) -> &str {
    assert_eq!(
        reply["result"]["isError"], true,
        "expected isError: {reply}"
    );
    assert!(
        reply["result"].get("structuredContent").is_none(),
        "an error result carries no structuredContent: {reply}"
    );
    text(reply)
}

/// The correlation id quoted in a failure text.
pub fn correlation_id(text: &str) -> &str {
    let start = text.find("correlation id ").expect("a correlation id") + "correlation id ".len();
    &text[start..start + 16]
}
