//! The report for a person (a table per component) and for a script (JSON).

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::{Finding, Report, Status};

/// The report as text: each component with its policy and tools, then one
/// line per finding (and its fix), then a summary.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    for component in &report.components {
        let _ = writeln!(out, "{}", component.component);
        if !component.policy.is_empty() {
            let _ = writeln!(out, "  policy: {}", component.policy);
        }
        let tools = if component.tools.is_empty() {
            "none served".to_owned()
        } else {
            component.tools.join(", ")
        };
        let _ = writeln!(out, "  tools:  {tools}");
        for finding in &component.findings {
            line(&mut out, finding);
        }
        out.push('\n');
    }
    if !report.config.is_empty() {
        let _ = writeln!(out, "config");
        for finding in &report.config {
            line(&mut out, finding);
        }
        out.push('\n');
    }
    let tools: usize = report.components.iter().map(|c| c.tools.len()).sum();
    let _ = writeln!(
        out,
        "{} component{}, {tools} tool{} served: {}",
        report.components.len(),
        plural(report.components.len()),
        plural(tools),
        summary(report)
    );
    out
}

fn line(out: &mut String, finding: &Finding) {
    let subject = match &finding.tool {
        Some(tool) => format!("{tool}: "),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "  {:<8} {:<8} {subject}{}",
        finding.status.to_string(),
        finding.kind.to_string(),
        finding.message
    );
    if let Some(fix) = &finding.fix {
        let _ = writeln!(out, "  {:<17} fix: {fix}", "");
    }
}

fn summary(report: &Report) -> String {
    let errors = report.count(Status::Error);
    let warnings = report.count(Status::Warning);
    let skipped = report.count(Status::Skipped);
    let mut parts = vec![
        format!("{errors} error{}", plural(errors)),
        format!("{warnings} warning{}", plural(warnings)),
    ];
    if skipped > 0 {
        parts.push(format!("{skipped} not checkable"));
    }
    parts.join(", ")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The report as JSON: `{"status", "errors", "warnings", "config",
/// "components": [{"component", "policy", "tools", "findings"}]}`.
pub fn json(report: &Report) -> Value {
    json!({
        "status": report.worst(),
        "errors": report.count(Status::Error),
        "warnings": report.count(Status::Warning),
        "config": report.config,
        "components": report.components,
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Finding, Kind};
    use super::*;

    fn sample() -> Report {
        let mut report = Report::default();
        let echo = report.component("echo.wasm");
        echo.policy = "none (nothing granted)".into();
        echo.tools.push("echo".into());
        echo.record(Finding::ok(
            Kind::Load,
            "compiles, links and describes 1 tool",
        ));
        let clash = report.component("clash.wasm");
        clash.record(
            Finding::new(
                Status::Warning,
                Kind::Tool,
                "the name is taken by echo.wasm",
            )
            .tool("echo")
            .fix("rename it"),
        );
        report
    }

    #[test]
    fn text_has_a_block_per_component_and_a_summary() {
        let text = text(&sample());
        assert!(text.starts_with("echo.wasm\n  policy: none (nothing granted)\n  tools:  echo\n"));
        assert!(
            text.contains("  ok       load     compiles, links"),
            "{text}"
        );
        assert!(
            text.contains("  warning  tool     echo: the name is taken by echo.wasm\n"),
            "{text}"
        );
        assert!(text.contains("fix: rename it"), "{text}");
        assert!(text.contains("clash.wasm\n  tools:  none served"), "{text}");
        assert!(
            text.ends_with("2 components, 1 tool served: 0 errors, 1 warning\n"),
            "{text}"
        );
    }

    #[test]
    fn json_carries_the_counts_and_every_finding() {
        let value = json(&sample());
        assert_eq!(value["status"], "warning");
        assert_eq!(value["errors"], 0);
        assert_eq!(value["warnings"], 1);
        let clash = &value["components"][1];
        assert_eq!(clash["component"], "clash.wasm");
        assert_eq!(clash["findings"][0]["tool"], "echo");
        assert_eq!(clash["findings"][0]["kind"], "tool");
        assert_eq!(clash["findings"][0]["fix"], "rename it");
        assert!(value["components"][0]["findings"][0].get("fix").is_none());
    }
}
