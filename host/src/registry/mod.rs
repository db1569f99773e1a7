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
mod load;
mod served;
mod uri_template;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rmcp::model::Tool;
use tokio::sync::Semaphore;

use crate::check::Report;
use crate::check::{Finding, Kind, Status};
use crate::config::{CallLimits, Limits};
use crate::policy::PolicySet;
use crate::runtime::{Engine, LoadedComponent};
use crate::validate::CompiledSchema;
pub use exposure::Exposure;
pub use load::{Loader, unused_config};
pub use served::{HostedPrompt, HostedResource, HostedTemplate, Served, ServedBy, ServedIndex};
pub use uri_template::UriTemplate;

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
    /// The components the tools came from, in load order.
    entries: Vec<Arc<Entry>>,
    /// Their resources, templates and prompts.
    served: ServedIndex,
}

/// One component as loaded, with every tool it offers, before name clashes
/// with other components are settled.
pub struct Entry {
    pub path: PathBuf,
    /// Its file name.
    pub label: String,
    /// Which version of the files it was loaded from.
    pub fingerprint: Fingerprint,
    pub tools: Vec<Arc<HostedTool>>,
    /// Its resources, templates and prompts (contract 0.2).
    pub served: Served,
}

/// Which version of a component is on disk: the size and modification time
/// of its `.wasm` file and of the policy file beside it. Any change to
/// either (a copy, a rebuild, an edit) changes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    wasm: Option<(u64, SystemTime)>,
    policy: Option<(u64, SystemTime)>,
}

impl Fingerprint {
    pub fn of(component: &Path) -> Self {
        let stat = |path: &Path| {
            let meta = std::fs::metadata(path).ok()?;
            Some((meta.len(), meta.modified().ok()?))
        };
        Self {
            wasm: stat(component),
            policy: stat(&crate::policy::beside(component)),
        }
    }
}

/// A component's file name, as logs and reports name it.
pub fn label(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
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
    /// component `from` names when it is a `.wasm` file, recording in
    /// `report` (and logging) what was found about each.
    pub async fn load(
        engine: &Engine,
        from: &Path,
        limits: &Limits,
        policies: &PolicySet,
        exposure: &Exposure,
        report: &mut Report,
    ) -> Result<Self, LoadError> {
        let paths = Self::component_paths(from)?;
        let loader = Loader {
            engine,
            limits,
            policies,
            exposure,
        };
        let mut entries = Vec::with_capacity(paths.len());
        for path in &paths {
            entries.extend(loader.component(path, report).await);
        }
        engine.load_finished();
        let registry = Self::assemble(entries, report);
        // Loading one file, the config's other entries are not mistakes.
        if !from.is_file() {
            unused_config(&registry, &paths, limits, policies, exposure, report);
        }
        tracing::info!(components = paths.len(), tools = registry.tools.len(), from = %from.display(), "tools loaded");
        Ok(registry)
    }

    /// The component files `from` names: every `*.wasm` file directly inside
    /// it, in byte order of their names, or `from` itself when it is a
    /// `.wasm` file.
    pub fn component_paths(from: &Path) -> Result<Vec<PathBuf>, LoadError> {
        let is_wasm = |path: &Path| path.extension().is_some_and(|ext| ext == "wasm");
        if from.is_file() {
            if !is_wasm(from) {
                return Err(LoadError::NotAComponent {
                    path: from.to_owned(),
                });
            }
            return Ok(vec![from.to_owned()]);
        }
        let read_error = |source| LoadError::Folder {
            path: from.to_owned(),
            source,
        };
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(from).map_err(read_error)? {
            let path = entry.map_err(read_error)?.path();
            if is_wasm(&path) && path.is_file() {
                paths.push(path);
            }
        }
        paths.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        Ok(paths)
    }

    /// The registry of `entries`, in byte order of their file names; of
    /// tools with the same name, the first keeps it. Each clash is recorded
    /// in `report`, and so is each component's list of served tools.
    pub fn assemble(mut entries: Vec<Arc<Entry>>, report: &mut Report) -> Self {
        entries.sort_by(|a, b| a.path.file_name().cmp(&b.path.file_name()));
        let mut registry = Self::default();
        for entry in &entries {
            let found = report.component(&entry.label);
            for tool in &entry.tools {
                if let Some(kept) = registry.get(&tool.name) {
                    found.record(
                        Finding::new(
                            Status::Warning,
                            Kind::Tool,
                            format!(
                                "tool name already taken by an earlier component ({}); \
                                 this one is not served",
                                kept.component.label
                            ),
                        )
                        .tool(&*tool.name)
                        .fix("rename one of the tools, or leave one out with hide_tools"),
                    );
                    continue;
                }
                found.tools.push(tool.name.to_string());
                registry
                    .by_name
                    .insert(tool.name.clone(), registry.tools.len());
                registry.tools.push(tool.clone());
            }
            registry.served.add(&entry.served, found);
        }
        registry.entries = entries;
        registry
    }

    /// The components loaded from files still among `paths`, in load order.
    pub fn entries_still_in(&self, paths: &[PathBuf]) -> Vec<Arc<Entry>> {
        self.entries
            .iter()
            .filter(|e| paths.contains(&e.path))
            .cloned()
            .collect()
    }

    /// The components loaded, in load order.
    pub fn entries(&self) -> &[Arc<Entry>] {
        &self.entries
    }

    /// The resources, templates and prompts on offer.
    pub fn served(&self) -> &ServedIndex {
        &self.served
    }

    pub fn get(&self, name: &str) -> Option<&Arc<HostedTool>> {
        self.by_name.get(name).map(|&index| &self.tools[index])
    }

    /// Tools in load order, which is also `tools/list` order.
    pub fn tools(&self) -> &[Arc<HostedTool>] {
        &self.tools
    }
}
