//! Loading at start, in the background: the server answers from its first
//! moment and serves each component as soon as it is ready.
//!
//! Compiling a component takes from milliseconds (a Rust tool, or any tool
//! whose compiled form is in wasmtime's cache) to tens of seconds (a 20 MB
//! Python tool, cold). Waiting for all of them before answering
//! `initialize` left clients staring at silence, and clients give up. So
//! `toolhost serve` starts its transport once every component has loaded or
//! `--startup-wait-ms` (750 ms) has passed, whichever comes first: a warm start is
//! answered complete, as before; the components of a cold one arrive like
//! a reload, and clients are told that the lists changed.
//!
//! Components load one after another, in byte order of their file names:
//! Cranelift already compiles each on every core, and one after another
//! the functions that components built by one toolchain share (CPython,
//! SpiderMonkey) compile once (see `runtime::compile_cache`).

use std::path::PathBuf;
use std::time::Instant;

use super::Reloader;
use crate::check::Report;
use crate::registry::{Fingerprint, Registry, unused_config};

impl Reloader {
    /// Loads the components at `paths` (the tools folder's at start),
    /// serving each as soon as it has loaded, then tells the server that
    /// loading is over. Components that fail are not retried until their
    /// files change.
    pub async fn load_at_start(&mut self, paths: Vec<PathBuf>) {
        let started = Instant::now();
        let mut entries = Vec::with_capacity(paths.len());
        let mut report = Report::default();
        for (index, path) in paths.iter().enumerate() {
            let seen = Fingerprint::of(path);
            match self.loader().component(path, &mut report).await {
                Some(entry) => {
                    entries.push(entry);
                    // Serve it now if others are still to come; the last
                    // one ends the load below. Clashes are logged once,
                    // when the whole set is assembled.
                    if index + 1 < paths.len() {
                        let partial = Registry::assemble(entries.clone(), &mut Report::muted());
                        self.server.replace(partial);
                    }
                }
                None => {
                    self.failed.insert(path.clone(), seen);
                }
            }
        }
        self.engine.load_finished();
        let registry = Registry::assemble(entries, &mut report);
        if self.sources.tools_dir.is_dir() {
            let inputs = &self.inputs;
            unused_config(
                &registry,
                &paths,
                &inputs.limits,
                &inputs.policies,
                &inputs.exposure,
                &mut report,
            );
        }
        // DNS can be slow: the upstream probes log what they find while the
        // server already serves.
        let targets = crate::check::network::targets(&registry);
        let tools = registry.tools().len();
        self.server.finish_loading(registry);
        // Logged once the tools are served: tests and operators may wait for it.
        tracing::info!(components = paths.len(), tools, from = %self.sources.tools_dir.display(),
            elapsed_ms = started.elapsed().as_millis() as u64, "tools loaded");
        tokio::spawn(async move {
            for (component, policy) in targets {
                for finding in crate::check::network::probe(policy, false).await {
                    finding.log(Some(&component));
                }
            }
        });
    }
}
