//! The error table: the one function that turns a failure (see
//! [`crate::failure`]) into what the client sees.
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
//! | quarantined: the tool kept crashing | `isError` saying so and when to retry, without running it |
//! | a fault inside the host | JSON-RPC -32603, generic message, `data.correlationId` |

use rmcp::model::{CallToolResult, ContentBlock, ErrorCode, ErrorData};
use serde_json::json;

use crate::correlation::CorrelationId;
use crate::failure::{BusyScope, CallFailure, ReportedError, ToolFailure};
use crate::sanitize::{sanitize, sanitize_for_log};
use crate::validate::MAX_CHECKS_PER_CALL;

/// Longest tool-provided message passed to the client, in characters.
pub const MAX_TOOL_MESSAGE_CHARS: usize = 1000;

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
    /// 2026-07-28, where a request that needs a client capability the
    /// client did not declare is refused with -32021.
    pub modern: bool,
}

/// The JSON-RPC error for a call to a tool that does not exist.
pub fn unknown_tool(name: &str) -> ErrorData {
    ErrorData::invalid_params(format!("Unknown tool: {}", sanitize(name, 128)), None)
}

/// A tool not (yet) served while components are still loading at start.
pub fn unknown_tool_while_loading(name: &str) -> ErrorData {
    ErrorData::invalid_params(
        format!(
            "Unknown tool: {} (components are still loading; the tool list changes when they are ready)",
            sanitize(name, 128)
        ),
        None,
    )
}

/// The one mapping from a failure to the reply, logging the detail on the way.
pub fn reply_for(failure: CallFailure, cx: &FailureContext<'_>) -> FailureReply {
    let id = cx.correlation;
    let tool = cx.tool;
    let failure = match failure {
        CallFailure::Host(fault) => {
            tracing::error!(tool, correlation_id = %id, error = %sanitize_for_log(&fault.chain(), usize::MAX),
                "internal error during tool call");
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
        | ToolFailure::Busy(_)
        | ToolFailure::MissingClientCapability(_)
        | ToolFailure::Quarantined { .. } => {
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
        ToolFailure::MissingClientCapability(capability) if cx.modern => {
            return FailureReply::Error(missing_capability(capability));
        }
        ToolFailure::MissingClientCapability(capability) => format!(
            "The tool {tool} asked the client for {capability}, which the client did not declare \
             it supports."
        ),
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
        ToolFailure::Quarantined {
            crashes,
            retry_after_secs,
        } => format!(
            "The tool {tool} is disabled for now: its last {crashes} calls crashed. \
             Retry after {retry_after_secs} s."
        ),
    };
    FailureReply::Result(CallToolResult::error(vec![ContentBlock::text(text)]))
}

/// -32021 (2026-07-28): the request needs a capability the client did not
/// declare; `data.requiredCapabilities` names it as a `ClientCapabilities`.
pub fn missing_capability(capability: &str) -> ErrorData {
    ErrorData::new(
        rmcp::model::ErrorCode::MISSING_REQUIRED_CLIENT_CAPABILITY,
        format!("Missing required client capability: {capability}"),
        Some(json!({ "requiredCapabilities": { capability: {} } })),
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::failure::HostFault;
    use crate::validate::SchemaIssue;

    fn cx(modern: bool) -> FailureContext<'static> {
        FailureContext {
            tool: "t",
            correlation: CorrelationId(0xabc),
            invalid_arguments_are_tool_errors: modern,
            modern,
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
    fn host_faults_carry_only_the_correlation_id() {
        let reply = reply_for(
            CallFailure::Host(HostFault::Instantiate {
                component: "c.wasm".into(),
                detail: "/secret/path: wasm backtrace".into(),
            }),
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
