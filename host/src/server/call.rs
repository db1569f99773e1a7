//! A tool call accepted for running: validated, permitted, waiting for the
//! transport to drive it.

use std::sync::Arc;
use std::time::Instant;

use rmcp::model::{CallToolResult, ContentBlock, MetaObject, Tool};
use serde_json::Value;
use tokio::sync::OwnedSemaphorePermit;

use super::catch_unwind::{CatchUnwind, panic_message};
use super::era::Era;
use super::jsonrpc::{error_line, result_line};
use crate::errors::{self, CallFailure, CorrelationId, FailureContext, FailureReply, ToolFailure};
use crate::metrics;
use crate::registry::HostedTool;
use crate::runtime::{Content, Invocation, ToolOutput};

pub struct PendingCall {
    pub(super) id: Value,
    pub(super) tool: Arc<HostedTool>,
    pub(super) arguments: Value,
    pub(super) era: Era,
    pub(super) correlation: CorrelationId,
    pub(super) info_meta: Arc<MetaObject>,
    /// Held until the call ends, however it ends (a cancelled call drops them).
    pub(super) permits: (OwnedSemaphorePermit, OwnedSemaphorePermit),
}

impl PendingCall {
    /// The JSON-RPC id the reply will carry.
    pub fn id(&self) -> &Value {
        &self.id
    }

    /// Runs the call to its reply line. Never panics: a host panic becomes
    /// this call's -32603 reply.
    pub async fn run(self) -> Vec<u8> {
        let id = self.id.clone();
        let correlation = self.correlation;
        let (tool, started, _in_flight) = (
            self.tool.name.clone(),
            Instant::now(),
            metrics::InFlight::enter(),
        );
        match CatchUnwind::new(self.run_inner()).await {
            Ok(line) => line,
            Err(panic) => {
                metrics::record_call(&tool, metrics::Outcome::HostFault, started.elapsed());
                tracing::error!(correlation_id = %correlation, panic = panic_message(&*panic),
                    "host panicked during a tool call");
                error_line(Some(&id), &errors::internal_error(correlation))
            }
        }
    }

    async fn run_inner(self) -> Vec<u8> {
        let tool = &self.tool;
        let invocation = Invocation {
            tool: tool.name.clone(),
            correlation: self.correlation,
            limits: &tool.limits,
        };
        #[cfg(debug_assertions)]
        failpoint::maybe_panic(&tool.name);
        let arguments = self.arguments.to_string();
        let started = Instant::now();
        let outcome = match tool.component.call(&invocation, &arguments).await {
            Ok(output) => finish(tool, output),
            Err(failure) => Err(failure),
        };
        metrics::record_call(
            &tool.name,
            metrics::Outcome::of(&outcome),
            started.elapsed(),
        );
        let result = match outcome {
            Ok(result) => result,
            Err(failure) => {
                let cx = FailureContext {
                    tool: &tool.name,
                    correlation: self.correlation,
                    invalid_arguments_are_tool_errors: self.era.invalid_arguments_are_tool_errors(),
                };
                match errors::reply_for(failure, &cx) {
                    FailureReply::Result(result) => result,
                    FailureReply::Error(error) => return error_line(Some(&self.id), &error),
                }
            }
        };
        drop(self.permits);
        match result_line(&self.id, shape(result, &self.era, &self.info_meta)) {
            Ok(line) => line,
            Err(e) => {
                tracing::error!(correlation_id = %self.correlation, error = %e, "cannot serialize a tool result");
                error_line(Some(&self.id), &errors::internal_error(self.correlation))
            }
        }
    }
}

/// Checks a successful output against the tool's caps and schema and turns it
/// into a result.
fn finish(tool: &HostedTool, output: ToolOutput) -> Result<CallToolResult, CallFailure> {
    let text_bytes: usize = output
        .content
        .iter()
        .map(|Content::Text(text)| text.len())
        .sum();
    let size = text_bytes + output.structured.as_ref().map_or(0, String::len);
    if size as u64 > tool.limits.output_bytes {
        return Err(ToolFailure::OutputTooLarge {
            kib: tool.limits.output_bytes >> 10,
        }
        .into());
    }
    let structured =
        match &output.structured {
            Some(text) => Some(serde_json::from_str::<Value>(text).map_err(|_| {
                ToolFailure::InvalidOutput("its structured content is not valid JSON")
            })?),
            None => None,
        };
    if let Some(schema) = &tool.output_schema {
        let Some(value) = &structured else {
            return Err(ToolFailure::InvalidOutput(
                "it declares an outputSchema but returned no structured content",
            )
            .into());
        };
        schema.check(value).map_err(ToolFailure::OutputSchema)?;
    }
    let mut content: Vec<ContentBlock> = output
        .content
        .into_iter()
        .map(|Content::Text(text)| ContentBlock::text(text))
        .collect();
    if content.is_empty()
        && let Some(text) = output.structured
    {
        // Clients that ignore structuredContent still get the value.
        content.push(ContentBlock::text(text));
    }
    let mut result = CallToolResult::success(content);
    result.structured_content = structured;
    Ok(result)
}

/// Fits a result to the era: 2026-07-28 results carry `resultType` and the
/// server's identity; older ones carry neither.
pub(super) fn shape(
    mut result: CallToolResult,
    era: &Era,
    info_meta: &MetaObject,
) -> CallToolResult {
    match era {
        Era::Modern => {
            result.result_type = Some(rmcp::model::ResultType::COMPLETE);
            result.meta = Some(MetaObject::clone(info_meta));
        }
        Era::Legacy(_) => {
            result.result_type = None;
            // Before 2026-07-28 structured content is an object; any other
            // value stays in the text block only.
            if result
                .structured_content
                .as_ref()
                .is_some_and(|v| !v.is_object())
            {
                result.structured_content = None;
            }
        }
    }
    result
}

/// A tool as listed to clients before 2026-07-28, which only know
/// object-rooted output schemas: any other output schema is left out (the
/// tool's results then carry their value as text only).
pub(super) fn legacy_tool(mut tool: Tool) -> Tool {
    let object_rooted = |schema: &rmcp::model::JsonObject| {
        schema.get("type").and_then(Value::as_str) == Some("object")
    };
    if tool
        .output_schema
        .as_deref()
        .is_some_and(|s| !object_rooted(s))
    {
        tool.output_schema = None;
    }
    tool
}

/// Test hook, compiled into debug builds only: `TOOLHOST_FAILPOINT_PANIC_TOOL=NAME`
/// makes the host panic inside the call path of tool NAME, so tests can pin
/// the -32603 reply with a real panic at the real boundary.
#[cfg(debug_assertions)]
mod failpoint {
    use std::sync::OnceLock;

    pub fn maybe_panic(tool: &str) {
        static TOOL: OnceLock<Option<String>> = OnceLock::new();
        let target = TOOL.get_or_init(|| std::env::var("TOOLHOST_FAILPOINT_PANIC_TOOL").ok());
        if target.as_deref() == Some(tool) {
            panic!("failpoint: injected host panic in the call path of {tool}");
        }
    }
}
