//! A tool call accepted for running: validated, permitted, waiting for the
//! transport to drive it.

use std::any::Any;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use futures::FutureExt;
use rmcp::model::{CallToolResult, MetaObject, Tool};
use serde_json::Value;
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::timeout_at;

use super::access::Access;
use super::content::check_output;
use super::era::Era;
use super::error_table::{self, FailureContext, FailureReply};
use super::jsonrpc::Reply;
use super::outbound::Outbox;
use super::sealed::{Binding, StateKey};
use crate::config::CallLimits;
use crate::correlation::CorrelationId;
use crate::failure::{CallFailure, HostFault, ToolFailure};
use crate::metrics;
use crate::quarantine::{Admitted, Ran};
use crate::registry::HostedTool;
use crate::runtime::client::{ClientChannel, ClientWishes};
use crate::runtime::{CallInput, CallOutcome, ClientCapabilities, InputRequired, Invocation, Task};
use crate::validate::Checked;

/// A tool call accepted for running.
pub struct ToolCall {
    pub(super) id: Value,
    pub(super) tool: Arc<HostedTool>,
    /// Not yet checked against the input schema: that happens in [`Self::run`],
    /// inside the call's deadline and off the thread that reads requests.
    pub(super) arguments: Arc<Value>,
    pub(super) era: Era,
    pub(super) correlation: CorrelationId,
    pub(super) info_meta: Arc<MetaObject>,
    /// When the call was accepted: its deadline runs from here.
    pub(super) accepted: Instant,
    /// Held until the call ends, however it ends (a cancelled call drops
    /// them), and by a schema check still running on the blocking pool.
    pub(super) permits: Arc<(OwnedSemaphorePermit, OwnedSemaphorePermit)>,
    /// Its admission past the tool's quarantine, to record how it ended.
    pub(super) admitted: Option<Admitted>,
    /// Where the client wants progress and log entries, if anywhere.
    pub(super) wishes: ClientWishes,
    /// This round's answers and state (2026-07-28 input required).
    pub(super) input: CallInput,
    /// What the client can be asked (kept when `input` is handed over).
    pub(super) input_client: ClientCapabilities,
    /// Seals the state of a call that asks for input.
    pub(super) state_key: Arc<StateKey>,
}

/// Rounds of questions one call may ask in the `initialize` era.
const MAX_ROUNDS: u32 = 8;

/// How a call that ran ended, when it did not fail.
enum Finished {
    Result(CallToolResult),
    /// `input_required`, ready to send.
    Asked(Value),
}

/// What a call did beyond its reply, for an operator (`toolhost call`).
#[derive(Debug, Default)]
pub struct CallDetail {
    /// Fuel burned; `None` when the tool never ran.
    pub fuel: Option<u64>,
    pub upstream: Vec<crate::policy::outbound::UpstreamRequest>,
    /// How the guest trapped, with the wasm backtrace.
    pub trap: Option<String>,
    /// What the guest wrote to stdout and stderr.
    pub guest_output: Option<String>,
}

impl ToolCall {
    /// The JSON-RPC id the reply will carry.
    pub fn id(&self) -> &Value {
        &self.id
    }

    /// Runs the call to its reply. Whatever the call sends the client before
    /// that goes through `outbox`. Never panics: a host panic becomes this
    /// call's -32603 reply.
    pub async fn run(self, outbox: Outbox) -> Reply {
        self.run_detailed(outbox).await.0
    }

    /// [`ToolCall::run`], also returning what `toolhost call` shows an
    /// operator beyond the reply: how the guest trapped, what it wrote,
    /// whom it called.
    pub async fn run_detailed(self, outbox: Outbox) -> (Reply, CallDetail) {
        let id = self.id.clone();
        let correlation = self.correlation;
        let tool = self.tool.clone();
        let (started, _in_flight) = (Instant::now(), metrics::InFlight::enter());
        let mut access = Access::default();
        let reply = match AssertUnwindSafe(self.run_inner(outbox, &mut access))
            .catch_unwind()
            .await
        {
            Ok(reply) => reply,
            Err(panic) => {
                metrics::record_call(&tool.name, metrics::Outcome::HostFault, started.elapsed());
                tracing::error!(correlation_id = %correlation, panic = panic_message(&*panic),
                    "host panicked during a tool call");
                access.outcome = ("internal_error", Some("host_panic"));
                Reply::error(Some(&id), error_table::internal_error(correlation))
            }
        };
        access.log(&tool, correlation, started);
        let detail = CallDetail {
            fuel: access.fuel,
            upstream: std::mem::take(&mut access.upstream),
            trap: access.trap.take(),
            guest_output: access.guest_output.take(),
        };
        (reply, detail)
    }

    async fn run_inner(mut self, outbox: Outbox, access: &mut Access) -> Reply {
        let tool = &self.tool;
        let deadline = self.accepted + tool.limits.deadline;
        #[cfg(debug_assertions)]
        {
            super::failpoint::maybe_panic(&tool.name);
            let streamed = super::failpoint::maybe_stream(&tool.name, &outbox);
            let _ = timeout_at(deadline.into(), streamed).await;
        }
        let hold: Arc<dyn Any + Send + Sync> = self.permits.clone();
        let checked = timeout_at(
            deadline.into(),
            tool.input_schema
                .check_bounded(self.arguments.clone(), hold),
        )
        .await;
        let refused = match checked {
            Ok(Ok(Checked::Valid)) => None,
            Ok(Ok(Checked::Invalid(issues))) => Some(ToolFailure::InvalidArguments(issues).into()),
            Ok(Ok(Checked::TooLarge {
                values,
                checks_per_value,
            })) => Some(
                ToolFailure::ArgumentsTooLarge {
                    values,
                    checks_per_value,
                }
                .into(),
            ),
            Ok(Err(panicked)) => Some(HostFault::SchemaCheck(panicked).into()),
            Err(_elapsed) => Some(
                ToolFailure::Deadline {
                    ms: duration_ms(&tool.limits),
                }
                .into(),
            ),
        };
        if let Some(failure) = refused {
            if let CallFailure::Tool(failure) = &failure {
                metrics::record_refused(&tool.name, failure.kind());
            }
            access.outcome = Access::outcome_of(&failure);
            return self.failure_reply(failure);
        }

        let invocation = Invocation {
            task: Task::Call(tool.name.clone()),
            correlation: self.correlation,
            limits: &tool.limits,
            deadline,
        };
        // Serialized once; only a further round (initialize-era questions)
        // serializes again.
        let mut arguments = Some(self.arguments.to_string());
        let started = Instant::now();
        let mut input = std::mem::take(&mut self.input);
        let mut rounds = 0;
        let returned = loop {
            // Each round is a fresh instance; what it costs adds up.
            let (returned, report) = tool
                .component
                .call(
                    &invocation,
                    tool.name.clone(),
                    arguments
                        .take()
                        .unwrap_or_else(|| self.arguments.to_string()),
                    input,
                    Some(ClientChannel::new(outbox.clone(), self.wishes.clone())),
                )
                .await;
            metrics::record_upstream(&tool.name, &report.upstream);
            access.fuel = Some(access.fuel.unwrap_or(0) + report.fuel);
            access.upstream.extend(report.upstream);
            access.trap = report.trap;
            access.guest_output = report.guest_output;
            // The initialize era asks the client here, then runs again.
            match returned {
                Ok(CallOutcome::InputRequired(asked)) if !matches!(self.era, Era::Modern) => {
                    rounds += 1;
                    if rounds > MAX_ROUNDS {
                        break Err(ToolFailure::InvalidOutput(
                            "it asked the client for input more than 8 times in one call".into(),
                        )
                        .into());
                    }
                    let asked = super::input::ask_client(
                        &outbox,
                        asked,
                        self.input_client,
                        deadline.into(),
                        duration_ms(&tool.limits),
                    )
                    .await;
                    match asked {
                        Ok(next) => input = next,
                        Err(failure) => break Err(failure),
                    }
                }
                returned => break returned,
            }
        };
        let outcome = match returned {
            Ok(CallOutcome::Done(output)) => {
                check_output(tool, output, deadline, self.permits.clone())
                    .await
                    .map(Finished::Result)
            }
            Ok(CallOutcome::InputRequired(asked)) => self.asked(asked),
            Err(failure) => Err(failure),
        };
        metrics::record_call(
            &tool.name,
            metrics::Outcome::of(&outcome),
            started.elapsed(),
        );
        // A host fault says nothing of the tool's health: not recorded.
        let ran = match &outcome {
            Err(CallFailure::Tool(failure)) if failure.is_crash() => Some(Ran::Crashed),
            Err(CallFailure::Host(_)) => None,
            _ => Some(Ran::Finished),
        };
        if let (Some(ran), Some(admitted)) = (ran, self.admitted.take()) {
            admitted.record(ran, &tool.name);
        }
        let result = match outcome {
            Ok(Finished::Result(result)) => result,
            Ok(Finished::Asked(value)) => {
                return Reply::result(&self.id, value).unwrap_or_else(|_| {
                    Reply::error(
                        Some(&self.id),
                        error_table::internal_error(self.correlation),
                    )
                });
            }
            Err(failure) => {
                access.outcome = Access::outcome_of(&failure);
                let failure = super::refusal::explained(failure, &access.upstream);
                return self.failure_reply(failure);
            }
        };
        self.result_reply(fit_to_era(result, &self.era, &self.info_meta))
    }

    /// A component that asks the client for input: at 2026-07-28 the
    /// questions and the sealed state go back as `input_required`.
    fn asked(&self, asked: InputRequired) -> Result<Finished, CallFailure> {
        let bound = Binding {
            method: "tools/call",
            target: &self.tool.name,
            arguments: &self.arguments,
        };
        super::input::input_required_result(
            asked,
            self.input_client,
            &self.state_key,
            &bound,
            &self.info_meta,
        )
        .map(Finished::Asked)
        .map_err(CallFailure::from)
    }

    /// The reply for a failed call, through the one error table.
    fn failure_reply(&self, failure: CallFailure) -> Reply {
        let cx = FailureContext {
            tool: &self.tool.name,
            correlation: self.correlation,
            invalid_arguments_are_tool_errors: self.era.invalid_arguments_are_tool_errors(),
            modern: self.era == Era::Modern,
        };
        match error_table::reply_for(failure, &cx) {
            FailureReply::Result(result) => {
                self.result_reply(fit_to_era(result, &self.era, &self.info_meta))
            }
            FailureReply::Error(error) => Reply::error(Some(&self.id), error),
        }
    }

    fn result_reply(&self, result: CallToolResult) -> Reply {
        Reply::result(&self.id, result).unwrap_or_else(|e| {
            tracing::error!(correlation_id = %self.correlation, error = %e, "cannot serialize a tool result");
            Reply::error(Some(&self.id), error_table::internal_error(self.correlation))
        })
    }
}

/// The message of a caught panic, for the log.
fn panic_message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(non-string panic payload)")
}

pub(super) fn duration_ms(limits: &CallLimits) -> u64 {
    u64::try_from(limits.deadline.as_millis()).unwrap_or(u64::MAX)
}

/// Fits a result to the era: 2026-07-28 results carry `resultType` and the
/// server's identity; older ones carry neither.
pub(crate) fn fit_to_era(
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
