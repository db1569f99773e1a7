//! Tests of `metrics`.

use super::*;

#[test]
fn records_outcomes_and_cumulative_buckets() {
    let tool: Arc<str> = Arc::from("metrics_unit_test_tool");
    record_call(&tool, Outcome::Ok, Duration::from_micros(50));
    record_call(
        &tool,
        Outcome::ToolError("deadline"),
        Duration::from_secs(2),
    );
    record_call(&tool, Outcome::HostFault, Duration::from_secs(100));
    record_refused(&tool, "busy");
    record_fuel(&tool, 1200);
    record_fuel(&tool, 34);
    let text = render([&tool]);
    let line = |prefix: &str| {
        text.lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} in\n{text}"))
            .rsplit(' ')
            .next()
            .unwrap()
            .to_owned()
    };
    let t = "tool=\"metrics_unit_test_tool\"";
    assert_eq!(
        line(&format!("toolhost_tool_calls_total{{{t},outcome=\"ok\"")),
        "1"
    );
    assert_eq!(
        line(&format!(
            "toolhost_tool_calls_total{{{t},outcome=\"is_error\",reason=\"deadline\"}}"
        )),
        "1"
    );
    assert_eq!(
        line(&format!(
            "toolhost_tool_calls_total{{{t},outcome=\"internal_error\""
        )),
        "1"
    );
    assert_eq!(
        line(&format!(
            "toolhost_tool_call_duration_seconds_bucket{{{t},le=\"0.0001\"}}"
        )),
        "1"
    );
    assert_eq!(
        line(&format!(
            "toolhost_tool_call_duration_seconds_bucket{{{t},le=\"2.5\"}}"
        )),
        "2"
    );
    assert_eq!(
        line(&format!(
            "toolhost_tool_call_duration_seconds_bucket{{{t},le=\"+Inf\"}}"
        )),
        "3"
    );
    assert_eq!(
        line(&format!(
            "toolhost_tool_calls_total{{{t},outcome=\"is_error\",reason=\"busy\"}}"
        )),
        "1",
        "refused calls count as is_error"
    );
    assert_eq!(
        line(&format!("toolhost_tool_call_duration_seconds_count{{{t}}}")),
        "3",
        "but not in the latency histogram"
    );
    assert_eq!(
        line(&format!("toolhost_tool_fuel_consumed_total{{{t}}}")),
        "1234"
    );
    assert!(text.contains("# TYPE toolhost_tool_calls_in_flight gauge"));
}

#[test]
fn label_values_are_escaped() {
    assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

#[test]
fn upstream_requests_count_by_destination_and_class_and_rejected_credentials_by_tool() {
    use crate::policy::outbound::{UpstreamOutcome, UpstreamRequest};
    let request = |destination: &str, outcome| UpstreamRequest {
        destination: destination.into(),
        outcome,
        millis: 1,
    };
    record_upstream(
        "metrics_upstream_tool",
        &[
            request("api.unit-test:443", UpstreamOutcome::Status(200)),
            request("api.unit-test:443", UpstreamOutcome::Status(204)),
            request("api.unit-test:443", UpstreamOutcome::Status(401)),
            request("api.unit-test:443", UpstreamOutcome::Status(503)),
            request("blocked.unit-test:443", UpstreamOutcome::Denied),
        ],
    );
    let text = render(std::iter::empty());
    for line in [
        "toolhost_upstream_requests_total{destination=\"api.unit-test:443\",class=\"2xx\"} 2",
        "toolhost_upstream_requests_total{destination=\"api.unit-test:443\",class=\"4xx\"} 1",
        "toolhost_upstream_requests_total{destination=\"api.unit-test:443\",class=\"5xx\"} 1",
        "toolhost_upstream_requests_total{destination=\"blocked.unit-test:443\",class=\"denied\"} 1",
        "toolhost_upstream_credentials_rejected_total{tool=\"metrics_upstream_tool\"} 1",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }
}
