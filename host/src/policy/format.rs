//! The policy format, as written in `STEM.policy.toml` or in the config file's
//! `[components.STEM]` table, and its resolution into [`Grants`].
//!
//! ```toml
//! [[files]]
//! host = "data"              # relative to the file this is written in
//! guest = "/data"
//! mode = "read-only"         # or "read-write"; read-only when left out
//!
//! [network]
//! allow = ["https://api.example.com", "https://*.wikipedia.org", "http://127.0.0.1:8080"]
//! connect_timeout_ms = 5000
//! first_byte_timeout_ms = 10000
//! between_bytes_timeout_ms = 10000
//! total_timeout_ms = 30000
//! max_response_kib = 10240
//! max_concurrent_requests = 4
//!
//! [env]                      # visible to the guest's environment and `config.get`
//! LANG = { from_env = "LANG" }
//!
//! [secrets]                  # visible through `config.get` only, redacted from output
//! API_TOKEN = { from_file = "/run/secrets/api_token" }
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

use super::breaker::BreakerRule;
use super::network::{AllowRule, NetworkPolicy};
use super::tls::{self, TrustRoots};
use super::{Granted, Grants, PolicyError, PolicySource, Preopen, Redactor, UpstreamLimits};

/// Most bytes read from a `from_file` value.
const MAX_VALUE_FILE_BYTES: u64 = 64 << 10;

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    #[serde(default)]
    pub files: Vec<FileGrant>,
    pub network: Option<NetworkGrant>,
    #[serde(default)]
    pub env: BTreeMap<String, ValueSource>,
    #[serde(default)]
    pub secrets: BTreeMap<String, ValueSource>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FileGrant {
    pub host: PathBuf,
    pub guest: String,
    #[serde(default)]
    pub mode: FileMode,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum FileMode {
    #[default]
    ReadOnly,
    ReadWrite,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NetworkGrant {
    #[serde(default)]
    pub allow: Vec<String>,
    pub connect_timeout_ms: Option<u64>,
    pub first_byte_timeout_ms: Option<u64>,
    pub between_bytes_timeout_ms: Option<u64>,
    pub total_timeout_ms: Option<u64>,
    pub max_response_kib: Option<u64>,
    pub max_concurrent_requests: Option<u32>,
    /// PEM files of CA certificates to trust beyond the web PKI, for
    /// private upstreams; relative to the file the policy is written in.
    #[serde(default)]
    pub ca_certs: Vec<PathBuf>,
    /// Failures in a row (connection, timeout, 5xx) that open a
    /// destination's circuit breaker; 0 never does.
    pub breaker_failures: Option<u32>,
    pub breaker_cooldown_secs: Option<u64>,
    /// Times a GET or HEAD is sent again after a connection failure or a
    /// 429, 502, 503 or 504 (0 to 5; default 0).
    pub retries: Option<u32>,
}

/// Where the operator keeps a value. There is deliberately no way to write a
/// value in the policy itself.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum ValueSource {
    /// An environment variable of the server process.
    FromEnv(String),
    /// A file, read once at load time; one trailing newline is dropped.
    FromFile(PathBuf),
}

impl fmt::Display for ValueSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FromEnv(name) => write!(f, "from_env {name}"),
            Self::FromFile(path) => write!(f, "from_file {}", path.display()),
        }
    }
}

impl PolicyFile {
    pub fn parse(text: &str) -> Result<Self, String> {
        toml::from_str(text).map_err(|e| e.message().to_owned())
    }

    /// Checks the policy and reads its values. Relative paths are relative to
    /// `base`, the folder of the file the policy is written in.
    pub fn resolve(
        &self,
        source: PolicySource,
        base: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Grants, PolicyError> {
        let invalid = |message: String| PolicyError::Invalid {
            origin: source.to_string(),
            message,
        };
        let mut files = Vec::with_capacity(self.files.len());
        for grant in &self.files {
            files.push(resolve_file(grant, base).map_err(invalid)?);
        }
        let network = match &self.network {
            Some(grant) => Some(Arc::new(resolve_network(grant, base).map_err(invalid)?)),
            None => None,
        };
        // The commonest deploy mistake, typed so `check` can name the fix.
        for (table, values) in [("env", &self.env), ("secrets", &self.secrets)] {
            for (name, value) in values {
                if let ValueSource::FromEnv(var) = value
                    && env(var).is_none()
                {
                    return Err(PolicyError::Unset {
                        origin: source.to_string(),
                        table,
                        name: name.clone(),
                        var: var.clone(),
                    });
                }
            }
        }
        let env_vars = resolve_values("env", &self.env, base, env).map_err(invalid)?;
        let secrets = resolve_values("secrets", &self.secrets, base, env).map_err(invalid)?;
        if let Some(name) = self.env.keys().find(|k| self.secrets.contains_key(*k)) {
            return Err(invalid(format!("{name} is both in [env] and in [secrets]")));
        }
        let redactor = Redactor::new(secrets.iter().map(|s| s.value.clone()));
        Ok(Grants {
            source,
            files,
            network,
            env: env_vars,
            secrets,
            redactor,
        })
    }
}

fn resolve_file(grant: &FileGrant, base: &Path) -> Result<Preopen, String> {
    let host = base.join(&grant.host);
    let host = host
        .canonicalize()
        .map_err(|e| format!("folder {} cannot be granted: {e}", host.display()))?;
    if !host.is_dir() {
        return Err(format!("{} is not a folder", host.display()));
    }
    if !grant.guest.starts_with('/') || grant.guest.split('/').any(|part| part == "..") {
        return Err(format!(
            "guest path {:?} must be absolute and must not contain `..`",
            grant.guest
        ));
    }
    Ok(Preopen {
        host,
        guest: grant.guest.clone(),
        writable: grant.mode == FileMode::ReadWrite,
    })
}

fn resolve_network(grant: &NetworkGrant, base: &Path) -> Result<NetworkPolicy, String> {
    let allow = grant
        .allow
        .iter()
        .map(|rule| AllowRule::parse(rule).map_err(|e| format!("network.allow {rule:?}: {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    let defaults = UpstreamLimits::default();
    let ms = |value: Option<u64>, default: Duration, key: &str| match value {
        Some(0) => Err(format!("network.{key} must be at least 1")),
        Some(ms) => Ok(Duration::from_millis(ms)),
        None => Ok(default),
    };
    let limits = UpstreamLimits {
        connect_timeout: ms(
            grant.connect_timeout_ms,
            defaults.connect_timeout,
            "connect_timeout_ms",
        )?,
        first_byte_timeout: ms(
            grant.first_byte_timeout_ms,
            defaults.first_byte_timeout,
            "first_byte_timeout_ms",
        )?,
        between_bytes_timeout: ms(
            grant.between_bytes_timeout_ms,
            defaults.between_bytes_timeout,
            "between_bytes_timeout_ms",
        )?,
        total_timeout: ms(
            grant.total_timeout_ms,
            defaults.total_timeout,
            "total_timeout_ms",
        )?,
        max_response_bytes: match grant.max_response_kib {
            Some(0) => return Err("network.max_response_kib must be at least 1".into()),
            Some(kib) => kib.saturating_mul(1024),
            None => defaults.max_response_bytes,
        },
        max_concurrent_requests: match grant.max_concurrent_requests {
            Some(0) => return Err("network.max_concurrent_requests must be at least 1".into()),
            Some(n) => n,
            None => defaults.max_concurrent_requests,
        },
        retries: match grant.retries {
            Some(n) if n > 5 => return Err("network.retries is at most 5".into()),
            Some(n) => n,
            None => defaults.retries,
        },
        breaker: BreakerRule {
            failures: grant.breaker_failures.unwrap_or(defaults.breaker.failures),
            cooldown: match grant.breaker_cooldown_secs {
                Some(0) => return Err("network.breaker_cooldown_secs must be at least 1".into()),
                Some(secs) => Duration::from_secs(secs),
                None => defaults.breaker.cooldown,
            },
        },
    };
    let trust = TrustRoots::with_extra(tls::resolve_paths(&grant.ca_certs, base))
        .map_err(|e| format!("network.ca_certs: {e}"))?;
    Ok(NetworkPolicy {
        allow,
        limits,
        trust,
    })
}

fn resolve_values(
    table: &str,
    values: &BTreeMap<String, ValueSource>,
    base: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Granted>, String> {
    let mut out = Vec::with_capacity(values.len());
    for (name, source) in values {
        if name.is_empty() || name.contains(['=', '\0']) {
            return Err(format!("[{table}] name {name:?} is not a valid name"));
        }
        let value = match source {
            ValueSource::FromEnv(var) => env(var).ok_or_else(|| {
                format!("[{table}] {name}: the environment variable {var} is not set")
            })?,
            ValueSource::FromFile(path) => {
                read_value_file(&base.join(path)).map_err(|e| format!("[{table}] {name}: {e}"))?
            }
        };
        if value.contains('\0') {
            return Err(format!("[{table}] {name}: the value contains a NUL byte"));
        }
        out.push(Granted {
            name: name.clone(),
            source: source.clone(),
            value: value.into(),
        });
    }
    Ok(out)
}

fn read_value_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let file =
        std::fs::File::open(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut text = String::new();
    file.take(MAX_VALUE_FILE_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if text.len() as u64 > MAX_VALUE_FILE_BYTES {
        return Err(format!(
            "{} is larger than {} KiB",
            path.display(),
            MAX_VALUE_FILE_BYTES >> 10
        ));
    }
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Grants, PolicyError> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("data")).unwrap();
        std::fs::write(dir.path().join("token"), "s3cret-token\n").unwrap();
        PolicyFile::parse(text)
            .map_err(|message| PolicyError::Parse {
                path: "p".into(),
                message,
            })?
            .resolve(PolicySource::None, dir.path(), env)
    }

    #[test]
    fn a_full_policy_resolves_values_and_paths() {
        let grants = resolve(
            r#"
            [[files]]
            host = "data"
            guest = "/data"
            mode = "read-write"
            [network]
            allow = ["http://127.0.0.1:8080"]
            total_timeout_ms = 2000
            [env]
            REGION = { from_env = "HOST_REGION" }
            [secrets]
            TOKEN = { from_file = "token" }
            "#,
            &|name| (name == "HOST_REGION").then(|| "eu-west".to_owned()),
        )
        .unwrap();
        assert_eq!(grants.files.len(), 1);
        assert!(grants.files[0].writable && grants.files[0].host.is_absolute());
        let network = grants.network.as_ref().unwrap();
        assert_eq!(network.limits.total_timeout, Duration::from_secs(2));
        assert_eq!(grants.config_value("REGION"), Some("eu-west"));
        assert_eq!(
            grants.config_value("TOKEN"),
            Some("s3cret-token"),
            "one trailing newline is dropped"
        );
        assert_eq!(grants.config_value("OTHER"), None);
        assert!(
            !format!("{grants:?}").contains("s3cret"),
            "Debug never shows values"
        );
    }

    #[test]
    fn values_cannot_be_written_in_clear() {
        let err = resolve("[secrets]\nTOKEN = \"abc\"", &|_| None).unwrap_err();
        assert!(matches!(err, PolicyError::Parse { .. }), "{err}");
        let err = resolve("[env]\nX = { value = \"abc\" }", &|_| None).unwrap_err();
        assert!(matches!(err, PolicyError::Parse { .. }), "{err}");
    }

    #[test]
    fn missing_values_and_folders_are_clear_errors() {
        let err = resolve("[secrets]\nT = { from_env = \"NOPE\" }", &|_| None).unwrap_err();
        assert!(err.to_string().contains("NOPE is not set"), "{err}");
        let err = resolve("[[files]]\nhost = \"nope\"\nguest = \"/x\"", &|_| None).unwrap_err();
        assert!(err.to_string().contains("cannot be granted"), "{err}");
        let err = resolve("[[files]]\nhost = \"data\"\nguest = \"x\"", &|_| None).unwrap_err();
        assert!(err.to_string().contains("must be absolute"), "{err}");
        let err = resolve("[network]\nallow = [\"ftp://x\"]", &|_| None).unwrap_err();
        assert!(err.to_string().contains("ftp://x"), "{err}");
    }

    #[test]
    fn an_empty_policy_grants_nothing() {
        let grants = resolve("", &|_| Some("x".into())).unwrap();
        assert!(grants.files.is_empty() && grants.network.is_none());
        assert!(grants.env.is_empty() && grants.secrets.is_empty());
    }
}
