//! The HTTP caps and timeouts as keys of the config file's `[http]` table.

use crate::support;

use serde_json::json;
use support::Options;
use support::http::HttpServer;

use super::limits::refused_at_start;

#[test]
fn the_http_caps_and_timeouts_are_config_keys_too() {
    let server = HttpServer::start_with(
        Options {
            config: "[http]\nmax_body_kib = 1\nmax_requests = 7",
            ..Default::default()
        },
        &["--http-max-requests", "9"],
    );
    let big = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list",
        "params": support::with_modern_meta(json!({"pad": "x".repeat(2000)}))});
    let modern = [
        ("Mcp-Method", Some("tools/list")),
        ("MCP-Protocol-Version", Some(support::MODERN)),
    ];
    assert_eq!(
        server.post(&big, &modern).status,
        413,
        "max_body_kib from the file"
    );
    server.assert_healthy();

    for (args, config, says) in [
        (
            &["--http-max-sessions", "0"][..],
            "",
            "--http-max-sessions must be at least 1",
        ),
        (
            &[],
            "[http]\nheader_timeout_ms = 0",
            "[http]: header_timeout_ms must be at least 1",
        ),
        (
            &["--http-max-requests", "5"],
            "[http]\nmax_requests = 0",
            "[http]: max_requests must be at least 1",
        ),
        (&[], "[http]\nmax_bodies = 1", "unknown field `max_bodies`"),
    ] {
        let stderr = refused_at_start(args, config);
        assert!(stderr.contains(says), "{config} {args:?}: {stderr}");
    }
}
