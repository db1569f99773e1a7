//! Contract 0.2 beside 0.1: a 0.1 component (`echo`) and a 0.2 component
//! (`rich`, raw bindings of `wit/v0.2`) served side by side, and every kind
//! of content 0.2 can return, in its MCP shape, in both eras.

use super::*;

fn rich() -> Server {
    let server = started_with(Options {
        components: &["echo", "rich"],
        args: &["--output-kib", "1"],
        ..Default::default()
    });
    server.wait_for_log(&["tools loaded", "components=2"]);
    server
}

#[test]
fn a_0_1_and_a_0_2_component_are_served_side_by_side() {
    let mut server = rich();
    let list = server.request("tools/list", json!({}));
    let names = support::tool_names(&list);
    assert!(
        names.contains(&"echo") && names.contains(&"pixel") && names.contains(&"kinds"),
        "{names:?}"
    );
    assert_healthy(&mut server);
    let hello = server.call("hello", json!({}));
    assert_eq!(text(&hello), "hello", "{hello}");
    // The client's log entry reaches the host's log too.
    server.wait_for_log(&["[rich] said hello", "tool=\"hello\""]);
    let refused = server.call("refuse", json!({}));
    assert_eq!(tool_error(&refused), "rich: refused on purpose");
}

#[test]
fn images_audio_links_and_embedded_resources_take_their_mcp_shape_in_both_eras() {
    let mut server = rich();
    let pixel = server.call("pixel", json!({}));
    let content = &pixel["result"]["content"];
    assert_eq!(content[0], json!({"type": "text", "text": "a pixel"}));
    assert_eq!(content[1]["type"], "image");
    assert_eq!(content[1]["mimeType"], "image/png");
    assert!(
        content[1]["data"]
            .as_str()
            .unwrap()
            .starts_with("iVBORw0KGgo"),
        "base64 of a PNG: {pixel}"
    );
    let modern = server.call_modern("pixel", json!({}));
    assert_eq!(
        modern["result"]["content"], *content,
        "the same at 2026-07-28"
    );
    assert_eq!(modern["result"]["resultType"], "complete");

    let sound = server.call("sound", json!({}));
    assert_eq!(
        sound["result"]["content"][0],
        json!({"type": "audio", "data": "UklGRiQAAABXQVZF", "mimeType": "audio/wav"})
    );

    let kinds = server.call("kinds", json!({}));
    assert_eq!(
        kinds["result"]["content"],
        json!([
            {"type": "resource_link", "uri": "file:///reports/q3.pdf", "name": "q3",
             "title": "Q3 report", "mimeType": "application/pdf", "size": 2048},
            {"type": "resource", "resource":
                {"uri": "mem://notes", "mimeType": "text/markdown", "text": "# Notes"}},
            {"type": "resource", "resource":
                {"uri": "mem://raw", "mimeType": "application/octet-stream", "blob": "AQID"}},
            {"type": "text", "text": "for the user", "annotations":
                {"audience": ["user"], "priority": 0.25, "lastModified": "2026-12-01T10:00:00Z"}},
        ])
    );
}

#[test]
fn bad_content_is_a_tool_failure_saying_what_is_wrong() {
    let mut server = rich();
    let mime = server.call("bad_mime", json!({}));
    let message = tool_error(&mime);
    assert!(
        message.starts_with(
            "The tool returned invalid output: content block 1 has MIME type \"png\", which is not type/subtype"
        ),
        "{message}"
    );
    let priority = server.call("bad_priority", json!({}));
    assert!(
        tool_error(&priority).contains("a priority outside 0 to 1"),
        "{priority}"
    );
    assert_healthy(&mut server);
}

#[test]
fn the_output_cap_counts_the_bytes_of_media_not_their_base64() {
    let mut server = rich();
    // 1000 bytes are 1336 in base64: within a 1 KiB cap all the same.
    let fits = server.call("blob", json!({"bytes": 1000}));
    assert_eq!(fits["result"]["isError"], false, "{fits}");
    let over = server.call("blob", json!({"bytes": 1025}));
    assert!(
        tool_error(&over).contains("exceeded the 1 KiB limit"),
        "{over}"
    );
}
