//! Harnesses for the fuzz targets in `host/fuzz`, and the replay of their
//! corpus under `cargo test`. Not an API: hidden from the docs.
//!
//! Each harness takes arbitrary bytes, drives one part of the server the way
//! its transport or caller does, and checks what came out. It panics only
//! when an invariant breaks; such a panic is a finding. Under `cargo fuzz`
//! libFuzzer also bounds every run (`-timeout`), so a slow input is a finding
//! too. The same functions replay every checked-in input in the tests below,
//! on stable, so CI guards every finding without a nightly build: the
//! hand-written seeds (`host/fuzz/seeds/`), the corpus libFuzzer grew and
//! `cargo fuzz cmin` minimized (`host/fuzz/corpus/`), and crash or timeout
//! reproducers (`host/fuzz/artifacts/`, when present).
//!
//! | target | drives | input |
//! |---|---|---|
//! | [`stdio_lines`] | [`Server::handle_line`], one session | lines of JSON-RPC |
//! | [`http_request`] | hyper, guard, routes, `/mcp` | one HTTP/1.1 exchange, raw |
//! | [`schema_check`] | cost bound, compile, check | `SCHEMA NUL VALUE` |
//! | [`tool_output`] | output cap, result, error table, era shape | `arbitrary` bytes |
//! | [`allow_rule`] | allow-rule parse, match, special ranges | `RULE LF (TAG ADDRESS)*` |
//!
//! [`Server::handle_line`]: crate::server::Server::handle_line

mod allow;
mod http;
mod output;
mod schema;
mod stdio;

use std::sync::{Arc, OnceLock};

use crate::registry::Registry;
use crate::server::Server;

pub use allow::allow_rule;
pub use http::http_request;
pub use output::tool_output;
pub use schema::schema_check;
pub use stdio::stdio_lines;

/// Calls the fuzzed server may run at once; with no tools there are none.
const MAX_IN_FLIGHT: u32 = 8;

/// A server with no tools: everything but a tool call, which the fuzzers
/// cannot make without a component, is served as in production.
fn empty_server() -> &'static Arc<Server> {
    static SERVER: OnceLock<Arc<Server>> = OnceLock::new();
    SERVER.get_or_init(|| Arc::new(Server::new(Registry::default(), MAX_IN_FLIGHT)))
}

/// Whether `text` holds a control character other than newline and tab:
/// what guest text shown to a client must never hold.
fn has_forbidden_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
}

/// Parses JSON of any nesting depth (serde_json stops at 128 by default,
/// which says nothing about validity).
fn parse_json(bytes: &[u8]) -> serde_json::Result<serde_json::Value> {
    use serde::Deserialize;
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    deserializer.disable_recursion_limit();
    let value = serde_json::Value::deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::path::Path;

    /// Runs every file of `target`'s hand-written seeds, its corpus and its
    /// libFuzzer artifacts (if any) through `harness`, naming each file that
    /// breaks an invariant.
    fn replay(target: &str, harness: fn(&[u8])) {
        let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
        let mut replayed = 0;
        let mut failed = Vec::new();
        for folder in ["seeds", "corpus", "artifacts"] {
            let Ok(entries) = std::fs::read_dir(fuzz.join(folder).join(target)) else {
                continue;
            };
            let mut paths: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
            paths.sort();
            for path in paths.into_iter().filter(|p| p.is_file()) {
                let data = std::fs::read(&path).unwrap();
                if catch_unwind(AssertUnwindSafe(|| harness(&data))).is_err() {
                    failed.push(path.display().to_string());
                }
                replayed += 1;
            }
        }
        assert!(
            replayed > 0,
            "no corpus for {target} under {}",
            fuzz.display()
        );
        assert!(failed.is_empty(), "{target}: findings in {failed:#?}");
    }

    #[test]
    fn stdio_lines_corpus_replays_clean() {
        replay("stdio_lines", super::stdio_lines);
    }

    #[test]
    fn http_request_corpus_replays_clean() {
        replay("http_request", super::http_request);
    }

    #[test]
    fn schema_check_corpus_replays_clean() {
        replay("schema_check", super::schema_check);
    }

    #[test]
    fn tool_output_corpus_replays_clean() {
        replay("tool_output", super::tool_output);
    }

    #[test]
    fn allow_rule_corpus_replays_clean() {
        replay("allow_rule", super::allow_rule);
    }
}
