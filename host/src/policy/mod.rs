//! What a tool component is granted: folders, outbound HTTP, environment
//! variables and secrets. Nothing is granted unless a policy names it.
//!
//! A component's policy comes from the config file's `[components.STEM]`
//! table or, when the config file has none, from `STEM.policy.toml` beside
//! `STEM.wasm`. The config file wins whole (the two are never merged), so the
//! operator's central file can always override what was dropped beside a
//! component.
//!
//! Values of environment variables and secrets are never written in a policy:
//! each names where the operator keeps it (`from_env` or `from_file`), and is
//! read once, when the component loads.

pub mod breaker;
mod capped_body;
mod format;
pub mod network;
pub mod outbound;
pub mod redact;
mod resilience;
mod retry;
pub mod tls;
mod upstream_request;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub use format::{PolicyFile, ValueSource};
pub use network::{AllowRule, NetworkPolicy};
pub use redact::Redactor;

/// A folder of the host visible to the guest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preopen {
    /// Absolute path on the host.
    pub host: PathBuf,
    /// Where the guest sees it, such as `/data`.
    pub guest: String,
    pub writable: bool,
}

/// An environment variable or secret with its value, read at load time.
#[derive(Clone)]
pub struct Granted {
    pub name: String,
    /// Where the value came from, for `inspect` and logs; never the value.
    pub source: ValueSource,
    pub value: Arc<str>,
}

impl fmt::Debug for Granted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A secret must not reach a log line through a `{:?}`.
        f.debug_struct("Granted")
            .field("name", &self.name)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

/// Where a component's policy came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicySource {
    /// No policy: nothing granted.
    None,
    /// `[components.STEM]` in the config file.
    ConfigFile(PathBuf),
    /// `STEM.policy.toml` beside the component.
    File(PathBuf),
}

impl fmt::Display for PolicySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::None => f.write_str("none (nothing granted)"),
            Self::ConfigFile(path) => write!(f, "config file {}", path.display()),
            Self::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Everything one component is granted, resolved and checked at load time.
#[derive(Clone, Debug)]
pub struct Grants {
    pub source: PolicySource,
    pub files: Vec<Preopen>,
    /// `None`: every outbound request is refused.
    pub network: Option<Arc<NetworkPolicy>>,
    pub env: Vec<Granted>,
    pub secrets: Vec<Granted>,
    /// Scrubs secret values from what the component returns and logs.
    pub redactor: Redactor,
}

impl Grants {
    /// Nothing at all: no files, no network, no environment.
    pub fn none() -> Self {
        Self {
            source: PolicySource::None,
            files: Vec::new(),
            network: None,
            env: Vec::new(),
            secrets: Vec::new(),
            redactor: Redactor::default(),
        }
    }

    /// The value of a granted environment variable or secret.
    pub fn config_value(&self, name: &str) -> Option<&str> {
        self.env
            .iter()
            .chain(&self.secrets)
            .find(|g| g.name == name)
            .map(|g| &*g.value)
    }
}

/// A policy that cannot be used; the component is not loaded.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    #[error("cannot read policy {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("policy {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("policy {origin}: {message}")]
    Invalid { origin: String, message: String },
    #[error("policy {origin}: [{table}] {name}: the environment variable {var} is not set")]
    Unset {
        origin: String,
        /// `env` or `secrets`.
        table: &'static str,
        name: String,
        var: String,
    },
}

/// Upstream limits of a component's outbound requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpstreamLimits {
    pub connect_timeout: Duration,
    pub first_byte_timeout: Duration,
    /// From the request being sent to the last byte of its body.
    pub total_timeout: Duration,
    /// Longest pause between two chunks of a response body.
    pub between_bytes_timeout: Duration,
    pub max_response_bytes: u64,
    /// Outbound requests one call may have open at once.
    pub max_concurrent_requests: u32,
    /// When the circuit breaker for a destination opens.
    pub breaker: breaker::BreakerRule,
    /// How many times a GET or HEAD is sent again after a transient failure.
    pub retries: u32,
}

impl Default for UpstreamLimits {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            first_byte_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            between_bytes_timeout: Duration::from_secs(10),
            max_response_bytes: 10 << 20,
            max_concurrent_requests: 4,
            breaker: breaker::BreakerRule::default(),
            retries: 0,
        }
    }
}

/// Every component's policy source: the config file's `[components.STEM]`
/// tables, and the policy files beside components.
#[derive(Clone, Debug, Default)]
pub struct PolicySet {
    config_path: Option<PathBuf>,
    components: std::collections::BTreeMap<String, PolicyFile>,
}

impl PolicySet {
    pub fn new(
        config_path: Option<PathBuf>,
        components: std::collections::BTreeMap<String, PolicyFile>,
    ) -> Self {
        Self {
            config_path,
            components,
        }
    }

    /// The grants of the component file at `component`.
    pub fn grants_for(&self, component: &Path) -> Result<Grants, PolicyError> {
        let stem = component
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let config_path = self
            .config_path
            .as_deref()
            .unwrap_or(Path::new("toolhost.toml"));
        resolve(
            component,
            self.components.get(&stem).map(|p| (p, config_path)),
        )
    }

    /// The policy file beside `component` when the config file's table for
    /// it wins over that file, which is then ignored.
    pub fn shadowed_file(&self, component: &Path) -> Option<PathBuf> {
        let stem = component.file_stem()?.to_string_lossy();
        let file = beside(component);
        (self.components.contains_key(&*stem) && file.exists()).then_some(file)
    }

    /// Stems with a `[components.STEM]` table, to warn about ones with no
    /// component file.
    pub fn configured_components(&self) -> impl Iterator<Item = &str> {
        self.components.keys().map(String::as_str)
    }
}

/// The policy file beside `component`: `STEM.policy.toml`.
pub fn beside(component: &Path) -> PathBuf {
    let stem = component
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    component.with_file_name(format!("{stem}.policy.toml"))
}

/// Resolves the grants of the component at `component`: the config file's
/// table if `from_config` is given, else the file beside it, else nothing.
pub fn resolve(
    component: &Path,
    from_config: Option<(&PolicyFile, &Path)>,
) -> Result<Grants, PolicyError> {
    let beside = beside(component);
    if let Some((policy, config_path)) = from_config {
        let base = config_path.parent().unwrap_or(Path::new("."));
        return policy.resolve(
            PolicySource::ConfigFile(config_path.to_owned()),
            base,
            &env_lookup,
        );
    }
    match std::fs::read_to_string(&beside) {
        Ok(text) => {
            let policy = PolicyFile::parse(&text).map_err(|message| PolicyError::Parse {
                path: beside.clone(),
                message,
            })?;
            let base = beside.parent().unwrap_or(Path::new("."));
            policy.resolve(PolicySource::File(beside.clone()), base, &env_lookup)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Grants::none()),
        Err(source) => Err(PolicyError::Read {
            path: beside,
            source,
        }),
    }
}

fn env_lookup(name: &str) -> Option<String> {
    std::env::var(name).ok()
}
