//! `stdio_lines`: lines of input through the dispatcher, as the stdio
//! transport feeds it, each reply checked against JSON-RPC 2.0.

use rmcp::model::{ErrorCode, ProtocolVersion};
use serde_json::{Map, Value};

use super::{empty_server, has_forbidden_control};
use crate::server::era::{self, META_PROTOCOL_VERSION};
use crate::server::{Dispatch, Server, Session};

/// Error codes the dispatcher may answer with: JSON-RPC's own, and the one
/// 2026-07-28 code that does not depend on HTTP headers.
const CODES: &[ErrorCode] = &[
    ErrorCode::PARSE_ERROR,
    ErrorCode::INVALID_REQUEST,
    ErrorCode::METHOD_NOT_FOUND,
    ErrorCode::INVALID_PARAMS,
    ErrorCode::INTERNAL_ERROR,
    ErrorCode::UNSUPPORTED_PROTOCOL_VERSION,
];

/// Methods that can succeed on a server without tools.
const ANSWERED: &[&str] = &["initialize", "ping", "tools/list", "server/discover"];

/// Longest error message: the longest fixed one plus a method or tool name
/// cut at 128 characters.
const MAX_MESSAGE_CHARS: usize = 512;

/// The member names the server reads: what a request means depends on them.
const PROTOCOL_KEYS: &[&str] = &[
    "jsonrpc",
    "id",
    "method",
    "params",
    "result",
    "error",
    "_meta",
    META_PROTOCOL_VERSION,
    era::META_CLIENT_CAPABILITIES,
    "protocolVersion",
    "name",
    "arguments",
    "cursor",
    "requestId",
];

/// Input strings shorter than this are not traced through replies: short
/// ones (`"params"`, `"2.0"`) are the protocol's own words.
const MIN_TRACED_CHARS: usize = 8;

/// Feeds each line of `data` to one session of a server without tools, as
/// the stdio transport does (split at `\n`, ASCII whitespace trimmed, blank
/// lines skipped), and checks every answer:
///
/// - a request gets exactly one newline-terminated line of JSON-RPC 2.0:
///   a result or an error, with the request's id; an error has `id: null`
///   only when the id could not be read, and -32700 only when the line is
///   not JSON;
/// - a notification or a response gets nothing;
/// - error codes are the documented ones, messages short and free of
///   control characters;
/// - nothing from the input is echoed back but its id, and the three
///   strings the replies name on purpose: the method (-32601), the tool name
///   (unknown tool) and a requested protocol version.
pub fn stdio_lines(data: &[u8]) {
    let server = empty_server();
    let mut session = Session::default();
    for line in data.split(|&b| b == b'\n') {
        let line = line.trim_ascii();
        if line.is_empty() {
            continue;
        }
        let before = session.negotiated.clone();
        let dispatch = server.handle_line(line, &mut session);
        check(server, line, &dispatch, &before, &session);
    }
}

/// What a line is, read independently of the dispatcher.
enum Expected<'a> {
    /// Not JSON: -32700 with `id: null`.
    NotJson,
    /// JSON whose id cannot be read: an error with `id: null`.
    NoId,
    /// A notification: no reply.
    Notification(&'a Map<String, Value>),
    /// A response to a request the server never sent: no reply.
    Response,
    /// A request: one reply with this id.
    Request(&'a Value),
}

fn expected(message: &Option<Value>) -> Expected<'_> {
    let Some(message) = message else {
        return Expected::NotJson;
    };
    let Some(object) = message.as_object() else {
        return Expected::NoId;
    };
    let jsonrpc = object.get("jsonrpc").and_then(Value::as_str) == Some("2.0");
    let method = object.get("method");
    match object.get("id") {
        None if jsonrpc && method.is_some_and(Value::is_string) => Expected::Notification(object),
        None => Expected::NoId,
        Some(id) if id.is_string() || id.is_i64() || id.is_u64() => {
            let answered = object.contains_key("result") || object.contains_key("error");
            if jsonrpc && method.is_none() && answered {
                Expected::Response
            } else {
                Expected::Request(id)
            }
        }
        Some(_) => Expected::NoId,
    }
}

fn check(
    server: &Server,
    line: &[u8],
    dispatch: &Dispatch,
    before: &Option<ProtocolVersion>,
    session: &Session,
) {
    let message: Option<Value> = serde_json::from_slice(line).ok();
    let expected = expected(&message);
    let reply = match dispatch {
        Dispatch::Call(_) => panic!("a server without tools started a call"),
        Dispatch::Listen(listen) => {
            let Expected::Request(id) = expected else {
                panic!("only a request opens a stream");
            };
            assert_eq!(*id, listen.id, "the stream is the request's");
            assert_eq!(message.as_ref().unwrap()["method"], "subscriptions/listen");
            return;
        }
        Dispatch::Cancel(id) => {
            let Expected::Notification(object) = expected else {
                panic!("only a notification cancels");
            };
            assert_eq!(object["method"], "notifications/cancelled");
            assert_eq!(object["params"]["requestId"], *id, "cancels what was named");
            return;
        }
        Dispatch::Response(response) => {
            assert!(
                matches!(expected, Expected::Response),
                "only a response is routed"
            );
            assert_eq!(
                message.as_ref().unwrap()["id"],
                response.id,
                "routed by its own id"
            );
            return;
        }
        Dispatch::Nothing => {
            assert!(
                matches!(expected, Expected::Notification(_)),
                "a request or response got no dispatch"
            );
            return;
        }
        Dispatch::Reply(reply) | Dispatch::Initialized(reply) => reply.to_line(),
    };
    let reply = &reply[..];
    assert!(
        !matches!(expected, Expected::Notification(_) | Expected::Response),
        "a notification or response got a reply"
    );
    assert_eq!(reply.last(), Some(&b'\n'), "a reply ends its line");
    assert_eq!(
        memchr::memchr_iter(b'\n', reply).count(),
        1,
        "a reply is one line"
    );
    let parsed: Value = serde_json::from_slice(reply).expect("a reply is JSON");
    let object = parsed.as_object().expect("a reply is an object");
    assert_eq!(object.get("jsonrpc"), Some(&Value::from("2.0")));
    let id = object.get("id").expect("a reply has an id");
    let keys: Vec<&str> = object.keys().map(String::as_str).collect();
    match &expected {
        Expected::Request(request_id) => assert_eq!(id, *request_id, "the reply carries the id"),
        _ => assert_eq!(id, &Value::Null, "an unreadable id is null"),
    }
    match (object.get("result"), object.get("error")) {
        (Some(_), None) => {
            assert_eq!(keys.len(), 3, "nothing but jsonrpc, id, result: {keys:?}");
            let method = message
                .as_ref()
                .and_then(|m| m.get("method")?.as_str())
                .expect("a result answers a request");
            assert!(ANSWERED.contains(&method), "{method} succeeded");
            if method == "initialize" {
                let version = session.negotiated.as_ref().expect("initialize negotiates");
                assert_eq!(parsed["result"]["protocolVersion"], version.as_str());
            }
        }
        (None, Some(error)) => {
            assert_eq!(keys.len(), 3, "nothing but jsonrpc, id, error: {keys:?}");
            check_error(error, &expected);
        }
        _ => panic!("a reply has a result or an error: {keys:?}"),
    }
    if let Some(message) = &message {
        check_no_echo(server, message, &parsed, before);
    }
}

fn check_error(error: &Value, expected: &Expected<'_>) {
    let code = error["code"]
        .as_i64()
        .expect("an error has an integer code");
    let code = ErrorCode(i32::try_from(code).expect("an error code is an i32"));
    assert!(CODES.contains(&code), "undocumented code {}", code.0);
    assert_eq!(
        code == ErrorCode::PARSE_ERROR,
        matches!(expected, Expected::NotJson),
        "-32700 is for lines that are not JSON, and only for them"
    );
    let message = error["message"].as_str().expect("an error has a message");
    assert!(
        message.chars().count() <= MAX_MESSAGE_CHARS,
        "message of {} characters",
        message.chars().count()
    );
    assert!(!has_forbidden_control(message), "{message:?}");
    let members = error.as_object().unwrap();
    assert!(
        members
            .keys()
            .all(|k| ["code", "message", "data"].contains(&k.as_str())),
        "code, message, data only: {members:?}"
    );
}

/// Checks that no string of the input but the allowed ones reaches the reply.
///
/// A reply may name an input string because it is a word of the protocol
/// rather than an echo. The keys the server reads are such words, and are
/// not traced: renaming one changes what the request means. Any other input
/// string found in the reply is replaced by another of the same length and
/// the line answered again: a word of the server's own text is still there,
/// an echo is not.
fn check_no_echo(
    server: &Server,
    message: &Value,
    reply: &Value,
    before: &Option<ProtocolVersion>,
) {
    let mut allowed: Vec<&str> = Vec::new();
    allowed.extend(message.get("method").and_then(Value::as_str));
    let params = message.get("params");
    allowed.extend(params.and_then(|p| p.get("name")?.as_str()));
    allowed.extend(params.and_then(|p| p.get("_meta")?.get(META_PROTOCOL_VERSION)?.as_str()));
    let versions = era::supported_versions();
    let mut reply = reply.clone();
    if let Some(object) = reply.as_object_mut() {
        object.remove("id");
    }
    let mut shown = Vec::new();
    string_values(&reply, &mut shown);
    let mut candidates = Vec::new();
    let top: Option<&Map<String, Value>> = message.as_object();
    let without_id = top.map(|o| {
        let mut o = o.clone();
        o.remove("id");
        Value::Object(o)
    });
    strings_and_keys(without_id.as_ref().unwrap_or(message), &mut candidates);
    candidates.sort_unstable();
    candidates.dedup();
    for candidate in candidates {
        if candidate.chars().count() < MIN_TRACED_CHARS
            || allowed.contains(&candidate)
            || versions.iter().any(|v| v.as_str() == candidate)
            || PROTOCOL_KEYS.contains(&candidate)
            || !shown.iter().any(|s| s.contains(candidate))
        {
            continue;
        }
        let filler = if candidate.chars().all(|c| c == 'Z') {
            "Y"
        } else {
            "Z"
        };
        let replacement = filler.repeat(candidate.chars().count());
        let mut changed = message.clone();
        replace_strings(&mut changed, candidate, &replacement);
        let line = serde_json::to_vec(&changed).expect("a Value serializes");
        let mut session = Session {
            negotiated: before.clone(),
            ..Session::default()
        };
        let again = match server.handle_line(&line, &mut session) {
            Dispatch::Reply(again) | Dispatch::Initialized(again) => {
                String::from_utf8_lossy(&again.to_line()).into_owned()
            }
            _ => String::new(),
        };
        let escaped = serde_json::to_string(candidate).unwrap();
        let escaped = &escaped[1..escaped.len() - 1];
        assert!(
            again.contains(escaped),
            "the reply echoes the input string {candidate:?}"
        );
    }
}

/// Every string value in `value` (keys of the reply are serde field names).
fn string_values<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|v| string_values(v, out)),
        Value::Object(members) => members.values().for_each(|v| string_values(v, out)),
        _ => {}
    }
}

/// Every string value and every key in `value`.
fn strings_and_keys<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Array(items) => items.iter().for_each(|v| strings_and_keys(v, out)),
        Value::Object(members) => {
            for (key, v) in members {
                out.push(key);
                strings_and_keys(v, out);
            }
        }
        _ => {}
    }
}

/// Replaces every string value and key equal to `from` by `to`.
fn replace_strings(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::String(s) if s == from => *s = to.to_owned(),
        Value::Array(items) => items.iter_mut().for_each(|v| replace_strings(v, from, to)),
        Value::Object(members) => {
            let old = std::mem::take(members);
            for (key, mut v) in old {
                replace_strings(&mut v, from, to);
                let key = if key == from { to.to_owned() } else { key };
                members.insert(key, v);
            }
        }
        _ => {}
    }
}
