//! The tools on offer: every component in the tools folder, described once at
//! start, with their names checked and their schemas compiled.
//!
//! Loading never stops the server. A component that fails to compile, link or
//! describe itself is logged with the reason and skipped; so is a tool with a
//! bad name or schema.
//!
//! **Name clashes** are resolved by load order: components load in byte order
//! of their file names, and each component's tools in the order it lists them.
//! The first tool to claim a name keeps it; a later one is skipped with a
//! warning naming both components.

mod describe;
mod exposure;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rmcp::model::Tool;
use tokio::sync::Semaphore;

use crate::config::{CallLimits, Limits};
use crate::correlation::CorrelationId;
use crate::policy::PolicySet;
use crate::runtime::{Engine, Invocation, LoadedComponent, Task};
use crate::validate::CompiledSchema;
pub use exposure::Exposure;

/// The least time a component gets to describe its tools at load.
const MIN_DESCRIBE_DEADLINE: Duration = Duration::from_secs(10);

/// A tool, ready to be called.
pub struct HostedTool {
    pub name: Arc<str>,
    /// What `tools/list` shows.
    pub descriptor: Tool,
    pub component: Arc<LoadedComponent>,
    pub input_schema: CompiledSchema,
    pub output_schema: Option<CompiledSchema>,
    pub limits: CallLimits,
    /// In-flight calls of this tool.
    pub permits: Arc<Semaphore>,
    /// Its crash streak or quarantine.
    pub health: Arc<crate::quarantine::Health>,
}

/// All tools, in load order.
#[derive(Default)]
pub struct Registry {
    tools: Vec<Arc<HostedTool>>,
    by_name: HashMap<Arc<str>, usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read the tools folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is neither a folder nor a .wasm file")]
    NotAComponent { path: PathBuf },
}

impl Registry {
    /// Loads every `*.wasm` file directly inside `from`, or the one
    /// component `from` names when it is a `.wasm` file.
    pub async fn load(
        engine: &Engine,
        from: &Path,
        limits: &Limits,
        policies: &PolicySet,
        exposure: &Exposure,
    ) -> Result<Self, LoadError> {
        let is_wasm = |path: &Path| path.extension().is_some_and(|ext| ext == "wasm");
        let mut paths = Vec::new();
        if from.is_file() {
            if !is_wasm(from) {
                return Err(LoadError::NotAComponent {
                    path: from.to_owned(),
                });
            }
            paths.push(from.to_owned());
        } else {
            let read_error = |source| LoadError::Folder {
                path: from.to_owned(),
                source,
            };
            for entry in std::fs::read_dir(from).map_err(read_error)? {
                let path = entry.map_err(read_error)?.path();
                if is_wasm(&path) && path.is_file() {
                    paths.push(path);
                }
            }
        }
        paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));

        let mut registry = Self::default();
        for path in &paths {
            registry
                .load_component(engine, path, limits, policies, exposure)
                .await;
        }
        // Loading one file, the config's other entries are not mistakes.
        if !from.is_file() {
            for stem in policies.configured_components() {
                if !paths
                    .iter()
                    .any(|p| p.file_stem().is_some_and(|s| s == stem))
                {
                    tracing::warn!(
                        component = stem,
                        "the config has a policy for a component that is not in the tools folder"
                    );
                }
            }
            for (key, pattern) in exposure.unused() {
                tracing::warn!(key, pattern, "the config names tools no component provides");
            }
            for name in limits.configured_tools() {
                if registry.get(name).is_none() {
                    tracing::warn!(
                        tool = name,
                        "the config sets limits for a tool no component provides"
                    );
                }
            }
        }
        tracing::info!(components = paths.len(), tools = registry.tools.len(), from = %from.display(), "tools loaded");
        Ok(registry)
    }

    async fn load_component(
        &mut self,
        engine: &Engine,
        path: &Path,
        limits: &Limits,
        policies: &PolicySet,
        exposure: &Exposure,
    ) {
        let grants = match policies.grants_for(path) {
            Ok(grants) => grants,
            Err(e) => {
                tracing::warn!(path = %path.display(), reason = %e, "skipping component: its policy cannot be used");
                return;
            }
        };
        let component = match engine.load(path, grants) {
            Ok(component) => Arc::new(component),
            Err(e) => {
                tracing::warn!(path = %path.display(), reason = %format!("{e:#}"), "skipping component");
                return;
            }
        };
        // Describing runs the component's own code under the default limits,
        // but an operator's tight default deadline should not make it fail.
        let describe_limits = CallLimits {
            deadline: limits.defaults.deadline.max(MIN_DESCRIBE_DEADLINE),
            ..limits.defaults
        };
        let invocation = Invocation {
            task: Task::Describe,
            correlation: CorrelationId::new(),
            limits: &describe_limits,
            deadline: std::time::Instant::now() + describe_limits.deadline,
        };
        let descriptors = match component.describe(&invocation).await {
            Ok(descriptors) => descriptors,
            Err(failure) => {
                tracing::warn!(path = %path.display(), reason = ?failure, correlation_id = %invocation.correlation,
                    "skipping component: it failed to describe its tools");
                return;
            }
        };
        for descriptor in descriptors {
            let name = descriptor.name.clone();
            if !exposure.allows(&name) {
                tracing::info!(tool = %name, component = %component.label,
                    "tool not served: the config's expose_tools or hide_tools leaves it out");
                continue;
            }
            if let Some(&index) = self.by_name.get(name.as_str()) {
                tracing::warn!(tool = %name, skipped = %component.label, kept = %self.tools[index].component.label,
                    "tool name already taken by an earlier component; skipping this one");
                continue;
            }
            match describe::hosted_tool(descriptor, &component, limits) {
                Ok(tool) => {
                    self.by_name.insert(tool.name.clone(), self.tools.len());
                    self.tools.push(Arc::new(tool));
                }
                Err(reason) => {
                    tracing::warn!(tool = %name, component = %component.label, %reason, "skipping tool");
                }
            }
        }
    }

    pub fn get(&self, name: &str) -> Option<&Arc<HostedTool>> {
        self.by_name.get(name).map(|&index| &self.tools[index])
    }

    /// Tools in load order, which is also `tools/list` order.
    pub fn tools(&self) -> &[Arc<HostedTool>] {
        &self.tools
    }
}
