//! The small replies the dispatcher builds itself, and what the server
//! declares it can do.

use rmcp::model::{
    ErrorData, JsonObject, PromptsCapability, ResourcesCapability, ServerCapabilities,
    ToolsCapability,
};
use serde_json::Value;

use super::error_table;
use super::jsonrpc::Reply;
use super::{Catalog, Dispatch};
use crate::correlation::CorrelationId;
use crate::sanitize::sanitize;

pub(super) fn method_not_found(method: &str) -> ErrorData {
    ErrorData::new(
        rmcp::model::ErrorCode::METHOD_NOT_FOUND,
        format!("Method not found: {}", sanitize(method, 128)),
        None,
    )
}

/// What the server offers: tools always; resources, prompts and
/// completions only when some component serves them. `list_changed`:
/// whether the lists can change and the client is told (legacy era:
/// `notifications/*/list_changed`; 2026-07-28: on `subscriptions/listen`).
/// Subscribing to a resource is legacy only: 2026-07-28 removed it.
/// While components are still loading at start (`catalog.partial`), every
/// list may yet be offered: all are declared, and all may change.
pub(super) fn capabilities(
    list_changed: bool,
    catalog: &Catalog,
    modern: bool,
) -> ServerCapabilities {
    let served = catalog.registry.served();
    let partial = catalog.partial;
    let list_changed = list_changed || partial;
    let mut tools = ToolsCapability::default();
    tools.list_changed = Some(list_changed);
    let mut capabilities = ServerCapabilities::default();
    capabilities.tools = Some(tools);
    // Components may write to the client's log (contract 0.2 `client.log`).
    capabilities.logging = Some(JsonObject::new());
    if partial || served.has_resources() {
        let mut resources = ResourcesCapability::default();
        resources.list_changed = Some(list_changed);
        resources.subscribe = (!modern).then_some(true);
        capabilities.resources = Some(resources);
    }
    if partial || !served.prompts.is_empty() {
        let mut prompts = PromptsCapability::default();
        prompts.list_changed = Some(list_changed);
        capabilities.prompts = Some(prompts);
    }
    if partial || served.completions {
        capabilities.completions = Some(JsonObject::new());
    }
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
