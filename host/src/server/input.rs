//! Input required at 2026-07-28 (multi round-trip requests): reading a
//! retry's `inputResponses` and `requestState`, and answering a component
//! that asks the client for input with `resultType: "input_required"`.
//!
//! The host never keeps anything between rounds: what the component wants
//! back travels in `requestState`, sealed (see [`super::sealed`]) and bound
//! to the request, so any replica sharing the key can serve the retry.

use std::time::SystemTime;

use rmcp::model::{ErrorData, JsonObject, MetaObject};
use serde_json::{Map, Value, json};

use super::era::META_CLIENT_CAPABILITIES;
use super::outbound::{OutboundError, Outbox};
use super::sealed::{Binding, StateKey};
use crate::failure::{CallFailure, ToolFailure};
use crate::runtime::{CallInput, ClientCapabilities, InputRequest, InputRequired};

/// What a 2026-07-28 request can ask the client: its declared capabilities.
pub(super) fn client_capabilities(params: &JsonObject) -> ClientCapabilities {
    let declared = params
        .get("_meta")
        .and_then(|meta| meta.get(META_CLIENT_CAPABILITIES))
        .and_then(Value::as_object);
    let has = |name: &str| declared.is_some_and(|caps| caps.contains_key(name));
    ClientCapabilities {
        elicitation: has("elicitation"),
        sampling: has("sampling"),
        roots: has("roots"),
    }
}

/// A round's input from a 2026-07-28 `tools/call`: the answers and the
/// verified state. Malformed answers or state that does not verify are the
/// client's error (-32602).
pub(super) fn read_round(
    params: &JsonObject,
    bound: &Binding<'_>,
    key: &StateKey,
) -> Result<CallInput, ErrorData> {
    let responses = match params.get("inputResponses") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(answers)) => answers
            .iter()
            .map(|(key, answer)| (key.clone(), answer.to_string()))
            .collect(),
        Some(_) => {
            return Err(ErrorData::invalid_params(
                "inputResponses must be an object of answers by key",
                None,
            ));
        }
    };
    let state = match params.get("requestState") {
        None | Some(Value::Null) => None,
        Some(Value::String(sealed)) => Some(
            key.open(sealed, bound, SystemTime::now()).map_err(|e| {
                // Tampered, expired or replayed elsewhere: worth a trace.
                tracing::warn!(method = bound.method, target = %crate::sanitize::sanitize_for_log(bound.target, 256),
                    reason = %e, "requestState refused");
                ErrorData::invalid_params(e.to_string(), None)
            })?,
        ),
        Some(_) => {
            return Err(ErrorData::invalid_params(
                "requestState must be the string this server returned",
                None,
            ));
        }
    };
    Ok(CallInput {
        responses,
        state,
        client: client_capabilities(params),
    })
}

/// The questions of `asked` as requests to send: (key, method, params).
/// A question the client cannot answer, a key used twice or empty, or
/// params that are not a JSON object is the component's failure.
fn questions(
    asked: &InputRequired,
    client: ClientCapabilities,
) -> Result<Vec<(String, &'static str, Value)>, ToolFailure> {
    let mut out: Vec<(String, &'static str, Value)> = Vec::with_capacity(asked.requests.len());
    for (name, request) in &asked.requests {
        if name.is_empty() || out.iter().any(|(k, _, _)| k == name) {
            return Err(invalid("its input requests need distinct, non-empty keys"));
        }
        let (method, params, allowed, capability) = match request {
            InputRequest::Elicitation(params) => (
                "elicitation/create",
                Some(params),
                client.elicitation,
                "elicitation",
            ),
            InputRequest::Sampling(params) => (
                "sampling/createMessage",
                Some(params),
                client.sampling,
                "sampling",
            ),
            InputRequest::Roots => ("roots/list", None, client.roots, "roots"),
        };
        if !allowed {
            return Err(ToolFailure::MissingClientCapability(capability));
        }
        let params = match params {
            None => Value::Object(Map::new()),
            Some(text) => match serde_json::from_str::<Value>(text) {
                Ok(value @ Value::Object(_)) => value,
                _ => {
                    return Err(invalid(
                        "the params of an input request must be a JSON object",
                    ));
                }
            },
        };
        out.push((name.clone(), method, params));
    }
    Ok(out)
}

/// The `input_required` result for a component's questions (2026-07-28),
/// its state sealed for this request.
pub(super) fn input_required_result(
    asked: InputRequired,
    client: ClientCapabilities,
    key: &StateKey,
    bound: &Binding<'_>,
    info_meta: &MetaObject,
) -> Result<Value, ToolFailure> {
    if asked.requests.is_empty() && asked.state.is_none() {
        return Err(invalid(
            "it asked for input but gave neither questions nor state",
        ));
    }
    let mut requests = Map::new();
    for (name, method, params) in questions(&asked, client)? {
        requests.insert(name, json!({"method": method, "params": params}));
    }
    let mut result = Map::new();
    result.insert("resultType".into(), "input_required".into());
    if !requests.is_empty() {
        result.insert("inputRequests".into(), Value::Object(requests));
    }
    if let Some(state) = asked.state {
        result.insert(
            "requestState".into(),
            key.seal(bound, &state, SystemTime::now()).into(),
        );
    }
    result.insert(
        "_meta".into(),
        serde_json::to_value(info_meta).unwrap_or_default(),
    );
    Ok(Value::Object(result))
}

/// The `initialize` era: the host asks the client each question itself,
/// through the call's outbox, and waits (within the call's deadline, burning
/// no fuel) for the answers. The next round runs with them and the state,
/// which never leaves the host. A question the client refuses is left
/// unanswered, for the component to decide.
pub(super) async fn ask_client(
    outbox: &Outbox,
    asked: InputRequired,
    client: ClientCapabilities,
    deadline: tokio::time::Instant,
    deadline_ms: u64,
) -> Result<CallInput, CallFailure> {
    if asked.requests.is_empty() && asked.state.is_none() {
        return Err(invalid("it asked for input but gave neither questions nor state").into());
    }
    let mut responses = Vec::with_capacity(asked.requests.len());
    for (key, method, params) in questions(&asked, client)? {
        let Value::Object(params) = params else {
            unreachable!("questions() keeps objects only");
        };
        let answer = tokio::time::timeout_at(deadline, outbox.request(method, params))
            .await
            .map_err(|_| ToolFailure::Deadline { ms: deadline_ms })?;
        match answer {
            Ok(result) => responses.push((key, result.to_string())),
            Err(OutboundError::Refused(error)) => {
                tracing::info!(
                    key,
                    method,
                    code = error.code.0,
                    "the client refused an input request"
                );
            }
            Err(e) => {
                return Err(ToolFailure::InvalidOutput(
                    format!("it asked the client for input, which could not be sent: {e}").into(),
                )
                .into());
            }
        }
    }
    Ok(CallInput {
        responses,
        state: asked.state,
        client,
    })
}

fn invalid(what: &'static str) -> ToolFailure {
    ToolFailure::InvalidOutput(what.into())
}
