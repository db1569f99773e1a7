//! The access log: one line per tool call, at info, under the target
//! `toolhost::access`: tool, component, correlation id, duration, outcome and
//! reason, fuel, and each upstream request (destination, status, ms). Never
//! argument values: they may carry user data.

use std::time::Instant;

use crate::correlation::CorrelationId;
use crate::failure::CallFailure;
use crate::policy::outbound::UpstreamRequest;
use crate::registry::HostedTool;

/// What one call's access-log line says: how it ended, what it burned, whom
/// it called. Never argument values.
pub(super) struct Access {
    /// `ok`, `is_error` or `internal_error`, and the failure's kind.
    pub outcome: (&'static str, Option<&'static str>),
    /// `None` when the tool never ran (refused before it started).
    pub fuel: Option<u64>,
    pub upstream: Vec<UpstreamRequest>,
    /// Not in the line (the failure's own log lines carry them), but kept
    /// for `toolhost call`.
    pub trap: Option<String>,
    pub guest_output: Option<String>,
}

impl Default for Access {
    fn default() -> Self {
        Self {
            outcome: ("ok", None),
            fuel: None,
            upstream: Vec::new(),
            trap: None,
            guest_output: None,
        }
    }
}

impl Access {
    pub fn outcome_of(failure: &CallFailure) -> (&'static str, Option<&'static str>) {
        match failure {
            CallFailure::Tool(failure) => ("is_error", Some(failure.kind())),
            CallFailure::Host(_) => ("internal_error", None),
        }
    }

    /// One line per call, at info, under the target `toolhost::access`.
    pub fn log(&self, tool: &HostedTool, correlation: CorrelationId, started: Instant) {
        let (outcome, reason) = self.outcome;
        let upstream = self
            .upstream
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        tracing::info!(target: "toolhost::access", tool = %tool.name, component = %tool.component.label,
            correlation_id = %correlation, duration_ms = started.elapsed().as_millis() as u64,
            outcome, reason = reason.unwrap_or(""), fuel = self.fuel, upstream = %upstream, "call");
    }

    /// The line of a call refused before it was accepted (busy,
    /// quarantined): it never ran.
    pub fn log_refused(tool: &HostedTool, correlation: CorrelationId, reason: &'static str) {
        Access {
            outcome: ("is_error", Some(reason)),
            ..Access::default()
        }
        .log(tool, correlation, Instant::now());
    }
}
