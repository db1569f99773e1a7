//! Preflight: everything that can be known about a deployment before the
//! first call, as findings an operator can act on.
//!
//! Loading records a finding for every component (it compiles, links and
//! describes itself; its policy is usable; its secrets are set; its memory
//! fits its cap; its tools' names and schemas are good), and the network
//! probes add one per allowlisted host. `toolhost check` prints them as a
//! table per component (or JSON) and exits 0, 1 or 2; `serve` logs every
//! finding that is not `ok` as a warning naming the component and the fix,
//! so both say the same thing in the same words.

pub mod memory;
pub mod network;
mod render;

use std::fmt;
use std::process::ExitCode;

pub use render::{json, text};

/// How a check came out, mildest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    /// The check does not apply (a wildcard host cannot be resolved).
    Skipped,
    /// Serving works, but something will fail or surprise.
    Warning,
    /// Something is not served, or every call of it would fail.
    Error,
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Status::Ok => "ok",
            Status::Skipped => "skipped",
            Status::Warning => "warning",
            Status::Error => "error",
        })
    }
}

/// What was checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The config file and what it names.
    Config,
    /// The component compiles, links and describes itself.
    Load,
    /// Its policy parses and its values resolve.
    Policy,
    /// Its linear memory fits its tools' memory caps.
    Memory,
    /// A tool's name and schemas, and name clashes.
    Tool,
    /// A resource or resource template: its URI, and clashes.
    Resource,
    /// A prompt: its name and arguments, and clashes.
    Prompt,
    /// An allowlisted host resolves (and, with `--connect`, answers).
    Network,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Config => "config",
            Kind::Load => "load",
            Kind::Policy => "policy",
            Kind::Memory => "memory",
            Kind::Tool => "tool",
            Kind::Resource => "resource",
            Kind::Prompt => "prompt",
            Kind::Network => "network",
        })
    }
}

/// One check's outcome: what was found and, unless it is fine, what to do.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Finding {
    pub status: Status,
    pub kind: Kind,
    /// The tool it is about, when it is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Finding {
    pub fn new(status: Status, kind: Kind, message: impl Into<String>) -> Self {
        let mut message = message.into();
        // One line each: wasmtime's errors can span several.
        if message.contains('\n') {
            message = message.split_whitespace().collect::<Vec<_>>().join(" ");
        }
        Self {
            status,
            kind,
            tool: None,
            message,
            fix: None,
        }
    }

    pub fn ok(kind: Kind, message: impl Into<String>) -> Self {
        Self::new(Status::Ok, kind, message)
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub fn tool(mut self, tool: impl Into<String>) -> Self {
        self.tool = Some(tool.into());
        self
    }

    /// Logs the finding as `serve` does: nothing when it is fine, else a
    /// warning naming the component, the tool and the fix.
    pub fn log(&self, component: Option<&str>) {
        if self.status <= Status::Skipped {
            return;
        }
        tracing::warn!(
            tool = self.tool.as_deref().map(tracing::field::display),
            component = component.map(tracing::field::display),
            check = %self.kind,
            status = %self.status,
            fix = self.fix.as_deref().map(tracing::field::display),
            "{}",
            self.message
        );
    }
}

/// One component's findings.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ComponentReport {
    /// Its file name.
    pub component: String,
    /// Where its policy comes from.
    pub policy: String,
    /// The tools it serves.
    pub tools: Vec<String>,
    pub findings: Vec<Finding>,
    /// Records without logging (see [`Report::muted`]).
    #[serde(skip)]
    muted: bool,
}

/// Every finding of one load.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    /// About the config file as a whole, not one component.
    pub config: Vec<Finding>,
    pub components: Vec<ComponentReport>,
    /// Records without logging (see [`Report::muted`]).
    #[serde(skip)]
    muted: bool,
}

impl Report {
    /// A report that records findings without logging them: for work whose
    /// findings are logged once elsewhere (a partial registry assembled
    /// while components still load at start).
    pub fn muted() -> Self {
        Self {
            muted: true,
            ..Self::default()
        }
    }

    /// The worst status of any finding.
    pub fn worst(&self) -> Status {
        self.config
            .iter()
            .chain(self.components.iter().flat_map(|c| &c.findings))
            .map(|f| f.status)
            .max()
            .unwrap_or(Status::Ok)
    }

    /// Findings with each status, for the summary line.
    pub fn count(&self, status: Status) -> usize {
        self.config
            .iter()
            .chain(self.components.iter().flat_map(|c| &c.findings))
            .filter(|f| f.status == status)
            .count()
    }

    /// `toolhost check`'s exit status: 0 clean, 1 warnings, 2 errors.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self.worst() {
            Status::Ok | Status::Skipped => 0,
            Status::Warning => 1,
            Status::Error => 2,
        })
    }

    /// The report of the component called `label`, added if it is new.
    pub fn component(&mut self, label: &str) -> &mut ComponentReport {
        match self.components.iter().position(|c| c.component == label) {
            Some(index) => &mut self.components[index],
            None => {
                self.components.push(ComponentReport {
                    component: label.to_owned(),
                    muted: self.muted,
                    ..ComponentReport::default()
                });
                self.components.last_mut().expect("just pushed")
            }
        }
    }

    /// Records a finding about the config as a whole, logging it.
    pub fn config(&mut self, finding: Finding) {
        if !self.muted {
            finding.log(None);
        }
        self.config.push(finding);
    }
}

impl ComponentReport {
    /// Records a finding about this component, logging it.
    pub fn record(&mut self, finding: Finding) {
        if !self.muted {
            finding.log(Some(&self.component));
        }
        self.findings.push(finding);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_finding_decides_the_exit_status() {
        let mut report = Report::default();
        assert_eq!(report.worst(), Status::Ok);
        report
            .component("a.wasm")
            .record(Finding::new(Status::Skipped, Kind::Network, "wildcard"));
        assert_eq!(report.worst(), Status::Skipped);
        report
            .component("b.wasm")
            .record(Finding::new(Status::Warning, Kind::Tool, "clash"));
        assert_eq!(report.worst(), Status::Warning);
        report.config(Finding::new(Status::Error, Kind::Config, "bad"));
        assert_eq!(report.worst(), Status::Error);
        assert_eq!(report.count(Status::Warning), 1);
        assert_eq!(report.components.len(), 2);
        report.component("a.wasm").tools.push("x".into());
        assert_eq!(report.components.len(), 2, "a component is reported once");
    }
}
