//! One sandboxed run of a component export, and how it ended.

use std::sync::Arc;
use std::time::Instant;

use wasmtime::{PoolConcurrencyLimitError, Store, Trap};

use super::client::ClientChannel;
use super::exports::{Call, Describe, Export};
use super::guest_output::GuestOutput;
use super::state::{CallState, MemoryCapExceeded};
use super::{
    CallInput, CallOutcome, ComponentCatalog, Content, ContentKind, EPOCH_TICK,
    FUEL_YIELD_INTERVAL, InputRequest, InputRequired, LoadedComponent, Pre, ResourceBody,
    ResourceContents, ToolError, ToolOutput,
};
use crate::config::CallLimits;
use crate::correlation::CorrelationId;
use crate::failure::{BusyScope, CallFailure, HostFault, ReportedError, ToolFailure};
use crate::metrics;
use crate::policy::Grants;
use crate::policy::outbound::UpstreamRequest;
use crate::sanitize::{sanitize, sanitize_for_log};

/// Longest trap description (with backtrace) written to the log.
const MAX_TRAP_DETAIL_CHARS: usize = 16 * 1024;

/// Bytes of guest stdout/stderr kept for the log, per call.
const GUEST_OUTPUT_CAP: usize = 16 * 1024;

/// What a run of a component is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Task {
    /// Listing the component's tools, once, when it loads.
    Describe,
    /// Calling the tool of this name.
    Call(Arc<str>),
    /// Reading a resource, filling in a prompt or completing an argument:
    /// the URI or name it is for.
    Serve(Arc<str>),
}

impl Task {
    /// The name logs and metrics tag the run with.
    pub fn label(&self) -> Arc<str> {
        match self {
            Task::Describe => "describe".into(),
            Task::Call(tool) | Task::Serve(tool) => tool.clone(),
        }
    }
}

/// Who is calling, and within which limits.
pub struct Invocation<'a> {
    pub task: Task,
    pub correlation: CorrelationId,
    pub limits: &'a CallLimits,
    /// When the call must be over. It may have started before the run (the
    /// arguments were checked first), so the run gets what is left of
    /// `limits.deadline`.
    pub deadline: Instant,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Phase {
    Instantiate,
    Run,
}

/// What a run cost, for the call's access-log line.
#[derive(Debug, Default)]
pub struct CallReport {
    /// Fuel burned.
    pub fuel: u64,
    /// The upstream requests it sent, in the order they ended.
    pub upstream: Vec<UpstreamRequest>,
    /// How it trapped, with the wasm backtrace, when it did; redacted and
    /// stripped of control characters, lines kept.
    pub trap: Option<String>,
    /// What the guest wrote to stdout and stderr, the same way.
    pub guest_output: Option<String>,
}

impl LoadedComponent {
    /// Asks the component for its catalog. Describing must not depend on
    /// anything but the component itself, so it runs with no grants.
    pub async fn describe(&self, inv: &Invocation<'_>) -> Result<ComponentCatalog, CallFailure> {
        // A plain component's catalog is its type's: nothing to run.
        if let Pre::Plain(plain) = &self.pre {
            return Ok(plain.catalog());
        }
        self.run(inv, Arc::new(Grants::none()), None, Describe)
            .await
            .0
    }

    /// Calls the tool `tool` with `arguments` (a JSON object, already
    /// validated against the tool's input schema). What it tells the client
    /// while it runs goes through `client`.
    pub async fn call(
        &self,
        inv: &Invocation<'_>,
        tool: Arc<str>,
        arguments: String,
        input: CallInput,
        client: Option<ClientChannel>,
    ) -> (Result<CallOutcome, CallFailure>, CallReport) {
        let (returned, report) = match &self.pre {
            // Its arguments become WIT values before any wasm runs.
            Pre::Plain(plain) => match plain.prepare(&tool, &arguments) {
                Ok(call) => self.run(inv, self.grants.clone(), client, call).await,
                Err(refused) => (Ok(Err(refused)), CallReport::default()),
            },
            _ => {
                let export = Call {
                    tool,
                    arguments,
                    input,
                };
                self.run(inv, self.grants.clone(), client, export).await
            }
        };
        let result = match returned {
            Ok(Ok(CallOutcome::Done(output))) => Ok(CallOutcome::Done(self.redact_output(output))),
            Ok(Ok(CallOutcome::InputRequired(asked))) => {
                Ok(CallOutcome::InputRequired(self.redact_questions(asked)))
            }
            Ok(Err(error)) => Err(ToolFailure::Reported(self.redact_error(error).into()).into()),
            Err(failure) => Err(failure),
        };
        (result, report)
    }

    /// The questions go to the client: no secret in them either.
    pub(super) fn redact_questions(&self, mut asked: InputRequired) -> InputRequired {
        for (_, request) in &mut asked.requests {
            if let InputRequest::Elicitation(params) | InputRequest::Sampling(params) = request {
                self.grants.redactor.redact_in_place(params);
            }
        }
        asked
    }

    pub(super) async fn run<E: Export>(
        &self,
        inv: &Invocation<'_>,
        grants: Arc<Grants>,
        client: Option<ClientChannel>,
        export: E,
    ) -> (Result<E::Output, CallFailure>, CallReport) {
        let output = GuestOutput::new(GUEST_OUTPUT_CAP);
        let label = inv.task.label();
        let mut store = match self.new_store(inv, &label, &output, grants) {
            Ok(store) => store,
            Err(fault) => return (Err(fault.into()), CallReport::default()),
        };
        store.data_mut().client = client;
        let outcome = tokio::time::timeout_at(inv.deadline.into(), async {
            let instance = self
                .pre
                .instantiate(&mut store)
                .await
                .map_err(|e| (Phase::Instantiate, e))?;
            export
                .invoke(&instance, &mut store)
                .await
                .map_err(|e| (Phase::Run, e))
        })
        .await;

        // Whatever progress the rate limit held goes out now, before the
        // reply; nothing can be sent after, the channel ends with the store.
        if let Some(client) = store.data_mut().client.as_mut() {
            client.flush();
        }
        let fuel_used = inv.limits.fuel - store.get_fuel().unwrap_or(0);
        if let Task::Call(tool) = &inv.task {
            metrics::record_fuel(tool, fuel_used);
        }
        let mut report = CallReport {
            fuel: fuel_used,
            upstream: store.data().take_upstream_requests(),
            trap: None,
            guest_output: output.text(&self.grants.redactor),
        };
        let failure = match outcome {
            Ok(Ok(returned)) => {
                tracing::debug!(component = %self.label, tool = %label, correlation_id = %inv.correlation,
                    fuel_used, "call returned");
                if let Some(text) = &report.guest_output {
                    tracing::debug!(component = %self.label, tool = %label, correlation_id = %inv.correlation,
                        guest_output = %sanitize_for_log(text, usize::MAX), "guest wrote to stdout/stderr");
                }
                return (Ok(returned), report);
            }
            Ok(Err((phase, error))) => {
                let failure = self.classify(inv, &label, &store, phase, &error);
                report.trap = Some(self.trap_text(&error));
                failure
            }
            Err(_elapsed) => ToolFailure::Deadline {
                ms: duration_ms(inv.limits),
            }
            .into(),
        };
        if let Some(text) = &report.guest_output {
            tracing::warn!(component = %self.label, tool = %label, correlation_id = %inv.correlation,
                guest_output = %sanitize_for_log(text, usize::MAX), "output of the failed call");
        }
        (Err(failure), report)
    }

    /// Scrubs the component's secrets from a call's result, text and
    /// structured alike.
    fn redact_output(&self, mut output: ToolOutput) -> ToolOutput {
        let redactor = &self.grants.redactor;
        if redactor.is_empty() {
            return output;
        }
        for content in &mut output.content {
            self.redact_content(content);
        }
        if let Some(structured) = &mut output.structured {
            redactor.redact_in_place(structured);
        }
        output
    }

    /// Scrubs the component's secrets from one block of content.
    pub(super) fn redact_content(&self, content: &mut Content) {
        let redactor = &self.grants.redactor;
        match &mut content.kind {
            ContentKind::Text(text) => redactor.redact_in_place(text),
            // Bytes too: a secret is worse leaked than an image is broken.
            ContentKind::Image(media) | ContentKind::Audio(media) => {
                media.data = redactor.redact_bytes(&media.data).into_owned();
            }
            ContentKind::ResourceLink(link) => {
                for text in [&mut link.uri, &mut link.name]
                    .into_iter()
                    .chain(link.title.as_mut())
                    .chain(link.description.as_mut())
                {
                    redactor.redact_in_place(text);
                }
            }
            ContentKind::Resource(contents) => self.redact_contents(contents),
        }
    }

    /// Scrubs the component's secrets from a resource's contents.
    pub(super) fn redact_contents(&self, contents: &mut ResourceContents) {
        let redactor = &self.grants.redactor;
        redactor.redact_in_place(&mut contents.uri);
        match &mut contents.body {
            ResourceBody::Text(text) => redactor.redact_in_place(text),
            ResourceBody::Blob(blob) => {
                *blob = redactor.redact_bytes(blob).into_owned();
            }
        }
    }

    /// Scrubs the component's secrets from an error it reports.
    pub(super) fn redact_error(&self, mut error: ToolError) -> ToolError {
        let redactor = &self.grants.redactor;
        match &mut error {
            ToolError::InvalidInput(m) | ToolError::Other(m) => redactor.redact_in_place(m),
            ToolError::Upstream(upstream) => redactor.redact_in_place(&mut upstream.message),
        }
        error
    }

    fn new_store(
        &self,
        inv: &Invocation<'_>,
        label: &Arc<str>,
        output: &GuestOutput,
        grants: Arc<Grants>,
    ) -> Result<Store<CallState>, HostFault> {
        let limits = inv.limits;
        let state = CallState::new(
            self.label.clone(),
            label.clone(),
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
        label: &str,
        store: &Store<CallState>,
        phase: Phase,
        error: &wasmtime::Error,
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
            tracing::warn!(component = %self.label, tool = %label, correlation_id = %inv.correlation,
                error = %error, "no free sandbox slot");
            return ToolFailure::Busy(BusyScope::Sandbox).into();
        } else if phase == Phase::Instantiate {
            // The component linked at load time; failing to instantiate it now
            // (pool exhausted, ...) is the host's problem, not the tool's.
            return HostFault::Instantiate {
                component: self.label.to_string(),
                detail: self.trap_detail(error),
            }
            .into();
        } else {
            // An error raised by a host function on the guest's behalf, such as
            // a full resource table: the guest caused it.
            ToolFailure::Crashed.into()
        };
        tracing::warn!(component = %self.label, tool = %label, correlation_id = %inv.correlation,
            phase = ?phase, error = %self.trap_detail(error), "guest trapped");
        failure
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

    /// The same, with its lines, for `toolhost call` to show an operator.
    fn trap_text(&self, error: &wasmtime::Error) -> String {
        let detail = format!("{error:#}");
        sanitize(&self.grants.redactor.redact(&detail), MAX_TRAP_DETAIL_CHARS)
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
