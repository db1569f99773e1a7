//! Hot reload: the tools folder is watched, and SIGHUP re-reads the config
//! file, without a restart.
//!
//! - **What changes.** Adding, replacing or removing a `.wasm` file, or its
//!   `STEM.policy.toml`, reloads that component; SIGHUP reloads every
//!   component under the new config (limits, policies, exposed tools).
//! - **Calls in flight** keep the tool they started with (each holds its
//!   component), so they finish on the old version; new calls get the new one.
//! - **A broken new version** (it fails to compile, link, describe itself, or
//!   its policy cannot be used) leaves the previous version serving; the
//!   findings say why, and it is not retried until the file changes again.
//!   A broken config leaves the previous config in force.
//! - **Clients are told** through [`Server::replace`], which wakes the
//!   transports when the listed tools changed.
//!
//! The folder is polled, not watched with inotify: polling works the same on
//! every filesystem (network mounts and container bind mounts included), and
//! a stat per file twice a second costs nothing next to a call. A file is
//! loaded once it looks the same on two polls in a row, so a copy still
//! being written is not loaded half-way.
//!
//! Settings that size the sandbox or the transport at start (`max_in_flight`,
//! a memory cap above the largest at start, `[http]`, `tools_dir`) take a
//! restart; a reload that needs one says so.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

mod startup;

use crate::check::Report;
use crate::config::{ConfigFile, LimitOverrides, Limits};
use crate::policy::PolicySet;
use crate::registry::{Entry, Exposure, Fingerprint, Loader, Registry, label};
use crate::runtime::Engine;
use crate::server::Server;

/// How often the tools folder is looked at.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// Where the server's tools and config come from, as given at start.
pub struct Sources {
    pub tools_dir: PathBuf,
    /// `--tools` was given, so `tools_dir` in the config does not apply.
    pub tools_from_flag: bool,
    pub config_path: Option<PathBuf>,
    pub cli_limits: LimitOverrides,
    pub cli_max_in_flight: Option<u32>,
}

/// What loading a component depends on; replaced whole on SIGHUP.
pub struct Inputs {
    pub limits: Limits,
    pub policies: PolicySet,
    pub exposure: Exposure,
    pub http: crate::transport::http::HttpTable,
    /// `state_key` from the config file (read at start only).
    pub state_key: Option<String>,
}

/// Keeps the served tools in step with the folder and the config file.
pub struct Reloader {
    server: Arc<Server>,
    engine: Arc<Engine>,
    sources: Sources,
    inputs: Inputs,
    /// What the sandbox was sized for at start.
    started_max_in_flight: u32,
    started_largest_memory: u64,
    /// Versions that failed to load: not retried until the file changes.
    failed: HashMap<PathBuf, Fingerprint>,
    /// Files seen changed on the last poll, as they looked then.
    settling: HashMap<PathBuf, Fingerprint>,
}

impl Reloader {
    pub fn new(server: Arc<Server>, engine: Arc<Engine>, sources: Sources, inputs: Inputs) -> Self {
        Self {
            started_max_in_flight: inputs.limits.max_in_flight,
            started_largest_memory: inputs.limits.largest_memory_bytes(),
            server,
            engine,
            sources,
            inputs,
            failed: HashMap::new(),
            settling: HashMap::new(),
        }
    }

    fn loader(&self) -> Loader<'_> {
        Loader {
            engine: &self.engine,
            limits: &self.inputs.limits,
            policies: &self.inputs.policies,
            exposure: &self.inputs.exposure,
        }
    }

    /// The component files in the folder now; `None` (logged) when it
    /// cannot be read, and what was loaded keeps serving.
    fn component_paths(&self) -> Option<Vec<PathBuf>> {
        Registry::component_paths(&self.sources.tools_dir)
            .inspect_err(|e| {
                tracing::warn!(error = %e, "cannot read the tools folder; serving what was loaded");
            })
            .ok()
    }

    /// Compares the folder with what is served, and reloads every component
    /// whose files changed and have settled. Returns whether the served
    /// tools were replaced.
    pub async fn poll(&mut self) -> bool {
        let Some(paths) = self.component_paths() else {
            return false;
        };
        let catalog = self.server.catalog();
        let served: HashMap<&Path, &Arc<Entry>> = catalog
            .registry
            .entries()
            .iter()
            .map(|e| (e.path.as_path(), e))
            .collect();
        let mut ready = Vec::new();
        for path in &paths {
            let now = Fingerprint::of(path);
            if served
                .get(path.as_path())
                .is_some_and(|e| e.fingerprint == now)
                || self.failed.get(path) == Some(&now)
            {
                self.settling.remove(path);
                continue;
            }
            if self.settling.get(path) == Some(&now) {
                self.settling.remove(path);
                ready.push((path.clone(), now));
            } else {
                self.settling.insert(path.clone(), now);
            }
        }
        let removed: Vec<&Arc<Entry>> = served
            .iter()
            .filter(|(path, _)| !paths.iter().any(|p| p == *path))
            .map(|(_, e)| *e)
            .collect();
        self.failed.retain(|path, _| paths.contains(path));
        if ready.is_empty() && removed.is_empty() {
            return false;
        }
        for entry in &removed {
            tracing::info!(component = %entry.label, "component removed; its tools are no longer served");
        }
        let mut entries = catalog.registry.entries_still_in(&paths);
        let mut report = Report::default();
        let mut changed: Vec<String> = removed.iter().map(|e| e.label.clone()).collect();
        for (path, seen) in &ready {
            if self.load_into(&mut entries, path, *seen, &mut report).await {
                changed.push(label(path));
            }
        }
        drop(catalog);
        if changed.is_empty() {
            return false;
        }
        self.install(entries, &mut report, &changed.join(", "))
    }

    /// Loads the component at `path` (whose files looked like `seen`) into
    /// `entries`, replacing its previous version; a version that fails to
    /// load leaves the previous one. Returns whether `entries` changed.
    async fn load_into(
        &mut self,
        entries: &mut Vec<Arc<Entry>>,
        path: &Path,
        seen: Fingerprint,
        report: &mut Report,
    ) -> bool {
        let previous = entries.iter().position(|e| e.path == path);
        let loaded = self.loader().component(path, report).await;
        match (loaded, previous) {
            (Some(entry), Some(index)) => {
                self.failed.remove(path);
                tracing::info!(component = %entry.label, tools = entry.tools.len(), "component reloaded");
                entries[index] = entry;
                true
            }
            (Some(entry), None) => {
                self.failed.remove(path);
                tracing::info!(component = %entry.label, tools = entry.tools.len(), "component added");
                entries.push(entry);
                true
            }
            (None, previous) => {
                self.failed.insert(path.to_owned(), seen);
                if previous.is_some() {
                    tracing::warn!(component = %label(path),
                        "the new version failed to load (see above); the previous version keeps serving");
                } else {
                    tracing::warn!(component = %label(path), "the new component failed to load (see above)");
                }
                false
            }
        }
    }

    /// Serves `entries` from now on; `changed` names what changed, for the
    /// log line that says the new set is in service.
    fn install(&self, entries: Vec<Arc<Entry>>, report: &mut Report, changed: &str) -> bool {
        let registry = Registry::assemble(entries, report);
        let tools = registry.tools().len();
        let lists = self.server.replace(registry);
        tracing::info!(tools, tools_changed = lists.tools, resources_changed = lists.resources,
            prompts_changed = lists.prompts, changed = %changed, "tools reloaded");
        true
    }

    /// Re-reads the config file and reloads every component under it. A
    /// config that cannot be used changes nothing.
    pub async fn reload_config(&mut self) -> bool {
        let Some(path) = self.sources.config_path.clone() else {
            tracing::info!("SIGHUP: no config file to reload; looking at the tools folder");
            self.settling.clear();
            return self.poll().await;
        };
        let inputs = match self.read_config(&path) {
            Ok(inputs) => inputs,
            Err(why) => {
                tracing::warn!(config = %path.display(), reason = %why,
                    "config not reloaded; the previous config stays in force");
                return false;
            }
        };
        self.inputs = inputs;
        self.failed.clear();
        self.settling.clear();
        let Some(paths) = self.component_paths() else {
            return false;
        };
        let catalog = self.server.catalog();
        let mut entries = catalog.registry.entries_still_in(&paths);
        drop(catalog);
        let mut report = Report::default();
        for path in &paths {
            let seen = Fingerprint::of(path);
            self.load_into(&mut entries, path, seen, &mut report).await;
        }
        let changed = format!("config {}", path.display());
        self.install(entries, &mut report, &changed)
    }

    /// The inputs the config at `path` gives, or why it cannot be used.
    fn read_config(&self, path: &Path) -> Result<Inputs, String> {
        let file = ConfigFile::load(path).map_err(|e| e.to_string())?;
        let limits = Limits::resolve(
            &file,
            &self.sources.cli_limits,
            self.sources.cli_max_in_flight,
        )
        .map_err(|e| e.to_string())?;
        if limits.largest_memory_bytes() > self.started_largest_memory {
            return Err(format!(
                "a memory cap of {} MiB is larger than the {} MiB the sandbox was sized for at \
                 start; restart toolhost to raise it",
                limits.largest_memory_bytes() >> 20,
                self.started_largest_memory >> 20
            ));
        }
        let mut limits = limits;
        if limits.max_in_flight != self.started_max_in_flight {
            tracing::warn!(
                kept = self.started_max_in_flight,
                "max_in_flight changes take a restart; keeping the value from start"
            );
            limits.max_in_flight = self.started_max_in_flight;
        }
        if file.http != self.inputs.http {
            tracing::warn!("[http] changes take a restart; keeping the settings from start");
        }
        if !self.sources.tools_from_flag && file.tools_dir.as_ref() != Some(&self.sources.tools_dir)
        {
            tracing::warn!(
                "tools_dir changes take a restart; still watching the folder from start"
            );
        }
        Ok(Inputs {
            policies: PolicySet::new(file.path, file.components),
            exposure: Exposure::new(file.expose_tools.as_deref(), &file.hide_tools),
            http: self.inputs.http,
            state_key: self.inputs.state_key.clone(),
            limits,
        })
    }
}

/// Runs `reloader` on its own thread, so that compiling a new component
/// never takes a worker the calls need: first loading the components at
/// `at_start` (see [`Reloader::load_at_start`]), then polling the folder
/// when `watch`, and reloading the config on SIGHUP. Returns once SIGHUP is handled, so a
/// SIGHUP from then on reloads instead of ending the process.
pub fn spawn(mut reloader: Reloader, watch: bool, at_start: Vec<PathBuf>) -> std::io::Result<()> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("toolhost-reload".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(e) => {
                    tracing::error!(error = %e, "cannot start the reload thread; reloading is off");
                    let _ = ready_tx.send(());
                    return;
                }
            };
            runtime.block_on(async move {
                let mut hangup = hangup_signal();
                let _ = ready_tx.send(());
                reloader.load_at_start(at_start).await;
                let mut tick = tokio::time::interval(POLL_INTERVAL);
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                loop {
                    tokio::select! {
                        _ = tick.tick(), if watch => {
                            reloader.poll().await;
                            reloader.engine.load_finished();
                        }
                        Some(()) = recv(&mut hangup) => {
                            tracing::info!("SIGHUP: reloading");
                            reloader.reload_config().await;
                            reloader.engine.load_finished();
                        }
                        else => break,
                    }
                }
            });
        })?;
    let _ = ready_rx.recv();
    Ok(())
}

#[cfg(unix)]
type Hangup = Option<tokio::signal::unix::Signal>;
#[cfg(not(unix))]
type Hangup = Option<()>;

#[cfg(unix)]
fn hangup_signal() -> Hangup {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::hangup()) {
        Ok(signal) => Some(signal),
        Err(e) => {
            tracing::warn!(error = %e, "cannot handle SIGHUP; the config reloads only on restart");
            None
        }
    }
}

#[cfg(not(unix))]
fn hangup_signal() -> Hangup {
    None
}

/// The next SIGHUP; `None` (the branch is off) when there is no handler.
async fn recv(hangup: &mut Hangup) -> Option<()> {
    #[cfg(unix)]
    {
        match hangup {
            Some(signal) => signal.recv().await,
            None => None,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = hangup;
        None
    }
}
