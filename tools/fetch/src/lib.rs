//! `fetch`: reads a web page or any other resource over HTTP, within the
//! destinations the operator's policy allows. The example to copy for a tool
//! that calls a web API.

use schemars::JsonSchema;
use serde::Deserialize;
use toolhost_sdk::http::{Request, Response};
use toolhost_sdk::{Tool, ToolError, Toolbox, config};

/// A setting the operator may grant (as a secret) for sites that need a
/// token. The SDK sends it only to the URL's origin, never on to another
/// host a redirect points to.
const BEARER_TOKEN: &str = "FETCH_BEARER_TOKEN";

#[derive(Deserialize, JsonSchema)]
struct FetchArgs {
    /// The http:// or https:// URL to fetch.
    #[schemars(url)]
    url: String,
    /// The most characters of the body to return; a longer body is cut and
    /// ends with a line saying how much was shown.
    #[serde(default = "default_max_chars")]
    #[schemars(range(min = 1, max = 1_000_000))]
    max_chars: usize,
}

fn default_max_chars() -> usize {
    20_000
}

fn fetch(args: FetchArgs) -> Result<String, ToolError> {
    if !["http://", "https://"]
        .iter()
        .any(|scheme| starts_with_ignoring_case(&args.url, scheme))
    {
        return Err(ToolError::invalid_input(
            "url must start with http:// or https://",
        ));
    }
    let mut request =
        Request::get(&args.url).header("accept", "text/*, application/json, */*;q=0.5");
    if let Some(token) = config::get(BEARER_TOKEN) {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let response = request.send()?.error_for_status()?;
    Ok(render(&response, args.max_chars.clamp(1, 1_000_000)))
}

/// The body as text for the model, or a line saying what it is when it is
/// not text (an image or an archive read as text is only noise).
fn render(response: &Response, max_chars: usize) -> String {
    let content_type = response.header("content-type").unwrap_or_default();
    if is_binary(content_type) {
        return format!(
            "[{} bytes of {} not shown: not text]",
            response.body.len(),
            content_type.split(';').next().unwrap_or_default().trim()
        );
    }
    truncate(&response.text(), max_chars)
}

fn is_binary(content_type: &str) -> bool {
    let media = content_type.split(';').next().unwrap_or_default().trim();
    let media = media.to_ascii_lowercase();
    ["image/", "audio/", "video/", "font/"]
        .iter()
        .any(|prefix| media.starts_with(prefix))
        || matches!(
            media.as_str(),
            "application/octet-stream" | "application/pdf" | "application/zip" | "application/gzip"
        )
}

/// The first `max_chars` characters of `text`, with a trailing line that
/// tells the model it did not see everything.
fn truncate(text: &str, max_chars: usize) -> String {
    let Some((cut, _)) = text.char_indices().nth(max_chars) else {
        return text.to_string();
    };
    let total = text.chars().count();
    format!(
        "{}\n[truncated: {max_chars} of {total} characters shown]",
        &text[..cut]
    )
}

fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

fn tools() -> Toolbox {
    Toolbox::new().tool(
        Tool::new("fetch", fetch)
            .title("Fetch a URL")
            .description(
                "Fetches a URL with HTTP GET (following redirects) and returns the response \
                 body as text: HTML source, JSON or plain text, cut to max_chars characters. \
                 It does not run JavaScript or render pages. Only the destinations the \
                 operator allows can be reached; any other URL fails with an error saying \
                 so, and HTTP errors (404, 500, ...) fail with their status.",
            )
            .read_only()
            .open_world(true),
    )
}

toolhost_sdk::export_tools!(tools);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_a_read_only_open_world_tool() {
        let descriptors = tools().describe().unwrap();
        assert_eq!(descriptors.len(), 1);
        let fetch = &descriptors[0];
        let url = &fetch.input_schema["properties"]["url"];
        assert_eq!(url["format"], "uri");
        let max = &fetch.input_schema["properties"]["max_chars"];
        assert_eq!(
            (max["minimum"].as_u64(), max["maximum"].as_u64()),
            (Some(1), Some(1_000_000))
        );
        assert_eq!(max["default"], 20_000);
        assert_eq!(fetch.input_schema["required"], serde_json::json!(["url"]));
        let hints = fetch.annotations.as_ref().unwrap();
        assert_eq!(
            (hints.read_only_hint, hints.open_world_hint),
            (Some(true), Some(true))
        );
    }

    #[test]
    fn long_bodies_are_cut_with_a_note() {
        assert_eq!(truncate("héllo", 5), "héllo");
        assert_eq!(
            truncate("héllo", 2),
            "hé\n[truncated: 2 of 5 characters shown]"
        );
        assert_eq!(truncate("", 1), "");
    }

    #[test]
    fn other_schemes_are_invalid_input() {
        for url in ["file:///etc/passwd", "ftp://example.com/", "example.com"] {
            let error = tools()
                .call("fetch", &format!(r#"{{"url":"{url}"}}"#))
                .unwrap_err();
            assert!(
                matches!(error, ToolError::InvalidInput(_)),
                "{url}: {error:?}"
            );
        }
    }

    #[test]
    fn natively_requests_fail_as_upstream_errors() {
        let error = tools()
            .call("fetch", r#"{"url":"HTTPS://example.com/"}"#)
            .unwrap_err();
        assert!(
            matches!(error, ToolError::Upstream { status: None, .. }),
            "{error:?}"
        );
    }

    #[test]
    fn binary_types_are_not_dumped() {
        assert!(is_binary("image/png"));
        assert!(is_binary("Application/PDF; x=y"));
        assert!(!is_binary("text/html; charset=utf-8"));
        assert!(!is_binary("application/json"));
        assert!(!is_binary(""));
    }
}
