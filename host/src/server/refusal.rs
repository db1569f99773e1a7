//! A tool error that follows a request the host refused says so.
//!
//! The Rust and Python SDKs read `wasi:http`'s error code and word the
//! refusal themselves ("network access to api.example.com is not allowed by
//! this tool's policy"). A runtime's own HTTP client does not: StarlingMonkey's
//! `fetch` rejects with "NetworkError when attempting to fetch resource",
//! which tells a model nothing it can act on. The host knows which request
//! it refused and why, so when such a call ends in a plain tool error, the
//! reason goes with it.

use crate::failure::{CallFailure, ReportedError, ToolFailure};
use crate::policy::outbound::{UpstreamOutcome, UpstreamRequest};

/// `failure`, with the requests the policy refused during the call named
/// ahead of a plain (`other`) tool error that does not already name them.
pub(super) fn explained(failure: CallFailure, upstream: &[UpstreamRequest]) -> CallFailure {
    let CallFailure::Tool(ToolFailure::Reported(ReportedError::Other(message))) = failure else {
        return failure;
    };
    let mut refused: Vec<&str> = Vec::new();
    for request in upstream {
        let destination = request.destination.as_str();
        if request.outcome == UpstreamOutcome::Denied
            && !refused.contains(&destination)
            && !message.contains(destination)
        {
            refused.push(destination);
        }
    }
    if refused.is_empty() {
        return CallFailure::Tool(ToolFailure::Reported(ReportedError::Other(message)));
    }
    // The host's reason first: a long message is cut at the end.
    let message = format!(
        "toolhost refused the tool's request to {} (this tool's network policy does not allow it); \
         the tool reported: {message}",
        refused.join(", ")
    );
    CallFailure::Tool(ToolFailure::Reported(ReportedError::Other(message)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(destination: &str, outcome: UpstreamOutcome) -> UpstreamRequest {
        UpstreamRequest {
            destination: destination.into(),
            outcome,
            millis: 0,
        }
    }

    fn other(message: &str) -> CallFailure {
        CallFailure::Tool(ToolFailure::Reported(ReportedError::Other(message.into())))
    }

    fn message(failure: CallFailure) -> String {
        match failure {
            CallFailure::Tool(ToolFailure::Reported(ReportedError::Other(m))) => m,
            other => panic!("not a plain tool error: {other:?}"),
        }
    }

    #[test]
    fn a_plain_tool_error_after_a_refusal_names_the_refused_destinations_once() {
        let upstream = [
            request("a.example:443", UpstreamOutcome::Denied),
            request("ok.example:443", UpstreamOutcome::Status(200)),
            request("a.example:443", UpstreamOutcome::Denied),
            request("b.example:80", UpstreamOutcome::Denied),
        ];
        let failure = explained(
            other("TypeError: NetworkError when attempting to fetch resource."),
            &upstream,
        );
        assert_eq!(
            message(failure),
            "toolhost refused the tool's request to a.example:443, b.example:80 (this tool's \
             network policy does not allow it); the tool reported: TypeError: NetworkError when \
             attempting to fetch resource."
        );
    }

    #[test]
    fn errors_that_already_say_so_or_follow_no_refusal_are_left_alone() {
        let denied = [request("a.example:443", UpstreamOutcome::Denied)];
        let worded = "network access to a.example:443 is not allowed by this tool's policy";
        assert_eq!(message(explained(other(worded), &denied)), worded);
        let failed = [request("a.example:443", UpstreamOutcome::Failed)];
        assert_eq!(message(explained(other("boom"), &failed)), "boom");
        let upstream = CallFailure::Tool(ToolFailure::Reported(ReportedError::Upstream {
            status: None,
            retry_after_secs: None,
            message: "could not resolve a.example".into(),
        }));
        assert!(matches!(
            explained(upstream, &denied),
            CallFailure::Tool(ToolFailure::Reported(ReportedError::Upstream { .. }))
        ));
    }
}
