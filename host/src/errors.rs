//! The error table: every way a call can fail, and the one function that turns
//! a failure into what the client sees.
//!
//! The wire gets a short, sanitized reason and a correlation id; the log gets
//! the detail (trap, guest stderr, backtrace, host error chain) under the same
//! id. No other module builds a failure reply.
//!
//! | cause | reply |
//! |---|---|
//! | unknown tool | JSON-RPC -32602 `Unknown tool: NAME` |
//! | arguments violate the input schema | 2025-11-25 and later: `isError` listing each issue; older: -32602 with the list in `data` |
//! | arguments too large to check against the input schema | `isError` naming the limit |
//! | the tool returned its own error | `isError` with its message, length-capped, control characters stripped |
//! | panic, stack overflow, fuel, deadline, memory cap, output cap, output schema, invalid output | `isError` with a short reason and a correlation id |
//! | busy: an in-flight limit, or no free sandbox slot | `isError` saying so; retry shortly |
//! | a fault inside the host | JSON-RPC -32603, generic message, `data.correlationId` |

use std::fmt;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};

use rmcp::model::{CallToolResult, ContentBlock, ErrorCode, ErrorData};
use serde_json::json;

use crate::validate::{MAX_CHECKS_PER_CALL, SchemaIssue};

/// Longest tool-provided message passed to the client, in characters.
pub const MAX_TOOL_MESSAGE_CHARS: usize = 1000;

/// Ties one call's reply to its log lines. Unpredictable, so ids seen by one
/// client say nothing about other calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CorrelationId(u64);

impl CorrelationId {
    pub fn new() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        // `RandomState` is seeded from the OS once per thread and advanced per
        // instance; mixing in a counter keeps ids unique within the process.
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        Self(hasher.finish())
    }
}

impl Default for CorrelationId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for CorrelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

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
    InvalidOutput(&'static str),
    /// Any other trap.
    Crashed,
    /// Too many calls in flight; the call was not started.
    Busy(BusyScope),
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
            Self::Busy(_) => "busy",
        }
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

/// A fault inside the host. `detail` goes to the log, never to the client.
#[derive(Debug)]
pub struct HostFault {
    pub detail: String,
}

impl HostFault {
    pub fn new(detail: impl fmt::Display) -> Self {
        Self {
            detail: detail.to_string(),
        }
    }
}

/// How a failed call is answered.
#[derive(Debug)]
pub enum FailureReply {
    /// A `CallToolResult` with `isError: true`.
    Result(CallToolResult),
    /// A JSON-RPC error.
    Error(ErrorData),
}

/// Where a failure happened, for the reply and the log line.
pub struct FailureContext<'a> {
    pub tool: &'a str,
    pub correlation: CorrelationId,
    /// Whether the negotiated protocol treats invalid arguments as a tool
    /// error (2025-11-25 and later) rather than a -32602 protocol error.
    pub invalid_arguments_are_tool_errors: bool,
}

/// The JSON-RPC error for a call to a tool that does not exist.
pub fn unknown_tool(name: &str) -> ErrorData {
    ErrorData::invalid_params(format!("Unknown tool: {}", sanitize(name, 128)), None)
}

/// The one mapping from a failure to the reply, logging the detail on the way.
pub fn reply_for(failure: CallFailure, cx: &FailureContext<'_>) -> FailureReply {
    let id = cx.correlation;
    let tool = cx.tool;
    let failure = match failure {
        CallFailure::Host(fault) => {
            tracing::error!(tool, correlation_id = %id, detail = %fault.detail, "internal error during tool call");
            return FailureReply::Error(internal_error(id));
        }
        CallFailure::Tool(failure) => failure,
    };
    // Argument values and a tool's own messages may carry user data: the log
    // gets the kind of failure only. Output-schema issues describe the tool's
    // output and are what its author needs.
    match &failure {
        ToolFailure::OutputSchema(issues) => {
            tracing::warn!(tool, correlation_id = %id, reason = failure.kind(), ?issues, "tool call failed");
        }
        ToolFailure::InvalidArguments(_)
        | ToolFailure::ArgumentsTooLarge { .. }
        | ToolFailure::Reported(_)
        | ToolFailure::Busy(_) => {
            tracing::info!(tool, correlation_id = %id, reason = failure.kind(), "tool call failed");
        }
        _ => {
            tracing::warn!(tool, correlation_id = %id, reason = failure.kind(), "tool call failed")
        }
    }
    let text = match failure {
        ToolFailure::InvalidArguments(issues) if !cx.invalid_arguments_are_tool_errors => {
            return FailureReply::Error(ErrorData::invalid_params(
                format!("Invalid arguments for tool {tool}"),
                Some(json!({ "issues": issues })),
            ));
        }
        ToolFailure::InvalidArguments(issues) => {
            let mut text = format!("Invalid arguments for tool {tool}:");
            for issue in &issues {
                text.push_str("\n- ");
                text.push_str(&issue.to_string());
            }
            text
        }
        ToolFailure::ArgumentsTooLarge {
            values,
            checks_per_value,
        } => format!(
            "The arguments for tool {tool} are too large to check against its input schema: \
             {values} or more values at up to {checks_per_value} checks each is past the limit of \
             {MAX_CHECKS_PER_CALL} checks per call. Send fewer values."
        ),
        ToolFailure::Reported(reported) => reported_text(&reported),
        ToolFailure::Panicked => format!("The tool crashed: it panicked (correlation id {id})."),
        ToolFailure::StackOverflow => format!(
            "The tool crashed: it overflowed its stack, probably through runaway recursion (correlation id {id})."
        ),
        ToolFailure::OutOfFuel { fuel } => format!(
            "The tool ran out of fuel: it used its budget of {fuel} instructions, probably in a runaway loop (correlation id {id})."
        ),
        ToolFailure::Deadline { ms } => {
            format!("The tool exceeded its {ms} ms deadline and was stopped (correlation id {id}).")
        }
        ToolFailure::MemoryCap { mib } => format!(
            "The tool exceeded its {mib} MiB memory limit and was stopped (correlation id {id})."
        ),
        ToolFailure::OutputTooLarge { kib } => format!(
            "The tool's output exceeded the {kib} KiB limit and was discarded (correlation id {id})."
        ),
        ToolFailure::OutputSchema(_) => format!(
            "The tool returned output that does not match its declared outputSchema (correlation id {id})."
        ),
        ToolFailure::InvalidOutput(what) => {
            format!("The tool returned invalid output: {what} (correlation id {id}).")
        }
        ToolFailure::Crashed => format!("The tool crashed (correlation id {id})."),
        ToolFailure::Busy(BusyScope::Tool { limit }) => {
            format!(
                "The tool {tool} is busy: it already runs its limit of {limit} concurrent calls. Retry shortly."
            )
        }
        ToolFailure::Busy(BusyScope::Sandbox) => {
            "The server is busy: every sandbox slot is in use. Retry shortly.".to_owned()
        }
        ToolFailure::Busy(BusyScope::Server { limit }) => {
            format!(
                "The server is busy: it already runs its limit of {limit} concurrent tool calls. Retry shortly."
            )
        }
    };
    FailureReply::Result(CallToolResult::error(vec![ContentBlock::text(text)]))
}

/// The generic -32603 reply: nothing but a correlation id.
pub fn internal_error(id: CorrelationId) -> ErrorData {
    ErrorData::new(
        ErrorCode::INTERNAL_ERROR,
        "Internal error",
        Some(json!({ "correlationId": id.to_string() })),
    )
}

fn reported_text(reported: &ReportedError) -> String {
    let clean = |m: &str| sanitize(m, MAX_TOOL_MESSAGE_CHARS);
    match reported {
        ReportedError::InvalidInput(message) => format!("Invalid input: {}", clean(message)),
        ReportedError::Other(message) => clean(message),
        ReportedError::Upstream {
            status,
            retry_after_secs,
            message,
        } => upstream_text(*status, *retry_after_secs, &clean(message)),
    }
}

/// The reply for an upstream failure. For an HTTP status the host writes the
/// sentence itself, so every tool's 401 or 503 reads the same and a model can
/// act on it; the tool's message adds context only where it cannot carry
/// credentials (never for 401/403, whose message might echo a token).
fn upstream_text(status: Option<u16>, retry_after_secs: Option<u32>, message: &str) -> String {
    let retry = |text: &mut String, otherwise: &str| match retry_after_secs {
        Some(secs) => text.push_str(&format!(" Retry after {secs} s.")),
        None => text.push_str(otherwise),
    };
    let context = |text: &mut String| {
        if !message.is_empty() {
            text.push_str(" (");
            text.push_str(message);
            text.push(')');
        }
    };
    let Some(status) = status else {
        let mut text = format!(
            "Upstream request failed: {}.",
            message.trim_end_matches('.')
        );
        retry(&mut text, "");
        return text;
    };
    let mut text;
    match status {
        401 | 403 => {
            text = format!(
                "The upstream service rejected the credentials (HTTP {status}). \
                 Retrying will not help; the operator must check the credentials this tool is given."
            );
        }
        404 | 410 => {
            text = format!("The upstream service has nothing at that address (HTTP {status})");
            context(&mut text);
            text.push_str(". Check the address or identifier.");
        }
        429 => {
            text = "The upstream service is rate limiting requests (HTTP 429).".to_owned();
            retry(&mut text, " Wait before retrying.");
        }
        500..=599 => {
            text = format!("The upstream service is unavailable (HTTP {status}).");
            retry(&mut text, " Try again later.");
        }
        _ => {
            text = format!("The upstream service refused the request (HTTP {status})");
            context(&mut text);
            text.push('.');
            retry(&mut text, "");
        }
    }
    text
}

/// Makes a guest-provided string safe to show: ANSI escape sequences and
/// control characters (other than newline and tab) removed, at most
/// `max_chars` characters.
pub fn sanitize(input: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(input.len().min(max_chars.saturating_mul(4)));
    let mut chars = input.chars().peekable();
    let mut kept = 0;
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC [ parameters... final byte in @..~
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        if c.is_control() && c != '\n' && c != '\t' {
            continue;
        }
        if kept == max_chars {
            out.push('…');
            break;
        }
        out.push(c);
        kept += 1;
    }
    out
}

/// [`sanitize`] for the log: additionally keeps guest text on one line, so a
/// guest cannot forge log lines of its own.
pub fn sanitize_for_log(input: &str, max_chars: usize) -> String {
    sanitize(input, max_chars)
        .replace('\n', "\\n")
        .replace('\t', "\\t")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cx(modern: bool) -> FailureContext<'static> {
        FailureContext {
            tool: "t",
            correlation: CorrelationId(0xabc),
            invalid_arguments_are_tool_errors: modern,
        }
    }

    fn text_of(reply: FailureReply) -> String {
        match reply {
            FailureReply::Result(result) => {
                assert_eq!(result.is_error, Some(true));
                assert!(result.structured_content.is_none());
                result.content[0].as_text().unwrap().text.clone()
            }
            FailureReply::Error(e) => panic!("expected a result, got {e:?}"),
        }
    }

    #[test]
    fn sanitize_strips_escapes_and_controls_and_caps_length() {
        assert_eq!(sanitize("\u{1b}[31mboom\u{7}\r\nok\tx", 100), "boom\nok\tx");
        assert_eq!(sanitize("abcdef", 3), "abc…");
        assert_eq!(sanitize("abc", 3), "abc");
    }

    #[test]
    fn guest_text_in_the_log_stays_on_one_line() {
        assert_eq!(
            sanitize_for_log("a\nINFO forged\tx\r", 100),
            "a\\nINFO forged\\tx"
        );
    }

    #[test]
    fn host_faults_carry_only_the_correlation_id() {
        let reply = reply_for(
            CallFailure::Host(HostFault::new("/secret/path: wasm backtrace")),
            &cx(true),
        );
        let FailureReply::Error(error) = reply else {
            panic!("host faults are JSON-RPC errors")
        };
        assert_eq!(error.code, ErrorCode::INTERNAL_ERROR);
        assert_eq!(error.message, "Internal error");
        assert_eq!(
            error.data,
            Some(json!({"correlationId": "0000000000000abc"}))
        );
    }

    #[test]
    fn invalid_arguments_follow_the_era() {
        let issues = || {
            vec![SchemaIssue {
                pointer: "/n".into(),
                message: "\"x\" is not of type \"integer\"".into(),
            }]
        };
        let modern = text_of(reply_for(
            ToolFailure::InvalidArguments(issues()).into(),
            &cx(true),
        ));
        assert!(modern.contains("/n: \"x\" is not of type"), "{modern}");
        let FailureReply::Error(legacy) =
            reply_for(ToolFailure::InvalidArguments(issues()).into(), &cx(false))
        else {
            panic!("older protocols get -32602")
        };
        assert_eq!(legacy.code, ErrorCode::INVALID_PARAMS);
        assert_eq!(legacy.data.unwrap()["issues"][0]["pointer"], "/n");
    }

    #[test]
    fn upstream_errors_mention_status_and_retry() {
        let text = text_of(reply_for(
            ToolFailure::Reported(ReportedError::Upstream {
                status: Some(503),
                retry_after_secs: Some(30),
                message: "down".into(),
            })
            .into(),
            &cx(true),
        ));
        assert_eq!(
            text,
            "The upstream service is unavailable (HTTP 503). Retry after 30 s."
        );
    }

    #[test]
    fn upstream_statuses_read_as_actions_and_never_echo_credentials() {
        let reply = |status, retry, message: &str| {
            text_of(reply_for(
                ToolFailure::Reported(ReportedError::Upstream {
                    status,
                    retry_after_secs: retry,
                    message: message.into(),
                })
                .into(),
                &cx(true),
            ))
        };
        let denied = reply(Some(401), None, "token sk-123 refused");
        assert!(denied.starts_with("The upstream service rejected the credentials (HTTP 401)."));
        assert!(!denied.contains("sk-123"), "{denied}");
        assert!(reply(Some(403), None, "").contains("rejected the credentials (HTTP 403)"));
        assert_eq!(
            reply(Some(404), None, "GET example.com/x returned HTTP 404"),
            "The upstream service has nothing at that address (HTTP 404) \
             (GET example.com/x returned HTTP 404). Check the address or identifier."
        );
        assert_eq!(
            reply(Some(429), Some(7), ""),
            "The upstream service is rate limiting requests (HTTP 429). Retry after 7 s."
        );
        assert_eq!(
            reply(Some(502), None, "boom"),
            "The upstream service is unavailable (HTTP 502). Try again later."
        );
        assert_eq!(
            reply(None, None, "could not resolve example.invalid"),
            "Upstream request failed: could not resolve example.invalid."
        );
    }
}
