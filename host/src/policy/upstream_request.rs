//! What the access log and the metrics know of one upstream request.

/// One request a call sent (or tried to), for the call's access-log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamRequest {
    /// `host:port` as the guest named it.
    pub destination: String,
    /// The response status, or why there was none.
    pub outcome: UpstreamOutcome,
    /// Until the response head arrived, or the request failed.
    pub millis: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpstreamOutcome {
    Status(u16),
    Denied,
    TimedOut,
    Failed,
    /// Not sent: the destination's circuit breaker is open.
    BreakerOpen,
}

impl std::fmt::Display for UpstreamRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let outcome = match self.outcome {
            UpstreamOutcome::Status(status) => {
                return write!(f, "{} {status} {} ms", self.destination, self.millis);
            }
            UpstreamOutcome::Denied => "denied",
            UpstreamOutcome::TimedOut => "timeout",
            UpstreamOutcome::Failed => "failed",
            UpstreamOutcome::BreakerOpen => "breaker-open",
        };
        write!(f, "{} {outcome} {} ms", self.destination, self.millis)
    }
}
