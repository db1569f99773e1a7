//! Request headers the Streamable HTTP transport checks: media types
//! (`Content-Type`, `Accept`) and, for 2026-07-28 requests, the `Mcp-Method`,
//! `Mcp-Name` and `MCP-Protocol-Version` headers, which must agree with the
//! body so that proxies and gateways can route on them safely.

use hyper::HeaderMap;
use hyper::header::{ACCEPT, CONTENT_TYPE};
use rmcp::model::{ErrorCode, ErrorData, JsonObject};
use serde_json::Value;

use crate::server::era::META_PROTOCOL_VERSION;

pub const MCP_METHOD: &str = "mcp-method";
pub const MCP_NAME: &str = "mcp-name";
pub const MCP_PROTOCOL_VERSION: &str = "mcp-protocol-version";
pub const MCP_SESSION_ID: &str = "mcp-session-id";

pub const JSON: &str = "application/json";
pub const EVENT_STREAM: &str = "text/event-stream";

/// Whether the body is declared as JSON (`application/json`, any parameters).
pub fn content_type_is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| essence(v).eq_ignore_ascii_case(JSON))
}

/// Whether `Accept` allows `media` (`type/subtype`). No `Accept` header means
/// anything is acceptable (RFC 9110 §12.5.1); `q=0` excludes a range.
pub fn accepts(headers: &HeaderMap, media: &str) -> bool {
    let values: Vec<&str> = headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if values.is_empty() {
        return true;
    }
    let (kind, _) = media.split_once('/').unwrap_or((media, ""));
    values.iter().flat_map(|v| v.split(',')).any(|range| {
        let mut parts = range.split(';');
        let name = parts.next().unwrap_or("").trim();
        let refused = parts.any(|p| {
            p.trim()
                .strip_prefix("q=")
                .and_then(|q| q.trim().parse::<f32>().ok())
                .is_some_and(|q| q <= 0.0)
        });
        let matches = name.eq_ignore_ascii_case(media)
            || name == "*/*"
            || name
                .strip_suffix("/*")
                .is_some_and(|t| t.eq_ignore_ascii_case(kind));
        matches && !refused
    })
}

fn essence(media_type: &str) -> &str {
    media_type.split(';').next().unwrap_or("").trim()
}

/// A header value as text; values of the form `=?base64?…?=` are decoded
/// first (how clients send names that are not visible ASCII). `Err` for a
/// value that is not valid in either form.
pub fn mcp_header(headers: &HeaderMap, name: &str) -> Result<Option<String>, ()> {
    let Some(value) = headers.get(name) else {
        return Ok(None);
    };
    let text = value.to_str().map_err(|_| ())?.trim();
    let decoded = match text
        .strip_prefix("=?base64?")
        .and_then(|t| t.strip_suffix("?="))
    {
        Some(encoded) => String::from_utf8(base64_decode(encoded).ok_or(())?).map_err(|_| ())?,
        None => text.to_owned(),
    };
    Ok(Some(decoded))
}

/// Checks a 2026-07-28 request's headers against its body: `Mcp-Method`
/// always, `Mcp-Name` for the methods that name a target, and
/// `MCP-Protocol-Version` against `_meta`. A missing, mismatched or undecodable
/// header is -32020 (HTTP 400).
pub fn check_modern(
    headers: &HeaderMap,
    method: &str,
    params: &JsonObject,
) -> Result<(), ErrorData> {
    let mismatch = |what: String| ErrorData::new(ErrorCode::HEADER_MISMATCH, what, None);
    let read = |name: &str| {
        mcp_header(headers, name).map_err(|()| mismatch(format!("The {name} header is not valid")))
    };
    match read(MCP_METHOD)? {
        None => return Err(mismatch("The Mcp-Method header is required".into())),
        Some(value) if value != method => {
            return Err(mismatch(
                "The Mcp-Method header does not match the body".into(),
            ));
        }
        Some(_) => {}
    }
    let named = match method {
        "tools/call" | "prompts/get" => Some("name"),
        "resources/read" => Some("uri"),
        _ => None,
    };
    if let Some(field) = named {
        let in_body = params.get(field).and_then(Value::as_str);
        match read(MCP_NAME)? {
            None => {
                return Err(mismatch(format!(
                    "The Mcp-Name header is required for {method}"
                )));
            }
            Some(value) if Some(value.as_str()) != in_body => {
                return Err(mismatch(
                    "The Mcp-Name header does not match the body".into(),
                ));
            }
            Some(_) => {}
        }
    }
    let in_meta = params
        .get("_meta")
        .and_then(|m| m.get(META_PROTOCOL_VERSION))
        .and_then(Value::as_str);
    if let Some(in_meta) = in_meta {
        match read(MCP_PROTOCOL_VERSION)? {
            None => {
                return Err(mismatch(
                    "The MCP-Protocol-Version header is required".into(),
                ));
            }
            Some(value) if value != in_meta => {
                return Err(mismatch(
                    "The MCP-Protocol-Version header does not match _meta".into(),
                ));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Standard base64 (RFC 4648 §4), padding optional. `None` on anything else.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const STANDARD_ANY_PADDING: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    STANDARD_ANY_PADDING.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::{HeaderName, HeaderValue};
    use serde_json::json;

    fn object(value: Value) -> JsonObject {
        value.as_object().unwrap().clone()
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.append(
                HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    #[test]
    fn accept_ranges_wildcards_and_q_zero() {
        let ok = |v: &str, m: &str| accepts(&headers(&[("accept", v)]), m);
        assert!(ok("application/json, text/event-stream", JSON));
        assert!(ok("application/json, text/event-stream", EVENT_STREAM));
        assert!(ok("*/*", EVENT_STREAM));
        assert!(ok("application/*;q=0.5", JSON));
        assert!(!ok("text/html", JSON));
        assert!(!ok("application/json;q=0", JSON));
        assert!(!ok("application/json", EVENT_STREAM));
        assert!(accepts(&HeaderMap::new(), JSON));
    }

    #[test]
    fn content_type_ignores_parameters_and_case() {
        assert!(content_type_is_json(&headers(&[(
            "content-type",
            "Application/JSON; charset=utf-8"
        )])));
        assert!(!content_type_is_json(&headers(&[(
            "content-type",
            "text/plain"
        )])));
        assert!(!content_type_is_json(&HeaderMap::new()));
    }

    #[test]
    fn base64_values_decode_before_comparing() {
        assert_eq!(base64_decode("aMOpbGxv").unwrap(), "héllo".as_bytes());
        assert_eq!(base64_decode("YQ==").unwrap(), b"a");
        assert_eq!(base64_decode("YWI").unwrap(), b"ab");
        assert!(base64_decode("a$==").is_none());
        let map = headers(&[("mcp-name", "=?base64?aMOpbGxv?=")]);
        assert_eq!(mcp_header(&map, MCP_NAME), Ok(Some("héllo".into())));
    }

    #[test]
    fn modern_headers_must_match_the_body() {
        let params =
            object(json!({"name": "echo", "_meta": {META_PROTOCOL_VERSION: "2026-07-28"}}));
        let good = [
            ("mcp-method", "tools/call"),
            ("mcp-name", "echo"),
            ("mcp-protocol-version", "2026-07-28"),
        ];
        assert!(check_modern(&headers(&good), "tools/call", &params).is_ok());
        for drop in 0..good.len() {
            let mut partial = good.to_vec();
            partial.remove(drop);
            let err = check_modern(&headers(&partial), "tools/call", &params).unwrap_err();
            assert_eq!(
                err.code,
                ErrorCode::HEADER_MISMATCH,
                "without {:?}",
                good[drop]
            );
        }
        let mut wrong = good;
        wrong[1] = ("mcp-name", "other");
        assert!(check_modern(&headers(&wrong), "tools/call", &params).is_err());
        let listed = headers(&[("mcp-method", "tools/list")]);
        assert!(check_modern(&listed, "tools/list", &JsonObject::new()).is_ok());
    }
}
