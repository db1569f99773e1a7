//! JSON-RPC 2.0 framing: one message in, one line out.
//!
//! rmcp's stdio transport drops a line it cannot parse; JSON-RPC requires a
//! -32700 reply with `id: null`, and a request that is not a valid JSON-RPC
//! request gets -32600. Both are answered here, once per bad line, without
//! echoing the input back.

use rmcp::model::{ErrorData, JsonObject};
use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;

/// An incoming message, checked for shape.
#[derive(Debug)]
pub enum Message {
    Request {
        id: Value,
        method: String,
        params: JsonObject,
    },
    Notification {
        method: String,
        params: JsonObject,
    },
    /// A response to a request this server sent the client (see
    /// [`super::outbound`]).
    Response(Response),
}

/// The client's answer to a server-to-client request.
#[derive(Debug)]
pub struct Response {
    pub id: Value,
    /// The `result`, or the `error` the client sent.
    pub outcome: Result<Value, ErrorData>,
}

impl Message {
    /// Whether the message carries the 2026-07-28 `_meta` protocol version,
    /// which makes it stateless whatever session it arrives in.
    pub fn has_modern_meta(&self) -> bool {
        match self {
            Message::Request { params, .. } | Message::Notification { params, .. } => params
                .get("_meta")
                .and_then(Value::as_object)
                .is_some_and(|meta| meta.contains_key(super::era::META_PROTOCOL_VERSION)),
            Message::Response(_) => false,
        }
    }
}

/// A message that could not be accepted, and the reply it gets.
#[derive(Debug)]
pub struct Rejected {
    /// The request's id, when it could be read.
    pub id: Option<Value>,
    pub error: ErrorData,
}

/// Parses one line.
pub fn parse(line: &[u8]) -> Result<Message, Rejected> {
    let value: Value = serde_json::from_slice(line).map_err(|_| Rejected {
        id: None,
        error: ErrorData::parse_error("Parse error: the message is not valid JSON", None),
    })?;
    let Value::Object(mut object) = value else {
        let message = if value.is_array() {
            "Invalid Request: batches are not supported"
        } else {
            "Invalid Request: a message must be a JSON object"
        };
        return Err(invalid(None, message));
    };

    // Read the id first, so the errors below can carry it.
    let id = match object.remove("id") {
        None => None,
        Some(id @ Value::String(_)) => Some(id),
        Some(id @ Value::Number(_)) if id.is_i64() || id.is_u64() => Some(id),
        Some(_) => {
            return Err(invalid(
                None,
                "Invalid Request: id must be a string or an integer",
            ));
        }
    };
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(invalid(id, "Invalid Request: jsonrpc must be \"2.0\""));
    }
    let method = match object.remove("method") {
        Some(Value::String(method)) => method,
        Some(_) => return Err(invalid(id, "Invalid Request: method must be a string")),
        None => {
            // No method: a response, if it has an id and an outcome.
            let outcome = match (object.remove("error"), object.remove("result")) {
                (Some(error), _) => Err(client_error(error)),
                (None, Some(result)) => Ok(result),
                (None, None) => return Err(invalid(id, "Invalid Request: method is missing")),
            };
            let Some(id) = id else {
                return Err(invalid(None, "Invalid Request: method is missing"));
            };
            return Ok(Message::Response(Response { id, outcome }));
        }
    };
    let params = match object.remove("params") {
        None | Some(Value::Null) => JsonObject::new(),
        Some(Value::Object(params)) => params,
        // A notification gets no reply, not even an error.
        Some(_) if id.is_none() => {
            return Ok(Message::Notification {
                method,
                params: JsonObject::new(),
            });
        }
        Some(_) => {
            return Err(Rejected {
                id,
                error: ErrorData::invalid_params("params must be an object", None),
            });
        }
    };
    Ok(match id {
        Some(id) => Message::Request { id, method, params },
        None => Message::Notification { method, params },
    })
}

/// The error in a client's response. A response gets no reply whatever its
/// shape, so a malformed error is kept as an error for the request it
/// answers rather than refused.
fn client_error(error: Value) -> ErrorData {
    serde_json::from_value(error).unwrap_or_else(|_| {
        ErrorData::internal_error("the client's error response is malformed", None)
    })
}

fn invalid(id: Option<Value>, message: &'static str) -> Rejected {
    Rejected {
        id,
        error: ErrorData::invalid_request(message, None),
    }
}

/// A reply, typed until a transport writes it: the transport serializes it
/// once and derives anything else it needs (an HTTP status) from the type,
/// never from the bytes.
#[derive(Debug)]
pub struct Reply {
    /// The request's id; `None` when it could not be read (`id: null`).
    pub id: Option<Value>,
    pub body: ReplyBody,
}

#[derive(Debug)]
pub enum ReplyBody {
    /// A result, serialized once when the reply was made.
    Result(Box<RawValue>),
    /// An error. `malformed` says the request itself is not one this server
    /// can take (its framing or its `_meta`), as opposed to one it understood
    /// and refused (an unknown tool): HTTP answers the first with 400.
    Error { error: ErrorData, malformed: bool },
}

impl Reply {
    /// A result for request `id`.
    pub fn result(id: &Value, result: impl Serialize) -> Result<Self, serde_json::Error> {
        Ok(Self {
            id: Some(id.clone()),
            body: ReplyBody::Result(serde_json::value::to_raw_value(&result)?),
        })
    }

    /// An error for request `id` (`None`: unreadable).
    pub fn error(id: Option<&Value>, error: ErrorData) -> Self {
        Self {
            id: id.cloned(),
            body: ReplyBody::Error {
                error,
                malformed: false,
            },
        }
    }

    /// An error for a request this server cannot take as it is.
    pub fn malformed(id: Option<&Value>, error: ErrorData) -> Self {
        Self {
            id: id.cloned(),
            body: ReplyBody::Error {
                error,
                malformed: true,
            },
        }
    }

    /// The error, if this is one.
    pub fn error_data(&self) -> Option<&ErrorData> {
        match &self.body {
            ReplyBody::Error { error, .. } => Some(error),
            ReplyBody::Result(_) => None,
        }
    }

    /// The reply as one newline-terminated line.
    pub fn to_line(&self) -> Vec<u8> {
        let id = self.id.as_ref().unwrap_or(&Value::Null);
        let mut line = match &self.body {
            ReplyBody::Result(result) => serde_json::to_vec(&ResultLine {
                jsonrpc: "2.0",
                id,
                result,
            }),
            ReplyBody::Error { error, .. } => serde_json::to_vec(&ErrorLine {
                jsonrpc: "2.0",
                id,
                error,
            }),
        }
        .expect("a reply of raw JSON or ErrorData always serializes");
        line.push(b'\n');
        line
    }
}

#[derive(Serialize)]
struct ResultLine<'a, R> {
    jsonrpc: &'static str,
    id: &'a Value,
    result: R,
}

#[derive(Serialize)]
struct ErrorLine<'a> {
    jsonrpc: &'static str,
    id: &'a Value,
    error: &'a ErrorData,
}

/// A response line (newline-terminated) carrying `result`.
pub fn result_line(id: &Value, result: impl Serialize) -> Result<Vec<u8>, serde_json::Error> {
    let mut line = serde_json::to_vec(&ResultLine {
        jsonrpc: "2.0",
        id,
        result,
    })?;
    line.push(b'\n');
    Ok(line)
}

/// An error line (newline-terminated); `id: null` when the id was unreadable.
pub fn error_line(id: Option<&Value>, error: &ErrorData) -> Vec<u8> {
    Reply::error(id, error.clone()).to_line()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rmcp::model::ErrorCode;

    fn rejected(line: &str) -> Rejected {
        parse(line.as_bytes()).expect_err(line)
    }

    #[test]
    fn classifies_bad_messages_with_their_codes() {
        let cases = [
            ("{not json", ErrorCode::PARSE_ERROR, None),
            ("[1,2]", ErrorCode::INVALID_REQUEST, None),
            ("42", ErrorCode::INVALID_REQUEST, None),
            (
                r#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#,
                ErrorCode::INVALID_REQUEST,
                None,
            ),
            (
                r#"{"jsonrpc":"2.0","id":null,"method":"x"}"#,
                ErrorCode::INVALID_REQUEST,
                None,
            ),
            (
                r#"{"jsonrpc":"1.0","id":7,"method":"x"}"#,
                ErrorCode::INVALID_REQUEST,
                Some(7),
            ),
            (
                r#"{"jsonrpc":"2.0","id":7}"#,
                ErrorCode::INVALID_REQUEST,
                Some(7),
            ),
            (
                r#"{"jsonrpc":"2.0","id":7,"method":3}"#,
                ErrorCode::INVALID_REQUEST,
                Some(7),
            ),
            (
                r#"{"jsonrpc":"2.0","id":7,"method":"x","params":[1]}"#,
                ErrorCode::INVALID_PARAMS,
                Some(7),
            ),
        ];
        for (line, code, id) in cases {
            let r = rejected(line);
            assert_eq!(r.error.code, code, "{line}");
            assert_eq!(r.id, id.map(Value::from), "{line}");
        }
    }

    #[test]
    fn accepts_requests_notifications_and_responses() {
        let request = parse(br#"{"jsonrpc":"2.0","id":"a","method":"tools/list"}"#).unwrap();
        assert!(matches!(request, Message::Request { ref method, .. } if method == "tools/list"));
        let note = parse(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).unwrap();
        assert!(matches!(note, Message::Notification { .. }));
        let odd = parse(br#"{"jsonrpc":"2.0","method":"notifications/x","params":[1]}"#).unwrap();
        assert!(
            matches!(odd, Message::Notification { .. }),
            "a notification is never answered"
        );
        let response = parse(br#"{"jsonrpc":"2.0","id":1,"result":{"a":2}}"#).unwrap();
        assert!(
            matches!(response, Message::Response(Response { ref id, outcome: Ok(ref r) })
                if *id == 1 && r["a"] == 2)
        );
        let refused =
            parse(br#"{"jsonrpc":"2.0","id":"s","error":{"code":-1,"message":"no"}}"#).unwrap();
        assert!(
            matches!(refused, Message::Response(Response { outcome: Err(ref e), .. })
                if e.code.0 == -1 && e.message == "no")
        );
        let odd = parse(br#"{"jsonrpc":"2.0","id":2,"error":"no"}"#).unwrap();
        assert!(
            matches!(odd, Message::Response(Response { outcome: Err(ref e), .. })
                if e.code.0 == -32603),
            "a malformed error is still an error for the request it answers"
        );
    }

    #[test]
    fn error_lines_use_null_for_an_unreadable_id() {
        let line = error_line(None, &ErrorData::parse_error("Parse error", None));
        let value: Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(value["id"], Value::Null);
        assert_eq!(value["error"]["code"], -32700);
        assert_eq!(line.last(), Some(&b'\n'));
    }
}
