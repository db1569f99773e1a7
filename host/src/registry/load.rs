//! Loading one component: each step it must pass to be served, in order,
//! each recorded as a finding (see [`crate::check`]) that says what failed
//! and what the operator can do about it.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use super::{Entry, Exposure, Fingerprint, Registry, Served, describe, label};
use crate::check::memory;
use crate::check::{ComponentReport, Finding, Kind, Report, Status};
use crate::config::{CallLimits, Limits};
use crate::correlation::CorrelationId;
use crate::policy::{Grants, PolicyError, PolicySet, ValueSource};
use crate::runtime::{ComponentCatalog, Engine, Invocation, LoadedComponent, Task};

/// The least time a component gets to describe its tools at load.
const MIN_DESCRIBE_DEADLINE: Duration = Duration::from_secs(10);

const REBUILD: &str = "rebuild it as a toolhost tool component for wasm32-wasip2 \
                       (`toolhost new NAME` scaffolds one)";

/// What loading needs, shared by every component of one load.
pub struct Loader<'a> {
    pub engine: &'a Engine,
    pub limits: &'a Limits,
    pub policies: &'a PolicySet,
    pub exposure: &'a Exposure,
}

impl Loader<'_> {
    /// Loads the component at `path` with its tools, or records why not.
    /// Its tools' names are settled against other components' later, by
    /// [`Registry::assemble`].
    pub async fn component(&self, path: &Path, report: &mut Report) -> Option<Arc<Entry>> {
        // Taken first: a file replaced while it loads is seen as changed.
        let fingerprint = Fingerprint::of(path);
        let label = label(path);
        let found = report.component(&label);
        let grants = self.grants(path, found)?;
        // Read once: for what it needs, then to compile.
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                found.record(
                    Finding::new(
                        Status::Error,
                        Kind::Load,
                        format!("component not served: cannot read it: {e}"),
                    )
                    .fix("make the file readable by the user toolhost runs as"),
                );
                return None;
            }
        };
        let needs = self.memory_needs(&bytes, found)?;
        let component = match self.engine.load(path, &bytes, grants) {
            Ok(component) => Arc::new(component),
            Err(e) => {
                found.record(
                    Finding::new(
                        Status::Error,
                        Kind::Load,
                        format!("component not served: {e:#}"),
                    )
                    .fix(REBUILD),
                );
                return None;
            }
        };
        let catalog = self.describe(&component, found).await?;
        let served = self.served(&catalog, &component, needs, found);
        let descriptors = catalog.tools;
        let described = descriptors.len();
        let mut tools = Vec::with_capacity(described);
        let mut smallest_cap = u64::MAX;
        for descriptor in descriptors {
            let name = descriptor.name.clone();
            if !self.exposure.allows(&name) {
                tracing::info!(tool = %name, component = %component.label,
                    "tool not served: the config's expose_tools or hide_tools leaves it out");
                continue;
            }
            let cap = self.limits.for_tool(&name).memory_bytes;
            if needs > cap {
                found.record(
                    Finding::new(
                        Status::Error,
                        Kind::Memory,
                        format!(
                            "tool not served: its component needs at least {} of linear memory, \
                             more than the tool's memory cap ({}), so every call would fail",
                            memory::mib(needs),
                            memory::mib(cap)
                        ),
                    )
                    .tool(&name)
                    .fix(format!(
                        "raise memory_mib for it to at least {} ([tools.{name}])",
                        memory::min_memory_mib(needs)
                    )),
                );
                continue;
            }
            match describe::hosted_tool(descriptor, &component, self.limits) {
                Ok(tool) => {
                    smallest_cap = smallest_cap.min(cap);
                    tools.push(Arc::new(tool));
                }
                Err(reason) => found.record(
                    Finding::new(
                        Status::Error,
                        Kind::Tool,
                        format!("tool not served: {reason}"),
                    )
                    .tool(&name)
                    .fix("correct the tool's name or schema in its source and rebuild it"),
                ),
            }
        }
        let loaded = match component.plain_exports() {
            Some(plain) => describe::plain_summary(plain),
            None => format!(
                "compiles, links and describes {described} tool{} (contract {})",
                if described == 1 { "" } else { "s" },
                component.contract()
            ),
        };
        found.record(Finding::ok(Kind::Load, loaded));
        if !tools.is_empty() {
            found.record(Finding::ok(
                Kind::Memory,
                format!(
                    "needs {} at start; its tools' memory cap is at least {}",
                    memory::mib(needs),
                    memory::mib(smallest_cap)
                ),
            ));
        }
        Some(Arc::new(Entry {
            path: path.to_owned(),
            label,
            fingerprint,
            tools,
            served,
        }))
    }

    /// What the component serves besides tools, under the `[defaults]`
    /// limits, recording what cannot be served.
    fn served(
        &self,
        catalog: &ComponentCatalog,
        component: &Arc<LoadedComponent>,
        needs: u64,
        found: &mut ComponentReport,
    ) -> Served {
        let offered = catalog.resources.len() + catalog.templates.len() + catalog.prompts.len();
        if offered == 0 {
            return Served::default();
        }
        let limits = self.limits.defaults;
        if needs > limits.memory_bytes {
            found.record(
                Finding::new(
                    Status::Error,
                    Kind::Memory,
                    format!(
                        "its resources and prompts are not served: the component needs at least {} \
                         of linear memory, more than the default memory cap ({})",
                        memory::mib(needs),
                        memory::mib(limits.memory_bytes)
                    ),
                )
                .fix(format!(
                    "raise memory_mib in [defaults] to at least {}",
                    memory::min_memory_mib(needs)
                )),
            );
            return Served::default();
        }
        let served = Served::of(catalog, component, limits, found);
        found.record(Finding::ok(
            Kind::Load,
            format!(
                "serves {} resource(s), {} resource template(s) and {} prompt(s){}",
                served.resources.len(),
                served.templates.len(),
                served.prompts.len(),
                if served.completions {
                    ", with completions"
                } else {
                    ""
                }
            ),
        ));
        served
    }

    /// The component's grants, or `None` (recorded) when its policy cannot
    /// be used.
    fn grants(&self, path: &Path, found: &mut ComponentReport) -> Option<Grants> {
        if let Some(ignored) = self.policies.shadowed_file(path) {
            found.record(
                Finding::new(
                    Status::Warning,
                    Kind::Policy,
                    format!(
                        "the config file has a policy for this component; the policy file beside it is ignored ({})",
                        ignored.display()
                    ),
                )
                .fix("delete the file beside the component, or move its grants into the config file"),
            );
        }
        let grants = match self.policies.grants_for(path) {
            Ok(grants) => grants,
            Err(e) => {
                let fix = match &e {
                    PolicyError::Read { .. } => {
                        "make the file readable by the user toolhost runs as".to_owned()
                    }
                    PolicyError::Parse { .. } => "correct the policy's TOML".to_owned(),
                    PolicyError::Invalid { .. } => {
                        "correct the policy, or the files it reads (every from_file must be \
                         readable)"
                            .to_owned()
                    }
                    PolicyError::Unset {
                        table, name, var, ..
                    } => format!(
                        "set {var} in the environment toolhost starts in, or give \
                         [{table}] {name} a from_file instead"
                    ),
                };
                found.record(
                    Finding::new(
                        Status::Error,
                        Kind::Policy,
                        format!("component not served: its policy cannot be used: {e}"),
                    )
                    .fix(fix),
                );
                return None;
            }
        };
        found.policy = grants.source.to_string();
        for (table, values) in [("env", &grants.env), ("secrets", &grants.secrets)] {
            for granted in values.iter().filter(|g| g.value.is_empty()) {
                let fix = match &granted.source {
                    ValueSource::FromEnv(var) => {
                        format!("give {var} a value where toolhost starts")
                    }
                    ValueSource::FromFile(file) => {
                        format!("write the value into {}", file.display())
                    }
                };
                found.record(
                    Finding::new(
                        Status::Warning,
                        Kind::Policy,
                        format!("[{table}] {}: {} is empty", granted.name, granted.source),
                    )
                    .fix(fix),
                );
            }
        }
        Some(grants)
    }

    /// The linear memory the component needs at start, or `None` (recorded)
    /// when no tool's memory cap could hold it. The pooling allocator would
    /// refuse it at compile time too, in its own terms.
    fn memory_needs(&self, bytes: &[u8], found: &mut ComponentReport) -> Option<u64> {
        // A binary that cannot be parsed fails to compile next, with
        // wasmtime's own words for it.
        let needs = memory::initial_bytes(bytes).unwrap_or(0);
        let largest = self.limits.largest_memory_bytes();
        if needs <= largest {
            return Some(needs);
        }
        found.record(
            Finding::new(
                Status::Error,
                Kind::Memory,
                format!(
                    "component not served: it needs at least {} of linear memory at start, more than \
                     any tool's memory cap ({})",
                    memory::mib(needs),
                    memory::mib(largest)
                ),
            )
            .fix(format!(
                "raise memory_mib to at least {} for it ([defaults], or [tools.NAME] for each of its tools)",
                memory::min_memory_mib(needs)
            )),
        );
        None
    }

    /// The component's own list of its tools, or `None` (recorded).
    async fn describe(
        &self,
        component: &Arc<LoadedComponent>,
        found: &mut ComponentReport,
    ) -> Option<ComponentCatalog> {
        // Describing runs the component's own code under the default limits,
        // but an operator's tight default deadline or memory cap should not
        // make it fail: whether its tools fit their caps is judged per tool.
        let defaults = &self.limits.defaults;
        let describe_limits = CallLimits {
            deadline: defaults.deadline.max(MIN_DESCRIBE_DEADLINE),
            memory_bytes: self.limits.largest_memory_bytes(),
            ..*defaults
        };
        let invocation = Invocation {
            task: Task::Describe,
            correlation: CorrelationId::new(),
            limits: &describe_limits,
            deadline: std::time::Instant::now() + describe_limits.deadline,
        };
        match component.describe(&invocation).await {
            Ok(descriptors) => Some(descriptors),
            Err(failure) => {
                found.record(
                    Finding::new(
                        Status::Error,
                        Kind::Load,
                        format!(
                            "component not served: it failed to describe its tools: {failure:?} \
                             (correlation id {})",
                            invocation.correlation
                        ),
                    )
                    .fix("look up the correlation id in the log for the guest's own output"),
                );
                None
            }
        }
    }
}

/// Config entries that name nothing this load found: most likely typos.
pub fn unused_config(
    registry: &Registry,
    paths: &[PathBuf],
    limits: &Limits,
    policies: &PolicySet,
    exposure: &Exposure,
    report: &mut Report,
) {
    for stem in policies.configured_components() {
        if !paths
            .iter()
            .any(|p| p.file_stem().is_some_and(|s| s == stem))
        {
            report.config(
                Finding::new(
                    Status::Warning,
                    Kind::Config,
                    format!("the config has a policy for a component that is not in the tools folder: [components.{stem}]"),
                )
                .fix(format!("add {stem}.wasm to the tools folder, or remove the table")),
            );
        }
    }
    for (key, pattern) in exposure.unused() {
        report.config(
            Finding::new(
                Status::Warning,
                Kind::Config,
                format!("the config names tools no component provides: {key} has {pattern:?}"),
            )
            .fix("correct the pattern; `toolhost inspect` lists every tool"),
        );
    }
    for name in limits.configured_tools() {
        if registry.get(name).is_none() {
            report.config(
                Finding::new(
                    Status::Warning,
                    Kind::Config,
                    format!(
                        "the config sets limits for a tool no component provides: [tools.{name}]"
                    ),
                )
                .fix("correct the name; `toolhost inspect` lists every tool"),
            );
        }
    }
}
