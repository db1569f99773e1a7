//! The example tools written against contract 0.2, through the real binary:
//! `chart` returns a PNG image beside its summary and reports progress and a
//! log line on the way; `files`' `delete_file` asks the user before it
//! deletes anything, in both eras, and deletes only what the user confirmed
//! (checked on disk).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::*;

const LOG_LEVEL: &str = "io.modelcontextprotocol/logLevel";
const CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";

/// A 2026-07-28 `tools/call` with `capabilities` and `extra` params.
fn modern_call(server: &mut Server, tool: &str, args: Value, caps: Value, extra: Value) -> Value {
    let mut params = with_modern_meta(json!({"name": tool, "arguments": args}));
    params["_meta"][CAPABILITIES] = caps;
    for (key, value) in extra.as_object().unwrap() {
        params[key] = value.clone();
    }
    server.request("tools/call", params)
}

// ---- chart ----

fn chart() -> Server {
    started_with(Options {
        components: &["chart"],
        ..Default::default()
    })
}

fn be32(bytes: &[u8]) -> u32 {
    u32::from_be_bytes(bytes[..4].try_into().unwrap())
}

#[test]
fn bar_chart_returns_a_png_of_the_requested_size_with_progress_and_a_log_line() {
    let mut server = chart();
    let args = json!({"title": "Week", "width": 200, "height": 120, "bars": [
        {"label": "Mon", "value": 3.5}, {"label": "Tue", "value": -1.5},
        {"label": "Wed", "value": 8}]});
    let mut params = with_modern_meta(json!({"name": "bar_chart", "arguments": args}));
    params["_meta"]["progressToken"] = json!("chart");
    params["_meta"][LOG_LEVEL] = json!("info");
    server.send(&json!({"jsonrpc": "2.0", "id": "c", "method": "tools/call", "params": params}));
    // Everything up to the reply, in order: nothing comes after it.
    let mut before = Vec::new();
    let reply = loop {
        let message = server.recv();
        if message["id"] == "c" {
            break message;
        }
        before.push(message);
    };

    let result = &reply["result"];
    assert_eq!(result["resultType"], "complete", "{reply}");
    assert_eq!(
        text(&reply),
        "Week: 3 bars, highest Wed (8), lowest Tue (-1.5), total 10; a 200x120 PNG."
    );
    let image = &result["content"][1];
    assert_eq!(image["type"], "image", "{reply}");
    assert_eq!(image["mimeType"], "image/png");
    let png = BASE64.decode(image["data"].as_str().unwrap()).unwrap();
    assert_eq!(png[..8], *b"\x89PNG\r\n\x1a\n", "the PNG signature");
    // The first chunk is IHDR: 13 bytes, the requested size, 8-bit RGB.
    assert_eq!((be32(&png[8..]), &png[12..16]), (13, &b"IHDR"[..]));
    assert_eq!((be32(&png[16..]), be32(&png[20..])), (200, 120));
    assert_eq!(png[24..26], [8, 2]);
    assert_eq!(
        png[png.len() - 12..],
        *b"\0\0\0\0IEND\xae\x42\x60\x82",
        "ends with IEND"
    );
    let summary = &result["structuredContent"];
    assert_eq!(summary["png_bytes"], png.len(), "{summary}");
    assert_eq!(
        summary["lowest"],
        json!({"label": "Tue", "value": -1.5}),
        "{summary}"
    );

    // The first progress report goes out at once; later ones within 100 ms
    // are merged, the last always sent before the reply.
    let progress: Vec<&Value> = before
        .iter()
        .filter(|m| m["method"] == "notifications/progress")
        .map(|m| &m["params"])
        .collect();
    assert!((2..=3).contains(&progress.len()), "{before:?}");
    assert_eq!(progress[0]["message"], "rendering");
    assert_eq!(progress[0]["progressToken"], "chart");
    let last = progress[progress.len() - 1];
    assert_eq!(
        (&last["progress"], &last["message"]),
        (&json!(3.0), &json!("done"))
    );
    let logged: Vec<&Value> = before
        .iter()
        .filter(|m| m["method"] == "notifications/message")
        .collect();
    assert_eq!(logged.len(), 1, "{before:?}");
    assert_eq!(logged[0]["params"]["logger"], "chart");
    let line = logged[0]["params"]["data"].as_str().unwrap();
    assert_eq!(
        line,
        format!("drew 3 bars as a 200x120 PNG of {} bytes", png.len())
    );
    server.wait_for_log(&["[chart] drew 3 bars", "tool=\"bar_chart\""]);
}

#[test]
fn the_host_refuses_charts_outside_the_schema_limits() {
    let mut server = chart();
    let bar = json!({"label": "x", "value": 1});
    for (args, pointer) in [
        (json!({"bars": []}), "/bars"),
        (json!({"bars": vec![bar.clone(); 65]}), "/bars"),
        (json!({"bars": [bar], "width": 5000}), "/width"),
        (
            json!({"bars": [{"label": "x", "value": 1e16}]}),
            "/bars/0/value",
        ),
    ] {
        // The host's schema check, before the tool runs: its messages name
        // the JSON pointer, the tool's own would name the bar.
        let reply = server.call("bar_chart", args.clone());
        let message = tool_error(&reply);
        assert!(
            message.starts_with("Invalid arguments for tool bar_chart:\n- ")
                && message.contains(&format!("{pointer}: ")),
            "{args}: {message}"
        );
    }
    // The defaults make a 480x300 chart.
    let reply = server.call("bar_chart", json!({"bars": [bar]}));
    assert!(text(&reply).ends_with("a 480x300 PNG."), "{reply}");
}

// ---- files: delete_file ----

/// A folder granted to `files` as `/data` in `mode`, holding `names`, each
/// a file of twelve bytes.
fn files_server(mode: &str, names: &[&str]) -> (tempfile::TempDir, Server) {
    let dir = tempfile::tempdir().unwrap();
    for name in names {
        std::fs::write(dir.path().join(name), "twelve bytes").unwrap();
    }
    let config = format!(
        "[[components.files.files]]\nhost = {:?}\nguest = \"/data\"\nmode = \"{mode}\"\n",
        dir.path()
    );
    let server = Server::start_with(Options {
        components: &["files"],
        config: &config,
        ..Default::default()
    });
    (dir, server)
}

#[test]
fn at_2026_07_28_delete_file_asks_and_the_retry_with_the_sealed_state_deletes() {
    let (dir, mut server) = files_server("read-write", &["old.log"]);
    let caps = json!({"elicitation": {}});
    let args = json!({"path": "/data/old.log"});
    let asked = modern_call(
        &mut server,
        "delete_file",
        args.clone(),
        caps.clone(),
        json!({}),
    );
    let result = &asked["result"];
    assert_eq!(result["resultType"], "input_required", "{asked}");
    let question = &result["inputRequests"]["confirm"];
    assert_eq!(question["method"], "elicitation/create");
    assert_eq!(
        question["params"]["message"],
        "Delete /data/old.log (12 bytes)? This cannot be undone."
    );
    let form = &question["params"]["requestedSchema"];
    assert_eq!(form["properties"]["confirm"]["type"], "boolean", "{form}");
    assert_eq!(form["required"], json!(["confirm"]));
    let state = result["requestState"].as_str().expect("sealed state");
    assert!(!state.contains("old.log"), "the state is sealed: {state}");
    assert!(
        dir.path().join("old.log").exists(),
        "asking deletes nothing"
    );

    let done = modern_call(
        &mut server,
        "delete_file",
        args,
        caps,
        json!({"inputResponses": {"confirm": {"action": "accept", "content": {"confirm": true}}},
               "requestState": state}),
    );
    assert_eq!(done["result"]["resultType"], "complete", "{done}");
    assert_eq!(text(&done), "Deleted /data/old.log (12 bytes).");
    assert!(!dir.path().join("old.log").exists(), "deleted on disk");

    let list = server.request("tools/list", with_modern_meta(json!({})));
    let delete = list["result"]["tools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "delete_file")
        .unwrap();
    assert_eq!(delete["annotations"]["destructiveHint"], true, "{delete}");
}

#[test]
fn a_declined_or_unconfirmed_answer_keeps_the_file() {
    let (dir, mut server) = files_server("read-write", &["keep.log"]);
    let caps = json!({"elicitation": {}});
    let args = json!({"path": "/data/keep.log"});
    let asked = modern_call(
        &mut server,
        "delete_file",
        args.clone(),
        caps.clone(),
        json!({}),
    );
    let state = asked["result"]["requestState"].as_str().unwrap().to_owned();
    for (answer, said) in [
        (
            json!({"action": "decline"}),
            "Nothing was deleted: the user declined to delete /data/keep.log.",
        ),
        (
            json!({"action": "accept", "content": {"confirm": false}}),
            "Nothing was deleted: the user did not confirm deleting /data/keep.log.",
        ),
    ] {
        let reply = modern_call(
            &mut server,
            "delete_file",
            args.clone(),
            caps.clone(),
            json!({"inputResponses": {"confirm": answer}, "requestState": state}),
        );
        assert_eq!(text(&reply), said, "{reply}");
        assert_eq!(reply["result"]["isError"], false, "{reply}");
        assert!(dir.path().join("keep.log").exists(), "{answer}");
    }
}

#[test]
fn in_the_initialize_era_the_host_asks_over_stdio_and_the_answer_decides() {
    let (dir, mut server) = files_server("read-write", &["a.log", "b.log"]);
    let init = server.request(
        "initialize",
        json!({"protocolVersion": "2025-11-25", "capabilities": {"elicitation": {}},
            "clientInfo": {"name": "t", "version": "0"}}),
    );
    assert_eq!(init["result"]["protocolVersion"], "2025-11-25", "{init}");
    server.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));

    for (name, answer, said, kept) in [
        (
            "a.log",
            json!({"action": "accept", "content": {"confirm": true}}),
            "Deleted /data/a.log (12 bytes).",
            false,
        ),
        (
            "b.log",
            json!({"action": "decline"}),
            "Nothing was deleted: the user declined to delete /data/b.log.",
            true,
        ),
    ] {
        server.send(
            &json!({"jsonrpc": "2.0", "id": name, "method": "tools/call",
            "params": {"name": "delete_file", "arguments": {"path": format!("/data/{name}")}}}),
        );
        // The host asks the client itself, as a request on stdout.
        let asked = server.recv();
        assert_eq!(asked["method"], "elicitation/create", "{asked}");
        assert_eq!(
            asked["params"]["message"],
            format!("Delete /data/{name} (12 bytes)? This cannot be undone.")
        );
        assert_eq!(
            asked["params"]["requestedSchema"]["properties"]["confirm"]["type"],
            "boolean"
        );
        server.send(&json!({"jsonrpc": "2.0", "id": asked["id"], "result": answer}));
        let reply = server.recv_id(&json!(name));
        assert_eq!(text(&reply), said, "{reply}");
        assert_eq!(dir.path().join(name).exists(), kept, "{name}");
    }
}

#[test]
fn a_client_that_cannot_ask_its_user_gets_an_error_and_the_file_stays() {
    let (dir, mut server) = files_server("read-write", &["old.log"]);
    // Initialized without capabilities: no elicitation.
    server.initialize("2025-11-25");
    let reply = server.call("delete_file", json!({"path": "/data/old.log"}));
    assert!(
        tool_error(&reply).contains("this client cannot ask its user"),
        "{reply}"
    );
    let modern = modern_call(
        &mut server,
        "delete_file",
        json!({"path": "/data/old.log"}),
        json!({}),
        json!({}),
    );
    assert!(
        tool_error(&modern).contains("nothing was deleted"),
        "{modern}"
    );
    assert!(dir.path().join("old.log").exists());
}

#[test]
fn a_read_only_grant_refuses_before_asking_and_the_other_tools_still_read() {
    let (dir, mut server) = files_server("read-only", &["old.log"]);
    server.initialize("2025-11-25");
    let refused = modern_call(
        &mut server,
        "delete_file",
        json!({"path": "/data/old.log"}),
        json!({"elicitation": {}}),
        json!({}),
    );
    assert_eq!(refused["result"]["resultType"], "complete", "{refused}");
    assert_eq!(
        tool_error(&refused),
        "Invalid input: cannot delete /data/old.log: /data is granted to this tool read-only; \
         nothing was deleted"
    );
    assert!(dir.path().join("old.log").exists());
    let read = server.call("read_file", json!({"path": "/data/old.log"}));
    assert_eq!(text(&read), "twelve bytes", "{read}");
    let list = server.call("list_dir", json!({"path": "/data"}));
    assert_eq!(
        list["result"]["structuredContent"]["entries"][0]["size"],
        12
    );
}
