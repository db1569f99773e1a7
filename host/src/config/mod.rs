//! Limits for tool calls: built-in defaults, the config file, CLI overrides and
//! per-tool overrides.
//!
//! Precedence, lowest first: built-in defaults, the config file's `[defaults]`
//! and top-level keys, command-line flags, then a tool's own `[tools.NAME]`
//! table, which wins for that tool only.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::policy::PolicyFile;

mod interpolate;

/// Built-in default: wall-clock deadline per call. Well below the 60 s after
/// which common clients give up on a request.
pub const DEFAULT_DEADLINE_MS: u64 = 10_000;
/// Built-in default: fuel per call (roughly one unit per wasm instruction).
pub const DEFAULT_FUEL: u64 = 5_000_000_000;
/// Built-in default: linear memory cap per call.
pub const DEFAULT_MEMORY_MIB: u64 = 128;
/// Built-in default: cap on the bytes of content a call may return.
pub const DEFAULT_OUTPUT_KIB: u64 = 1024;
/// Built-in default: calls of one tool in flight at once.
pub const DEFAULT_MAX_IN_FLIGHT_PER_TOOL: u32 = 16;
/// Built-in default: calls of all tools in flight at once.
pub const DEFAULT_MAX_IN_FLIGHT: u32 = 64;
/// Built-in default: crashes in a row (within the window) that take a tool
/// out of service; 0 never does.
pub const DEFAULT_QUARANTINE_AFTER: u32 = 5;
/// Built-in default: how close together those crashes must come.
pub const DEFAULT_QUARANTINE_WINDOW_SECS: u64 = 60;
/// Built-in default: how long a quarantined tool's calls are refused before
/// one is let through to try it again.
pub const DEFAULT_QUARANTINE_SECS: u64 = 30;
/// The effective limits of one tool's calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CallLimits {
    pub deadline: Duration,
    pub fuel: u64,
    pub memory_bytes: u64,
    pub output_bytes: u64,
    pub max_in_flight: u32,
    pub quarantine: QuarantineRule,
}

/// When a tool that keeps crashing is taken out of service (see
/// [`crate::quarantine`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuarantineRule {
    /// Crashes in a row that quarantine the tool; 0: never.
    pub after: u32,
    /// The crashes must all fall within this window.
    pub window: Duration,
    /// How long calls are refused before one is let through.
    pub cooldown: Duration,
}

impl Default for QuarantineRule {
    fn default() -> Self {
        Self {
            after: DEFAULT_QUARANTINE_AFTER,
            window: Duration::from_secs(DEFAULT_QUARANTINE_WINDOW_SECS),
            cooldown: Duration::from_secs(DEFAULT_QUARANTINE_SECS),
        }
    }
}

impl Default for CallLimits {
    fn default() -> Self {
        Self {
            deadline: Duration::from_millis(DEFAULT_DEADLINE_MS),
            fuel: DEFAULT_FUEL,
            memory_bytes: DEFAULT_MEMORY_MIB << 20,
            output_bytes: DEFAULT_OUTPUT_KIB << 10,
            max_in_flight: DEFAULT_MAX_IN_FLIGHT_PER_TOOL,
            quarantine: QuarantineRule::default(),
        }
    }
}

/// A partial set of limits, as written in the config file or on the command
/// line. `None` keeps whatever a lower layer said.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LimitOverrides {
    pub deadline_ms: Option<u64>,
    pub fuel: Option<u64>,
    pub memory_mib: Option<u64>,
    pub output_kib: Option<u64>,
    pub max_in_flight: Option<u32>,
    /// Config file only: crashes in a row that quarantine a tool (0: never).
    pub quarantine_after: Option<u32>,
    pub quarantine_window_secs: Option<u64>,
    pub quarantine_secs: Option<u64>,
}

impl LimitOverrides {
    /// Applies these overrides on top of `base`.
    pub fn apply(&self, base: CallLimits) -> CallLimits {
        CallLimits {
            deadline: self
                .deadline_ms
                .map_or(base.deadline, Duration::from_millis),
            fuel: self.fuel.unwrap_or(base.fuel),
            memory_bytes: self.memory_mib.map_or(base.memory_bytes, |m| m << 20),
            // Saturating: a shift would wrap a huge cap round to zero.
            output_bytes: self
                .output_kib
                .map_or(base.output_bytes, |k| k.saturating_mul(1024)),
            max_in_flight: self.max_in_flight.unwrap_or(base.max_in_flight),
            quarantine: QuarantineRule {
                after: self.quarantine_after.unwrap_or(base.quarantine.after),
                window: self
                    .quarantine_window_secs
                    .map_or(base.quarantine.window, Duration::from_secs),
                cooldown: self
                    .quarantine_secs
                    .map_or(base.quarantine.cooldown, Duration::from_secs),
            },
        }
    }

    /// Refuses zero limits (a zero output cap, for one, would refuse every
    /// result) and memory caps no wasm32 memory can reach, naming the key or
    /// flag as the user wrote it.
    fn check(&self, source: Source<'_>) -> Result<(), ConfigError> {
        let zero =
            |key: &str| ConfigError::Invalid(format!("{} must be at least 1", source.name(key)));
        for (key, value) in [
            ("deadline_ms", self.deadline_ms),
            ("fuel", self.fuel),
            ("memory_mib", self.memory_mib),
            ("output_kib", self.output_kib),
            ("max_in_flight", self.max_in_flight.map(u64::from)),
            ("quarantine_window_secs", self.quarantine_window_secs),
            ("quarantine_secs", self.quarantine_secs),
        ] {
            if value == Some(0) {
                return Err(zero(key));
            }
        }
        if self.memory_mib.is_some_and(|m| m > 4096) {
            return Err(ConfigError::Invalid(format!(
                "{} is at most 4096 (a wasm32 memory cannot grow past 4 GiB)",
                source.name("memory_mib")
            )));
        }
        Ok(())
    }
}

/// Where a set of [`LimitOverrides`] was written, so that an error names what
/// the user typed: a flag, or a key in a table of the config file.
#[derive(Clone, Copy)]
enum Source<'a> {
    CommandLine,
    Table(&'a str),
}

impl Source<'_> {
    fn name(self, key: &str) -> String {
        match self {
            // The per-tool in-flight cap is the one flag not named after its key.
            Source::CommandLine if key == "max_in_flight" => "--max-in-flight-per-tool".into(),
            Source::CommandLine => format!("--{}", key.replace('_', "-")),
            Source::Table(table) => format!("{table}: {key}"),
        }
    }
}

/// The config file, `toolhost.toml` or whatever `--config` names.
///
/// ```toml
/// tools_dir = "tools"        # optional; --tools wins
/// max_in_flight = 64         # calls in flight across all tools
/// expose_tools = ["text_*"]  # optional: serve only these (`*`: any run)
/// hide_tools = ["*_admin"]   # never serve these
/// state_key = "${TOOLHOST_STATE_KEY}"  # seals input_required state
///
/// [defaults]                 # every tool's limits
/// deadline_ms = 10000
/// fuel = 5000000000
/// memory_mib = 128
/// output_kib = 1024
/// max_in_flight = 16         # calls in flight per tool
/// quarantine_after = 5       # crashes in a row that disable a tool (0: never)
/// quarantine_window_secs = 60
/// quarantine_secs = 30       # how long it stays disabled
///
/// [tools.slow_report]        # one tool's own limits
/// deadline_ms = 30000
///
/// [http]                     # the HTTP transport (flags win)
/// max_connections = 1024
///
/// [components.fetch]         # what fetch.wasm is granted (see `policy`)
/// network.allow = ["https://api.example.com"]
/// ```
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub tools_dir: Option<PathBuf>,
    pub max_in_flight: Option<u32>,
    /// Name patterns (`*` for any run of characters) of the tools to serve;
    /// absent: all of them.
    pub expose_tools: Option<Vec<String>>,
    /// Name patterns of tools never to serve; they win over `expose_tools`.
    #[serde(default)]
    pub hide_tools: Vec<String>,
    #[serde(default)]
    pub defaults: LimitOverrides,
    #[serde(default)]
    pub tools: HashMap<String, LimitOverrides>,
    #[serde(default)]
    pub http: crate::transport::http::HttpTable,
    /// The key (32 bytes, base64) that seals `requestState` for input
    /// required at 2026-07-28; replicas behind one endpoint share it.
    /// Absent: a key drawn at start.
    pub state_key: Option<String>,
    /// Policies by component file stem; each wins over a policy file beside
    /// the component.
    #[serde(default)]
    pub components: BTreeMap<String, PolicyFile>,
    /// The file this was read from, if any.
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("{0}")]
    Invalid(String),
}

impl ConfigFile {
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        let text = interpolate::interpolate(&text, |name| std::env::var(name).ok()).map_err(
            |message| ConfigError::Parse {
                path: path.to_owned(),
                message,
            },
        )?;
        let file: ConfigFile = toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_owned(),
            message: e.message().to_owned(),
        })?;
        // Relative paths in the file are relative to the file, not to the
        // directory the server happens to be started from.
        let file = ConfigFile {
            path: Some(path.to_owned()),
            tools_dir: file
                .tools_dir
                .map(|dir| path.parent().unwrap_or(Path::new(".")).join(dir)),
            ..file
        };
        Ok(file)
    }
}

/// Everything the server needs to know about limits, resolved once at start.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Limits of a tool with no `[tools.NAME]` table.
    pub defaults: CallLimits,
    /// Calls in flight across all tools.
    pub max_in_flight: u32,
    per_tool: HashMap<String, CallLimits>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            defaults: CallLimits::default(),
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            per_tool: HashMap::new(),
        }
    }
}

impl Limits {
    /// Resolves the layers: built-in defaults, then `file`, then `cli`
    /// (the command line), then per-tool tables from `file`.
    pub fn resolve(
        file: &ConfigFile,
        cli: &LimitOverrides,
        cli_max_in_flight: Option<u32>,
    ) -> Result<Self, ConfigError> {
        file.defaults.check(Source::Table("[defaults]"))?;
        cli.check(Source::CommandLine)?;
        let max_in_flight = cli_max_in_flight
            .or(file.max_in_flight)
            .unwrap_or(DEFAULT_MAX_IN_FLIGHT);
        if max_in_flight == 0 {
            return Err(ConfigError::Invalid(
                "max_in_flight must be at least 1".into(),
            ));
        }
        let defaults = cli.apply(file.defaults.apply(CallLimits::default()));
        let mut per_tool = HashMap::with_capacity(file.tools.len());
        for (name, overrides) in &file.tools {
            overrides.check(Source::Table(&format!("[tools.{name}]")))?;
            per_tool.insert(name.clone(), overrides.apply(defaults));
        }
        Ok(Self {
            defaults,
            max_in_flight,
            per_tool,
        })
    }

    /// The limits of the tool called `name`.
    pub fn for_tool(&self, name: &str) -> CallLimits {
        self.per_tool.get(name).copied().unwrap_or(self.defaults)
    }

    /// Names with a `[tools.NAME]` table, to warn about ones no component offers.
    pub fn configured_tools(&self) -> impl Iterator<Item = &str> {
        self.per_tool.keys().map(String::as_str)
    }

    /// The largest memory cap of any tool: the size of a memory slot in the
    /// pooling allocator.
    pub fn largest_memory_bytes(&self) -> u64 {
        self.per_tool
            .values()
            .map(|l| l.memory_bytes)
            .fold(self.defaults.memory_bytes, u64::max)
    }
}

#[cfg(test)]
mod tests;
