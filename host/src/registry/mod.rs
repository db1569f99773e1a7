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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rmcp::model::Tool;
use tokio::sync::Semaphore;

use crate::check::Report;
use crate::config::{CallLimits, Limits};
use crate::policy::PolicySet;
use crate::runtime::{Engine, LoadedComponent};
use crate::validate::CompiledSchema;
pub use exposure::Exposure;

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
        let loader = load::Loader {
            engine,
            limits,
            policies,
            exposure,
        };
        for path in &paths {
            loader.component(&mut registry, path, report).await;
        }
        // Loading one file, the config's other entries are not mistakes.
        if !from.is_file() {
            load::unused_config(&registry, &paths, limits, policies, exposure, report);
        }
        tracing::info!(components = paths.len(), tools = registry.tools.len(), from = %from.display(), "tools loaded");
        Ok(registry)
    }

    /// Adds a tool whose name no other tool has.
    fn add(&mut self, tool: HostedTool) {
        self.by_name.insert(tool.name.clone(), self.tools.len());
        self.tools.push(Arc::new(tool));
    }

    pub fn get(&self, name: &str) -> Option<&Arc<HostedTool>> {
        self.by_name.get(name).map(|&index| &self.tools[index])
    }

    /// Tools in load order, which is also `tools/list` order.
    pub fn tools(&self) -> &[Arc<HostedTool>] {
        &self.tools
    }
}
