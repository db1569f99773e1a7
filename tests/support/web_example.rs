//! The `web` examples of the Python and TypeScript SDKs: the same two tools
//! (`page_info`, `notify`) against a real server on 127.0.0.1, held to the
//! same expectations, so one scenario serves both languages.

use std::path::Path;

use serde_json::json;

use super::upstream::Upstream;
use super::{guest, text};

/// With the upstream allowed: a page is read (and a same-origin redirect
/// followed, as a new request), a JSON body larger than one 4096-byte write
/// goes out whole, and a failed status is the tool's error as the host words
/// it, with the `Retry-After` the upstream sent and nothing of its body.
/// `content_type` is the name the language gives that field.
pub fn reads_pages_and_posts_json(component: &Path, content_type: &str) {
    let upstream = Upstream::start();
    let config = format!(
        "[components.web.network]\nallow = [\"http://127.0.0.1:{}\"]\n",
        upstream.port
    );
    let mut server = guest::serve_with(component, &config);

    let page = server.call("page_info", json!({"url": upstream.url("/page")}));
    assert_eq!(page["result"]["isError"], false, "{page}");
    let got = &page["result"]["structuredContent"];
    assert_eq!(
        (&got["status"], &got["title"], &got["links"]),
        (&json!(200), &json!("Upstream café"), &json!(2)),
        "{page}"
    );
    assert_eq!(got[content_type], "text/html; charset=utf-8", "{page}");

    let moved = server.call(
        "page_info",
        json!({"url": upstream.url("/redirect?to=/page")}),
    );
    let title = &moved["result"]["structuredContent"]["title"];
    assert_eq!(title, "Upstream café", "{moved}");
    let seen = upstream.seen();
    assert_eq!(&seen[seen.len() - 2..], ["/redirect?to=/page", "/page"]);

    let data = json!({"log": "x".repeat(10_000), "ok": true});
    let posted = server.call(
        "notify",
        json!({"url": upstream.url("/echo"), "event": "build.finished", "data": data}),
    );
    assert_eq!(
        posted["result"]["structuredContent"],
        json!({"status": 200, "reply": {"event": "build.finished", "data": data}}),
        "{posted}"
    );

    let failed = server.call(
        "page_info",
        json!({"url": upstream.url("/status/503?key=secret")}),
    );
    assert_eq!(failed["result"]["isError"], true, "{failed}");
    assert_eq!(
        text(&failed),
        "The upstream service is unavailable (HTTP 503). Retry after 7 s.",
        "{failed}"
    );
    assert!(server.close().success());
}

/// Under the default policy (no network, loopback included): `page_info`
/// fails before anything reaches the upstream. Returns the error's text and
/// the upstream's port, for the language's own wording.
pub fn refused_without_a_policy(component: &Path) -> (String, u16) {
    let upstream = Upstream::start();
    let mut server = guest::serve_with(component, "");
    let refused = server.call("page_info", json!({"url": upstream.url("/page")}));
    assert_eq!(refused["result"]["isError"], true, "{refused}");
    assert!(server.close().success());
    assert_eq!(upstream.connections(), 0, "nothing reached the upstream");
    (text(&refused).to_owned(), upstream.port)
}
