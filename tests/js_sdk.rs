//! The JavaScript/TypeScript guest SDK: its own tests (`guest-sdk/js/test`,
//! Node's test runner), run here so that `cargo test --workspace` runs every
//! test in the repository, and its example, `markdown`, built by `toolhost
//! build` into a component that the real server serves and calls. They need
//! the SDK's pinned packages and Node 22.18+ (the pinned one in
//! `tests/clients`): `.ci/run` installs both; elsewhere the tests skip,
//! saying so, and under `CI=true` fail (see `support::guest`).

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

use crate::support::{guest, text, web_example};

#[test]
fn the_javascript_sdk_passes_its_tests() {
    let env = match guest::node() {
        Ok(env) => env,
        Err(reason) => return guest::unavailable(&reason),
    };
    let run = Command::new(&env[0].1)
        .args(["--test", "test/*.test.ts"])
        .current_dir(guest::repo().join("guest-sdk/js"))
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

#[test]
fn the_javascript_sdk_and_its_examples_type_check_and_are_formatted() {
    let env = match guest::node() {
        Ok(env) => env,
        Err(reason) => return guest::unavailable(&reason),
    };
    let sdk = guest::repo().join("guest-sdk/js");
    for args in [
        &["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"][..],
        &[
            "node_modules/prettier/bin/prettier.cjs",
            "--check",
            "src",
            "test",
            "examples",
            "build.mjs",
        ],
    ] {
        let run = Command::new(&env[0].1)
            .args(args)
            .current_dir(&sdk)
            .output()
            .expect("run node");
        assert!(
            run.status.success(),
            "{args:?}:\n{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
    }
}

/// The markdown example, built once per test run by `toolhost build`.
fn markdown() -> Option<&'static Path> {
    static BUILT: guest::Built = guest::Built::new();
    guest::built_once(&BUILT, guest::node, "js/examples/markdown")
}

#[test]
fn the_markdown_example_built_by_toolhost_build_converts_over_stdio() {
    let Some(component) = markdown() else { return };
    assert_eq!(component.file_name().unwrap(), "markdown.wasm");
    let mut server = guest::serve(component);
    let list = server.request("tools/list", json!({}));
    assert_eq!(
        list["result"]["tools"][0]["name"], "markdown_to_html",
        "{list}"
    );

    let markdown = "# Hello *world*\n\n| a | b |\n|---|---|\n| 1 | ~~2~~ |\n\n## Use `npm`";
    let reply = server.call("markdown_to_html", json!({"markdown": markdown}));
    assert_eq!(reply["result"]["isError"], false, "{reply}");
    let result = &reply["result"]["structuredContent"];
    let html = result["html"].as_str().unwrap();
    assert!(
        html.starts_with("<h1>Hello <em>world</em></h1>\n<table>\n"),
        "{html}"
    );
    assert!(html.contains("<td><s>2</s></td>"), "{html}");
    assert!(html.ends_with("<h2>Use <code>npm</code></h2>\n"), "{html}");
    assert_eq!(
        result["headings"],
        json!([{"level": 1, "text": "Hello world"}, {"level": 2, "text": "Use npm"}])
    );
    let as_text: Value = serde_json::from_str(text(&reply)).unwrap();
    assert_eq!(&as_text, result, "the text block is the same JSON");

    let sheet = server.request("resources/read", json!({"uri": "markdown://cheat-sheet"}));
    let contents = &sheet["result"]["contents"][0];
    assert_eq!(contents["mimeType"], "text/markdown", "{sheet}");
    assert!(
        contents["text"]
            .as_str()
            .unwrap()
            .contains("~~strikethrough~~")
    );
    assert!(server.close().success());
}

#[test]
fn sixteen_concurrent_markdown_calls_each_get_their_own_html() {
    let Some(component) = markdown() else { return };
    let mut server = guest::serve(component);
    let arguments: Vec<Value> = (0..16)
        .map(|i| json!({"markdown": format!("# Part {i}\n\n*{i}* of 16")}))
        .collect();
    let replies = guest::call_at_once(&mut server, "markdown_to_html", &arguments);
    for (i, reply) in replies.iter().enumerate() {
        assert_eq!(reply["result"]["isError"], false, "call {i}: {reply}");
        assert_eq!(
            reply["result"]["structuredContent"]["html"],
            format!("<h1>Part {i}</h1>\n<p><em>{i}</em> of 16</p>\n"),
            "call {i}: {reply}"
        );
    }
    assert!(server.close().success());
}

/// The `web` example, built once per test run: it uses `fetch`, which
/// StarlingMonkey sends over `wasi:http`.
fn web() -> Option<&'static Path> {
    static BUILT: guest::Built = guest::Built::new();
    guest::built_once(&BUILT, guest::node, "js/examples/web")
}

#[test]
fn a_typescript_tool_fetches_pages_and_posts_json_where_the_policy_allows() {
    let Some(component) = web() else { return };
    web_example::reads_pages_and_posts_json(component, "contentType");
}

/// `fetch` reports a refused request only as a network error; the host,
/// which refused it, says why.
#[test]
fn a_typescript_tool_is_told_which_request_its_policy_refused() {
    let Some(component) = web() else { return };
    let (refused, port) = web_example::refused_without_a_policy(component);
    let expected = format!(
        "toolhost refused the tool's request to 127.0.0.1:{port} (this tool's network policy does \
         not allow it); the tool reported: TypeError: "
    );
    assert!(refused.starts_with(&expected), "{refused}");
}
