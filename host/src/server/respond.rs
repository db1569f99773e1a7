//! The small replies the dispatcher builds itself, and what the server
//! declares it can do.

use rmcp::model::{ErrorData, JsonObject, ServerCapabilities, ToolsCapability};
use serde_json::Value;

use super::Dispatch;
use super::error_table;
use super::jsonrpc::Reply;
use crate::correlation::CorrelationId;
use crate::sanitize::sanitize;

pub(super) fn method_not_found(method: &str) -> ErrorData {
    ErrorData::new(
        rmcp::model::ErrorCode::METHOD_NOT_FOUND,
        format!("Method not found: {}", sanitize(method, 128)),
        None,
    )
}

/// What the server offers. `list_changed`: whether it will send
/// `notifications/tools/list_changed` (legacy era; at 2026-07-28 changes
/// are only announced on `subscriptions/listen`).
pub(super) fn capabilities(list_changed: bool) -> ServerCapabilities {
    let mut tools = ToolsCapability::default();
    tools.list_changed = Some(list_changed);
    let mut capabilities = ServerCapabilities::default();
    capabilities.tools = Some(tools);
    // Components may write to the client's log (contract 0.2 `client.log`).
    capabilities.logging = Some(JsonObject::new());
    capabilities
}

pub(super) fn reply(id: &Value, result: impl serde::Serialize) -> Result<Dispatch, ErrorData> {
    result_reply(id, result).map(Dispatch::Reply)
}

/// A result reply, or -32603 if the result cannot be serialized.
pub(super) fn result_reply(id: &Value, result: impl serde::Serialize) -> Result<Reply, ErrorData> {
    match Reply::result(id, result) {
        Ok(reply) => Ok(reply),
        Err(e) => {
            let correlation = CorrelationId::new();
            tracing::error!(correlation_id = %correlation, error = %e, "cannot serialize a reply");
            Err(error_table::internal_error(correlation))
        }
    }
}
