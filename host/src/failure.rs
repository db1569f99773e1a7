//! How a call can fail: the taxonomy every part of the host reports in, and
//! the one the error table (`server::error_table`) turns into replies. It
//! knows nothing of the wire: no JSON-RPC, no rmcp.

use std::path::PathBuf;

use crate::validate::SchemaIssue;

/// How a call failed.
#[derive(Debug)]
pub enum CallFailure {
    /// The tool, its arguments or its output are at fault: an `isError` result.
    Tool(ToolFailure),
    /// The host is at fault: a JSON-RPC -32603 error.
    Host(HostFault),
}

impl From<ToolFailure> for CallFailure {
    fn from(failure: ToolFailure) -> Self {
        Self::Tool(failure)
    }
}

impl From<HostFault> for CallFailure {
    fn from(fault: HostFault) -> Self {
        Self::Host(fault)
    }
}

/// A failure the client should see as a tool result with `isError: true`.
#[derive(Debug)]
pub enum ToolFailure {
    /// The arguments do not satisfy the tool's input schema.
    InvalidArguments(Vec<SchemaIssue>),
    /// The arguments hold too many values to check against the tool's
    /// schema within the per-call cap.
    ArgumentsTooLarge { values: u64, checks_per_value: u64 },
    /// The tool returned an error of its own.
    Reported(ReportedError),
    /// The guest panicked (its message went to the log).
    Panicked,
    /// The guest overflowed its wasm stack.
    StackOverflow,
    /// The guest used up its fuel.
    OutOfFuel { fuel: u64 },
    /// The call ran past its wall-clock deadline.
    Deadline { ms: u64 },
    /// The guest tried to grow its memory past the cap.
    MemoryCap { mib: u64 },
    /// The result is larger than the output cap.
    OutputTooLarge { kib: u64 },
    /// The structured result does not match the declared output schema.
    OutputSchema(Vec<SchemaIssue>),
    /// The result cannot be used at all (for example, unparsable JSON).
    InvalidOutput(std::borrow::Cow<'static, str>),
    /// Any other trap.
    Crashed,
    /// It asked the client for input (elicitation, sampling, roots) the
    /// client did not declare it can give.
    MissingClientCapability(&'static str),
    /// Too many calls in flight; the call was not started.
    Busy(BusyScope),
    /// The tool kept crashing and is out of service for a while; the call
    /// was not started (see [`crate::quarantine`]).
    Quarantined { crashes: u32, retry_after_secs: u64 },
}

impl ToolFailure {
    /// A stable, short name for the kind of failure, for logs and metrics.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::InvalidArguments(_) => "invalid_arguments",
            Self::ArgumentsTooLarge { .. } => "arguments_too_large",
            Self::Reported(ReportedError::InvalidInput(_)) => "tool_error_invalid_input",
            Self::Reported(ReportedError::Upstream { .. }) => "tool_error_upstream",
            Self::Reported(ReportedError::Other(_)) => "tool_error",
            Self::Panicked => "panic",
            Self::StackOverflow => "stack_overflow",
            Self::OutOfFuel { .. } => "out_of_fuel",
            Self::Deadline { .. } => "deadline",
            Self::MemoryCap { .. } => "memory_cap",
            Self::OutputTooLarge { .. } => "output_too_large",
            Self::OutputSchema(_) => "output_schema",
            Self::InvalidOutput(_) => "invalid_output",
            Self::Crashed => "crashed",
            Self::MissingClientCapability(_) => "missing_client_capability",
            Self::Busy(_) => "busy",
            Self::Quarantined { .. } => "quarantined",
        }
    }

    /// Whether the tool itself broke (what [`crate::quarantine`] counts):
    /// a trap, a panic, a stack overflow, the memory cap, out of fuel.
    pub fn is_crash(&self) -> bool {
        matches!(
            self,
            Self::Panicked
                | Self::StackOverflow
                | Self::OutOfFuel { .. }
                | Self::MemoryCap { .. }
                | Self::Crashed
        )
    }
}

/// Which in-flight limit refused a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusyScope {
    Tool {
        limit: u32,
    },
    Server {
        limit: u32,
    },
    /// No free instance slot in the sandbox's pool.
    Sandbox,
}

/// An error a tool reported through the WIT `tool-error` variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportedError {
    InvalidInput(String),
    Upstream {
        status: Option<u16>,
        retry_after_secs: Option<u32>,
        message: String,
    },
    Other(String),
}

/// A fault inside the host: the client gets -32603 and a correlation id; this,
/// with its sources, goes to the log.
#[derive(Debug, thiserror::Error)]
pub enum HostFault {
    /// A folder the policy grants could not be opened for the call.
    #[error("cannot open granted folder {path}")]
    Preopen {
        path: PathBuf,
        #[source]
        source: BoxedError,
    },
    /// The call's store could not be set up (fuel, epoch deadline).
    #[error("cannot set up the call's store")]
    Store(#[source] BoxedError),
    /// A component that linked at load failed to instantiate. `detail` is
    /// the error already redacted and made safe for the log: it can carry
    /// guest text (function names from the name section).
    #[error("instantiating {component}: {detail}")]
    Instantiate { component: String, detail: String },
    /// Checking a value against its schema panicked.
    #[error("the schema check failed")]
    SchemaCheck(#[source] crate::validate::CheckPanicked),
}

/// A source error of any kind (wasmtime's, I/O).
pub type BoxedError = Box<dyn std::error::Error + Send + Sync>;

impl HostFault {
    /// The fault and every source, on one line, for the log.
    pub fn chain(&self) -> String {
        let mut text = self.to_string();
        let mut source = std::error::Error::source(self);
        while let Some(error) = source {
            text.push_str(": ");
            text.push_str(&error.to_string());
            source = error.source();
        }
        text
    }
}
