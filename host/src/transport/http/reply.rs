//! Building HTTP responses, and the HTTP status a JSON-RPC reply travels with.

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::header::{CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use hyper::{Response, StatusCode};
use rmcp::model::{ErrorCode, ErrorData};

use crate::server::jsonrpc::error_line;
use crate::server::{Reply, ReplyBody};

/// Every response body: whole (`Full`), or a stream of events (see
/// `super::sse`).
pub type Body = BoxBody<Bytes, Infallible>;

/// A body of these bytes, whole.
pub fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into()).boxed()
}

/// A JSON body (a JSON-RPC message) with `status`.
pub fn json(status: StatusCode, body: Vec<u8>) -> Response<Body> {
    let mut response = Response::new(full(body));
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
    let mut response = Response::new(full(Bytes::new()));
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
    let mut response = Response::new(full(body));
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A JSON-RPC reply, with the status it travels with.
pub fn message(reply: &Reply) -> Response<Body> {
    json(status_of(reply), reply.to_line())
}

/// The HTTP status of a reply, from its type (rmcp does the same in
/// `jsonrpc_http_status`).
///
/// Results and tool-level errors travel with 200. Errors that mean the
/// request itself was wrong use the statuses the spec names: an unknown method
/// is 404; an unparsable or invalid message, an unsupported protocol version,
/// a header mismatch and a request without the `_meta` it needs are 400.
pub fn status_of(reply: &Reply) -> StatusCode {
    let ReplyBody::Error { error, malformed } = &reply.body else {
        return StatusCode::OK;
    };
    match error.code {
        ErrorCode::METHOD_NOT_FOUND => StatusCode::NOT_FOUND,
        ErrorCode::PARSE_ERROR
        | ErrorCode::INVALID_REQUEST
        | ErrorCode::HEADER_MISMATCH
        | ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY
        | ErrorCode::UNSUPPORTED_PROTOCOL_VERSION => StatusCode::BAD_REQUEST,
        ErrorCode::INVALID_PARAMS if *malformed => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn statuses_follow_the_error_code() {
        let id = Value::from(1);
        let err = |code: i32| Reply::error(Some(&id), ErrorData::new(ErrorCode(code), "m", None));
        assert_eq!(status_of(&err(-32601)), StatusCode::NOT_FOUND);
        assert_eq!(status_of(&err(-32700)), StatusCode::BAD_REQUEST);
        assert_eq!(status_of(&err(-32022)), StatusCode::BAD_REQUEST);
        assert_eq!(status_of(&err(-32602)), StatusCode::OK, "an unknown tool");
        let bad_meta = Reply::malformed(Some(&id), ErrorData::invalid_params("m", None));
        assert_eq!(status_of(&bad_meta), StatusCode::BAD_REQUEST);
        assert_eq!(status_of(&err(-32603)), StatusCode::OK);
        let result = Reply::result(&id, json!({"error": 1})).unwrap();
        assert_eq!(status_of(&result), StatusCode::OK);
    }
}
