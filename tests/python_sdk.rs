//! The Python guest SDK: its own unit tests (`guest-sdk/python/tests`,
//! standard library `unittest`), run here so that `cargo test --workspace`
//! runs every test in the repository, and its example, `csv_stats`, built by
//! `toolhost build` into a component that the real server serves and calls.
//! Skipped, saying so, where no Python 3.11+ or componentize-py exists;
//! under `CI=true` that is a failure (see `support::guest`).

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::{guest, text, web_example};

#[test]
fn the_python_sdk_passes_its_unit_tests() {
    let version = Command::new("python3")
        .args(["-c", "import sys; print(sys.version_info >= (3, 11))"])
        .output();
    match version {
        Ok(out) if String::from_utf8_lossy(&out.stdout).trim() == "True" => {}
        _ => return guest::unavailable("the Python SDK needs python3 >= 3.11 on PATH"),
    }
    let tests = guest::repo().join("guest-sdk/python/tests");
    let mut command = Command::new("python3");
    command
        .args(["-m", "unittest", "discover", "-s"])
        .arg(&tests)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .current_dir(std::env::temp_dir());
    // With componentize-py, the fake bindings are checked against the real
    // ones (tests/test_fake_bindings.py); CI has it, so nothing is skipped.
    match guest::python() {
        Ok(_) => {
            let venv = guest::repo().join("target/python-build-venv/bin/componentize-py");
            command.env("COMPONENTIZE_PY", venv);
        }
        Err(reason) => guest::unavailable(&reason),
    }
    let run = command.output().expect("run python3");
    let report = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{report}");
    assert!(report.contains("\nOK"), "{report}");
    if guest::ci() {
        assert!(!report.contains("skipped="), "CI skips no test: {report}");
    }
}

/// `csv_stats`, built once per test run by `toolhost build`.
fn csv_stats() -> Option<&'static Path> {
    static BUILT: guest::Built = guest::Built::new();
    guest::built_once(&BUILT, guest::python, "python/examples/csv_stats")
}

/// A table of `n` rows whose `x` column is 1..=n, and a city column.
fn table(n: usize) -> String {
    let mut csv = String::from("x,city\n");
    for x in 1..=n {
        csv.push_str(&format!(
            "{x},{}\n",
            if x % 3 == 0 { "Oslo" } else { "Lima" }
        ));
    }
    csv
}

#[test]
fn csv_stats_built_by_toolhost_build_summarises_a_table_over_stdio() {
    let Some(component) = csv_stats() else { return };
    assert_eq!(component.file_name().unwrap(), "csv_stats.wasm");
    let mut server = guest::serve(component);
    let list = server.request("tools/list", json!({}));
    let tool = &list["result"]["tools"][0];
    assert_eq!(tool["name"], "csv_stats", "{list}");
    assert_eq!(tool["title"], "CSV statistics", "{list}");

    let reply = server.call("csv_stats", json!({"csv_text": table(4)}));
    assert_eq!(reply["result"]["isError"], false, "{reply}");
    let summary = &reply["result"]["structuredContent"];
    assert_eq!(summary["rows"], 4, "{reply}");
    let (x, city) = (&summary["columns"][0], &summary["columns"][1]);
    assert_eq!(
        (&x["kind"], &x["mean"], &x["median"], &x["maximum"]),
        (&json!("number"), &json!(2.5), &json!(2.5), &json!(4.0)),
        "{reply}"
    );
    assert_eq!(
        (&city["kind"], &city["most_common"]),
        (&json!("text"), &json!("Lima"))
    );
    let as_text: Value = serde_json::from_str(text(&reply)).unwrap();
    assert_eq!(&as_text, summary, "the text block is the same JSON");

    let refused = server.call("csv_stats", json!({"csv_text": "a", "delimiter": ";;"}));
    assert_eq!(refused["result"]["isError"], true, "{refused}");
    assert!(text(&refused).contains("one character"), "{refused}");
    assert!(server.close().success());
}

#[test]
fn sixteen_concurrent_csv_stats_calls_each_get_their_own_summary() {
    let Some(component) = csv_stats() else { return };
    let mut server = guest::serve(component);
    let arguments: Vec<Value> = (1..=16).map(|n| json!({"csv_text": table(n)})).collect();
    let replies = guest::call_at_once(&mut server, "csv_stats", &arguments);
    for (n, reply) in (1..=16).zip(&replies) {
        assert_eq!(reply["result"]["isError"], false, "call {n}: {reply}");
        let summary = &reply["result"]["structuredContent"];
        assert_eq!(summary["rows"], n, "call {n}: {reply}");
        assert_eq!(
            summary["columns"][0]["maximum"],
            json!(n as f64),
            "call {n}: {reply}"
        );
    }
    assert!(server.close().success());
}

/// The `web` example, built once per test run by `toolhost build`: it uses
/// `toolhost.http`, over `wasi:http`.
fn web() -> Option<&'static Path> {
    static BUILT: guest::Built = guest::Built::new();
    guest::built_once(&BUILT, guest::python, "python/examples/web")
}

#[test]
fn a_python_tool_reads_pages_and_posts_json_over_wasi_http_where_the_policy_allows() {
    let Some(component) = web() else { return };
    web_example::reads_pages_and_posts_json(component, "content_type");
}

#[test]
fn a_python_tool_reaches_no_host_its_policy_does_not_allow() {
    let Some(component) = web() else { return };
    let (refused, port) = web_example::refused_without_a_policy(component);
    assert_eq!(
        refused,
        format!(
            "Upstream request failed: network access to 127.0.0.1:{port} is not allowed by this \
             tool's policy."
        )
    );
}
