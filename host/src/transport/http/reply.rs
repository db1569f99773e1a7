//! Building HTTP responses, and the HTTP status a JSON-RPC reply travels with.

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use hyper::{Response, StatusCode};
use rmcp::model::{ErrorCode, ErrorData};
use serde::Deserialize;

use crate::server::jsonrpc::error_line;

pub type Body = Full<Bytes>;

/// A JSON body (a JSON-RPC message) with `status`.
pub fn json(status: StatusCode, body: Vec<u8>) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// A refusal at the HTTP level: `status` with a JSON-RPC error without id
/// (the spec allows a body of that shape on 4xx).
pub fn refuse(status: StatusCode, code: ErrorCode, message: &str) -> Response<Body> {
    let error = ErrorData::new(code, message.to_owned(), None);
    json(status, error_line(None, &error))
}

/// `status` with no body (202 for an accepted notification, 204, 405).
pub fn empty(status: StatusCode) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}

/// 503 with `Retry-After`, for a server at one of its caps.
pub fn busy(message: &str) -> Response<Body> {
    let mut response = refuse(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::INTERNAL_ERROR,
        message,
    );
    response
        .headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// Plain text (health and metrics endpoints).
pub fn text(status: StatusCode, content_type: &'static str, body: String) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// The HTTP status of a reply line the dispatcher produced.
///
/// Results and tool-level errors travel with 200. Errors that mean the
/// request itself was wrong use the statuses the spec names: an unknown method
/// is 404; an unparsable or invalid message, an unsupported protocol version
/// and a header mismatch are 400. `bad_meta` says whether the request lacks
/// the required `_meta` (its -32602 is then a 400, unlike an unknown tool's).
pub fn status_of(line: &[u8], bad_meta: bool) -> StatusCode {
    #[derive(Deserialize)]
    struct Code {
        code: i32,
    }
    #[derive(Deserialize)]
    struct Probe {
        error: Option<Code>,
    }
    let Ok(Probe {
        error: Some(Code { code }),
    }) = serde_json::from_slice::<Probe>(line)
    else {
        return StatusCode::OK;
    };
    match ErrorCode(code) {
        ErrorCode::METHOD_NOT_FOUND => StatusCode::NOT_FOUND,
        ErrorCode::PARSE_ERROR
        | ErrorCode::INVALID_REQUEST
        | ErrorCode::HEADER_MISMATCH
        | ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY
        | ErrorCode::UNSUPPORTED_PROTOCOL_VERSION => StatusCode::BAD_REQUEST,
        ErrorCode::INVALID_PARAMS if bad_meta => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_the_error_code() {
        let err = |code: i32| {
            format!(r#"{{"jsonrpc":"2.0","id":1,"error":{{"code":{code},"message":"m"}}}}"#)
        };
        assert_eq!(
            status_of(err(-32601).as_bytes(), false),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            status_of(err(-32700).as_bytes(), false),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            status_of(err(-32022).as_bytes(), false),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(status_of(err(-32602).as_bytes(), false), StatusCode::OK);
        assert_eq!(
            status_of(err(-32602).as_bytes(), true),
            StatusCode::BAD_REQUEST
        );
        assert_eq!(status_of(err(-32603).as_bytes(), false), StatusCode::OK);
        assert_eq!(
            status_of(br#"{"jsonrpc":"2.0","id":1,"result":{"error":1}}"#, false),
            StatusCode::OK
        );
    }
}
