//! Admitting a tool call: finding the tool, reading its arguments and (at
//! 2026-07-28) its round's answers and state, then quarantine and the
//! in-flight limits. What is admitted becomes a [`ToolCall`] for the
//! transport to run; what is refused is answered here, through the error
//! table.

use std::sync::Arc;
use std::time::Instant;

use rmcp::model::{ErrorData, JsonObject};
use serde_json::Value;

use super::access;
use super::call::{self, ToolCall};
use super::era::Era;
use super::error_table::{self, FailureContext, FailureReply};
use super::input;
use super::respond::reply;
use super::sealed;
use super::{Dispatch, PendingCall, Server};
use crate::correlation::CorrelationId;
use crate::failure::{BusyScope, ToolFailure};
use crate::metrics;

impl Server {
    pub(super) fn tools_call(
        &self,
        id: &Value,
        params: JsonObject,
        era: Era,
        wishes: crate::runtime::client::ClientWishes,
        session_client: crate::runtime::ClientCapabilities,
    ) -> Result<Dispatch, ErrorData> {
        let Some(name) = params.get("name").and_then(Value::as_str) else {
            return Err(ErrorData::invalid_params(
                "tools/call needs a string name",
                None,
            ));
        };
        let catalog = self.catalog();
        let tool = catalog.registry.get(name).ok_or_else(|| {
            if catalog.partial {
                error_table::unknown_tool_while_loading(name)
            } else {
                error_table::unknown_tool(name)
            }
        })?;
        let mut params = params;
        let arguments = match params.remove("arguments") {
            None | Some(Value::Null) => Value::Object(JsonObject::new()),
            Some(arguments @ Value::Object(_)) => arguments,
            Some(_) => {
                return Err(ErrorData::invalid_params(
                    "tools/call arguments must be an object",
                    None,
                ));
            }
        };
        // A retry's answers and state: only 2026-07-28 has rounds.
        let input = match era {
            Era::Modern => {
                let bound = sealed::Binding {
                    method: "tools/call",
                    target: &tool.name,
                    arguments: &arguments,
                };
                input::read_round(&params, &bound, &self.state_key)?
            }
            // The initialize era asks the client itself, in the call.
            Era::Legacy(_) => crate::runtime::CallInput {
                client: session_client,
                ..Default::default()
            },
        };
        let correlation = CorrelationId::new();
        let refuse = |failure: ToolFailure| {
            metrics::record_refused(&tool.name, failure.kind());
            access::Access::log_refused(tool, correlation, failure.kind());
            let cx = FailureContext {
                tool: &tool.name,
                correlation,
                invalid_arguments_are_tool_errors: era.invalid_arguments_are_tool_errors(),
                modern: era == Era::Modern,
            };
            match error_table::reply_for(failure.into(), &cx) {
                FailureReply::Result(result) => {
                    reply(id, call::fit_to_era(result, &era, &self.info_meta))
                }
                FailureReply::Error(error) => Err(error),
            }
        };
        // A quarantined tool is refused before it takes a permit.
        let admitted = match tool.health.admit(Instant::now()) {
            Ok(admitted) => admitted,
            Err(quarantined) => {
                return refuse(ToolFailure::Quarantined {
                    crashes: quarantined.crashes,
                    retry_after_secs: quarantined.retry_after_secs,
                });
            }
        };
        let Ok(global) = self.global_permits.clone().try_acquire_owned() else {
            return refuse(ToolFailure::Busy(BusyScope::Server {
                limit: self.max_in_flight,
            }));
        };
        let Ok(own) = tool.permits.clone().try_acquire_owned() else {
            return refuse(ToolFailure::Busy(BusyScope::Tool {
                limit: tool.limits.max_in_flight,
            }));
        };
        Ok(Dispatch::Call(PendingCall::from(ToolCall {
            id: id.clone(),
            tool: tool.clone(),
            arguments: Arc::new(arguments),
            era,
            correlation,
            info_meta: self.info_meta.clone(),
            accepted: Instant::now(),
            permits: Arc::new((global, own)),
            admitted: Some(admitted),
            wishes,
            input_client: input.client,
            input,
            state_key: self.state_key.clone(),
        })))
    }
}
