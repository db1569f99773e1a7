//! Upstream metrics: the requests tools sent, by destination and status
//! class, and the credentials upstreams rejected (401, 403), by tool, so an
//! expired token shows on a dashboard before a user reports it.
//!
//! Destinations are bounded by each component's allowlist, but a wildcard
//! rule can reach any number of hosts: past [`MAX_DESTINATIONS`] series, new
//! destinations count under `other`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Mutex, OnceLock, PoisonError};

use super::escape;
use crate::policy::outbound::{UpstreamOutcome, UpstreamRequest};

/// Distinct destinations with series of their own.
pub const MAX_DESTINATIONS: usize = 256;

#[derive(Default)]
struct Upstream {
    /// (destination, class) → requests.
    requests: BTreeMap<(String, &'static str), u64>,
    /// tool → 401 and 403 responses.
    rejected_credentials: BTreeMap<String, u64>,
}

fn store() -> &'static Mutex<Upstream> {
    static STORE: OnceLock<Mutex<Upstream>> = OnceLock::new();
    STORE.get_or_init(Mutex::default)
}

fn class(outcome: UpstreamOutcome) -> &'static str {
    match outcome {
        UpstreamOutcome::Status(100..=199) => "1xx",
        UpstreamOutcome::Status(200..=299) => "2xx",
        UpstreamOutcome::Status(300..=399) => "3xx",
        UpstreamOutcome::Status(400..=499) => "4xx",
        UpstreamOutcome::Status(_) => "5xx",
        UpstreamOutcome::Denied => "denied",
        UpstreamOutcome::TimedOut => "timeout",
        UpstreamOutcome::Failed => "failed",
        UpstreamOutcome::BreakerOpen => "breaker_open",
    }
}

/// Counts the upstream requests one call of `tool` sent.
pub fn record_upstream(tool: &str, requests: &[UpstreamRequest]) {
    if requests.is_empty() {
        return;
    }
    let mut store = store().lock().unwrap_or_else(PoisonError::into_inner);
    for request in requests {
        let known = store
            .requests
            .keys()
            .any(|(destination, _)| *destination == request.destination);
        let destinations = || {
            let mut seen: Vec<&String> = store.requests.keys().map(|(d, _)| d).collect();
            seen.dedup();
            seen.len()
        };
        let destination = if known || destinations() < MAX_DESTINATIONS {
            request.destination.clone()
        } else {
            "other".to_owned()
        };
        *store
            .requests
            .entry((destination, class(request.outcome)))
            .or_default() += 1;
        if matches!(request.outcome, UpstreamOutcome::Status(401 | 403)) {
            *store
                .rejected_credentials
                .entry(tool.to_owned())
                .or_default() += 1;
        }
    }
}

pub(super) fn render(out: &mut String) {
    let store = store().lock().unwrap_or_else(PoisonError::into_inner);
    out.push_str(
        "# HELP toolhost_upstream_requests_total Requests tools sent upstream, by destination and \
         status class (or denied, timeout, failed).\n\
         # TYPE toolhost_upstream_requests_total counter\n",
    );
    for ((destination, class), count) in &store.requests {
        let _ = writeln!(
            out,
            "toolhost_upstream_requests_total{{destination=\"{}\",class=\"{class}\"}} {count}",
            escape(destination)
        );
    }
    out.push_str(
        "# HELP toolhost_upstream_credentials_rejected_total Upstream 401 and 403 responses, by tool.\n\
         # TYPE toolhost_upstream_credentials_rejected_total counter\n",
    );
    for (tool, count) in &store.rejected_credentials {
        let _ = writeln!(
            out,
            "toolhost_upstream_credentials_rejected_total{{tool=\"{}\"}} {count}",
            escape(tool)
        );
    }
}
