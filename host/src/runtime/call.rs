//! One sandboxed run of a component export, and how it ended.

use std::sync::Arc;
use std::time::Instant;

use wasmtime::{PoolConcurrencyLimitError, Store, Trap};

use super::bindings::ToolComponent;
use super::guest_output::GuestOutput;
use super::state::{CallState, MemoryCapExceeded};
use super::{
    Content, EPOCH_TICK, FUEL_YIELD_INTERVAL, LoadedComponent, ToolDescriptor, ToolError,
    ToolOutput,
};
use crate::config::CallLimits;
use crate::correlation::CorrelationId;
use crate::failure::{BusyScope, CallFailure, HostFault, ReportedError, ToolFailure};
use crate::metrics;
use crate::policy::Grants;
use crate::sanitize::sanitize_for_log;

/// Longest trap description (with backtrace) written to the log.
const MAX_TRAP_DETAIL_CHARS: usize = 16 * 1024;

/// Bytes of guest stdout/stderr kept for the log, per call.
const GUEST_OUTPUT_CAP: usize = 16 * 1024;

/// Who is calling, and within which limits.
pub struct Invocation<'a> {
    /// The tool being called (or `describe` while loading).
    pub tool: Arc<str>,
    pub correlation: CorrelationId,
    pub limits: &'a CallLimits,
    /// When the call must be over. It may have started before the run (the
    /// arguments were checked first), so the run gets what is left of
    /// `limits.deadline`.
    pub deadline: Instant,
}

enum Export<'a> {
    Describe,
    Call { arguments: &'a str },
}

enum Returned {
    Described(Vec<ToolDescriptor>),
    Called(Result<ToolOutput, ToolError>),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    Instantiate,
    Run,
}

impl LoadedComponent {
    /// Asks the component for its tools.
    pub async fn describe(&self, inv: &Invocation<'_>) -> Result<Vec<ToolDescriptor>, CallFailure> {
        match self.run(inv, Export::Describe).await? {
            Returned::Described(tools) => Ok(tools),
            Returned::Called(_) => unreachable!("describe returns descriptors"),
        }
    }

    /// Calls the tool `inv.tool` with `arguments` (a JSON object, already
    /// validated against the tool's input schema).
    pub async fn call(
        &self,
        inv: &Invocation<'_>,
        arguments: &str,
    ) -> Result<ToolOutput, CallFailure> {
        match self.run(inv, Export::Call { arguments }).await? {
            Returned::Called(Ok(output)) => Ok(output),
            Returned::Called(Err(error)) => Err(ToolFailure::Reported(error.into()).into()),
            Returned::Described(_) => unreachable!("call returns a result"),
        }
    }

    async fn run(&self, inv: &Invocation<'_>, export: Export<'_>) -> Result<Returned, CallFailure> {
        let output = GuestOutput::new(GUEST_OUTPUT_CAP);
        let is_call = matches!(export, Export::Call { .. });
        // Describing must not depend on anything but the component itself.
        let grants = match export {
            Export::Describe => Arc::new(Grants::none()),
            Export::Call { .. } => self.grants.clone(),
        };
        let mut store = self.new_store(inv, &output, grants)?;
        let outcome = tokio::time::timeout_at(inv.deadline.into(), async {
            let instance = self
                .pre
                .instantiate_async(&mut store)
                .await
                .map_err(|e| (Phase::Instantiate, e))?;
            invoke(&instance, &mut store, &inv.tool, export)
                .await
                .map_err(|e| (Phase::Run, e))
        })
        .await;

        let fuel_used = inv.limits.fuel - store.get_fuel().unwrap_or(0);
        if is_call {
            metrics::record_fuel(&inv.tool, fuel_used);
        }
        let failure = match outcome {
            Ok(Ok(returned)) => {
                tracing::debug!(component = %self.label, tool = %inv.tool, correlation_id = %inv.correlation,
                    fuel_used, "call returned");
                if let Some(text) = output.text(&self.grants.redactor) {
                    tracing::debug!(component = %self.label, tool = %inv.tool, correlation_id = %inv.correlation,
                        guest_output = %text, "guest wrote to stdout/stderr");
                }
                return Ok(self.redact(explain_body_failure(&store, returned)));
            }
            Ok(Err((phase, error))) => self.classify(inv, &store, phase, error),
            Err(_elapsed) => ToolFailure::Deadline {
                ms: duration_ms(inv.limits),
            }
            .into(),
        };
        if let Some(text) = output.text(&self.grants.redactor) {
            tracing::warn!(component = %self.label, tool = %inv.tool, correlation_id = %inv.correlation,
                guest_output = %text, "output of the failed call");
        }
        Err(failure)
    }

    /// Scrubs the component's secrets from a call's result, text and
    /// structured alike, and from an error it reports.
    fn redact(&self, returned: Returned) -> Returned {
        let redactor = &self.grants.redactor;
        if redactor.is_empty() {
            return returned;
        }
        match returned {
            Returned::Called(Ok(mut output)) => {
                for content in &mut output.content {
                    match content {
                        Content::Text(text) => redactor.redact_in_place(text),
                    }
                }
                if let Some(structured) = &mut output.structured {
                    redactor.redact_in_place(structured);
                }
                Returned::Called(Ok(output))
            }
            Returned::Called(Err(mut error)) => {
                match &mut error {
                    ToolError::InvalidInput(m) | ToolError::Other(m) => redactor.redact_in_place(m),
                    ToolError::Upstream(upstream) => {
                        redactor.redact_in_place(&mut upstream.message)
                    }
                }
                Returned::Called(Err(error))
            }
            described => described,
        }
    }

    fn new_store(
        &self,
        inv: &Invocation<'_>,
        output: &GuestOutput,
        grants: Arc<Grants>,
    ) -> Result<Store<CallState>, HostFault> {
        let limits = inv.limits;
        let state = CallState::new(
            self.label.clone(),
            inv.tool.clone(),
            inv.correlation,
            limits.memory_bytes,
            output,
            grants,
        )?;
        let mut store = Store::new(&self.engine, state);
        store.limiter(|state| &mut state.limiter);
        store
            .set_fuel(limits.fuel)
            .map_err(|e| HostFault::Store(e.into()))?;
        store
            .fuel_async_yield_interval(Some(FUEL_YIELD_INTERVAL))
            .map_err(|e| HostFault::Store(e.into()))?;
        // The epoch deadline stops tight loops even when the executor cannot
        // poll the timeout; one extra tick so the timeout normally wins.
        let left = inv.deadline.saturating_duration_since(Instant::now());
        let ticks = left.as_millis().div_ceil(EPOCH_TICK.as_millis()) + 1;
        store.set_epoch_deadline(u64::try_from(ticks).unwrap_or(u64::MAX));
        store.epoch_deadline_trap();
        Ok(store)
    }

    /// Names the cause of a failed run; the detail goes to the log.
    fn classify(
        &self,
        inv: &Invocation<'_>,
        store: &Store<CallState>,
        phase: Phase,
        error: wasmtime::Error,
    ) -> CallFailure {
        let failure: CallFailure = if error.downcast_ref::<MemoryCapExceeded>().is_some() {
            ToolFailure::MemoryCap {
                mib: inv.limits.memory_bytes >> 20,
            }
            .into()
        } else if let Some(trap) = error.downcast_ref::<Trap>() {
            match trap {
                Trap::OutOfFuel => ToolFailure::OutOfFuel {
                    fuel: inv.limits.fuel,
                },
                Trap::Interrupt => ToolFailure::Deadline {
                    ms: duration_ms(inv.limits),
                },
                Trap::StackOverflow => ToolFailure::StackOverflow,
                Trap::UnreachableCodeReached if store.data().log.panicked => ToolFailure::Panicked,
                _ => ToolFailure::Crashed,
            }
            .into()
        } else if phase == Phase::Instantiate
            && error.downcast_ref::<PoolConcurrencyLimitError>().is_some()
        {
            // The pool is sized for every call the in-flight limits admit, so
            // this takes stores that outlive their calls; still the caller's
            // answer is "busy, retry", never a host fault.
            tracing::warn!(component = %self.label, tool = %inv.tool, correlation_id = %inv.correlation,
                error = %error, "no free sandbox slot");
            return ToolFailure::Busy(BusyScope::Sandbox).into();
        } else if phase == Phase::Instantiate {
            // The component linked at load time; failing to instantiate it now
            // (pool exhausted, ...) is the host's problem, not the tool's.
            return HostFault::Instantiate {
                component: self.label.to_string(),
                detail: self.trap_detail(&error),
            }
            .into();
        } else {
            // An error raised by a host function on the guest's behalf, such as
            // a full resource table: the guest caused it.
            ToolFailure::Crashed.into()
        };
        tracing::warn!(component = %self.label, tool = %inv.tool, correlation_id = %inv.correlation,
            phase = ?phase, error = %self.trap_detail(&error), "guest trapped");
        failure
    }
}

async fn invoke(
    instance: &ToolComponent,
    store: &mut Store<CallState>,
    tool: &str,
    export: Export<'_>,
) -> wasmtime::Result<Returned> {
    let exports = instance.toolhost_tool_tool();
    Ok(match export {
        Export::Describe => Returned::Described(exports.call_describe(store).await?),
        Export::Call { arguments } => {
            Returned::Called(exports.call_call(store, tool, arguments).await?)
        }
    })
}

/// An upstream error without a status, after a response body failed on the
/// host side, gets the host's precise reason (timeout, size cap) in place of
/// whatever the guest could guess.
fn explain_body_failure(store: &Store<CallState>, returned: Returned) -> Returned {
    match returned {
        Returned::Called(Err(ToolError::Upstream(mut upstream))) if upstream.status.is_none() => {
            if let Some(reason) = store.data().take_body_failure() {
                upstream.message = reason;
            }
            Returned::Called(Err(ToolError::Upstream(upstream)))
        }
        other => other,
    }
}

impl LoadedComponent {
    /// The error with its wasm backtrace, on one line: function names in the
    /// backtrace come from the guest's name section, so they are guest text.
    /// Secrets are redacted before the text is escaped and cut, which would
    /// otherwise change a secret's bytes or split it.
    fn trap_detail(&self, error: &wasmtime::Error) -> String {
        let detail = format!("{error:#}");
        sanitize_for_log(&self.grants.redactor.redact(&detail), MAX_TRAP_DETAIL_CHARS)
    }
}

fn duration_ms(limits: &CallLimits) -> u64 {
    u64::try_from(limits.deadline.as_millis()).unwrap_or(u64::MAX)
}

impl From<ToolError> for ReportedError {
    fn from(error: ToolError) -> Self {
        match error {
            ToolError::InvalidInput(message) => Self::InvalidInput(message),
            ToolError::Other(message) => Self::Other(message),
            ToolError::Upstream(upstream) => Self::Upstream {
                status: upstream.status,
                retry_after_secs: upstream.retry_after_secs,
                message: upstream.message,
            },
        }
    }
}
