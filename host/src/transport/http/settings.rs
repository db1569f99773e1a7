//! The HTTP transport's caps and timeouts: each has a flag and a key in the
//! config file's `[http]` table. The flag wins; then the file; then the
//! default. A zero is refused wherever it is written, even where the other
//! one wins: no request could ever be served under it.

use serde::Deserialize;

use crate::config::ConfigError;

/// The `[http]` table of the config file, or the flags as given: `None`
/// leaves the setting to the next layer.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HttpTable {
    pub max_body_kib: Option<usize>,
    pub header_timeout_ms: Option<u64>,
    pub max_requests: Option<usize>,
    pub max_connections: Option<usize>,
    pub max_sessions: Option<usize>,
    pub session_idle_secs: Option<u64>,
    pub shutdown_grace_ms: Option<u64>,
}

/// Settings resolved from the flags, the file and the defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpSettings {
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    pub header_timeout_ms: u64,
    pub max_requests: usize,
    pub max_connections: usize,
    pub max_sessions: usize,
    pub session_idle_secs: u64,
    pub shutdown_grace_ms: u64,
}

/// One setting: its key, its default, and whether zero is refused.
struct Setting {
    key: &'static str,
    default: u64,
    zero_refused: bool,
}

const SETTINGS: [Setting; 7] = [
    setting("max_body_kib", 4096, true),
    setting("header_timeout_ms", 10_000, true),
    setting("max_requests", 256, true),
    setting("max_connections", 1024, true),
    setting("max_sessions", 1024, true),
    setting("session_idle_secs", 3600, true),
    // Zero is a valid grace: stop at once.
    setting("shutdown_grace_ms", 10_000, false),
];

const fn setting(key: &'static str, default: u64, zero_refused: bool) -> Setting {
    Setting {
        key,
        default,
        zero_refused,
    }
}

impl HttpTable {
    fn values(&self) -> [Option<u64>; 7] {
        let size = |v: Option<usize>| v.map(|v| v as u64);
        [
            size(self.max_body_kib),
            self.header_timeout_ms,
            size(self.max_requests),
            size(self.max_connections),
            size(self.max_sessions),
            self.session_idle_secs,
            self.shutdown_grace_ms,
        ]
    }

    /// Resolves `flags` (the command line) over `self` (the file) over the
    /// defaults.
    pub fn resolve(&self, flags: &HttpTable) -> Result<HttpSettings, ConfigError> {
        let mut resolved = [0u64; 7];
        for (i, ((setting, flag), file)) in SETTINGS
            .iter()
            .zip(flags.values())
            .zip(self.values())
            .enumerate()
        {
            if setting.zero_refused {
                if flag == Some(0) {
                    return Err(ConfigError::Invalid(format!(
                        "--http-{} must be at least 1",
                        flag_name(setting.key)
                    )));
                }
                if file == Some(0) {
                    return Err(ConfigError::Invalid(format!(
                        "[http]: {} must be at least 1",
                        setting.key
                    )));
                }
            }
            resolved[i] = flag.or(file).unwrap_or(setting.default);
        }
        let size = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
        let [
            body_kib,
            header_ms,
            requests,
            connections,
            sessions,
            idle_secs,
            grace_ms,
        ] = resolved;
        Ok(HttpSettings {
            max_body_bytes: size(body_kib).saturating_mul(1024),
            header_timeout_ms: header_ms,
            max_requests: size(requests),
            max_connections: size(connections),
            max_sessions: size(sessions),
            session_idle_secs: idle_secs,
            shutdown_grace_ms: grace_ms,
        })
    }
}

/// The flag of a key after `--http-`: `max_body_kib` is `max-body-kib`.
fn flag_name(key: &str) -> String {
    key.replace('_', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_win_over_the_file_and_the_file_over_the_defaults() {
        let file: HttpTable = toml::from_str("max_connections = 8\nmax_body_kib = 16").unwrap();
        let flags = HttpTable {
            max_connections: Some(3),
            ..Default::default()
        };
        let settings = file.resolve(&flags).unwrap();
        assert_eq!(settings.max_connections, 3, "the flag wins");
        assert_eq!(settings.max_body_bytes, 16 * 1024, "then the file");
        assert_eq!(settings.max_requests, 256, "then the default");
        let defaults = HttpTable::default().resolve(&HttpTable::default()).unwrap();
        assert_eq!(defaults.max_connections, 1024);
        assert_eq!(defaults.shutdown_grace_ms, 10_000);
    }

    #[test]
    fn zero_is_refused_wherever_it_is_written_and_names_what_was_typed() {
        let none = HttpTable::default();
        let zero_flag = HttpTable {
            max_requests: Some(0),
            ..Default::default()
        };
        let err = none.resolve(&zero_flag).unwrap_err();
        assert!(err.to_string().contains("--http-max-requests"), "{err}");
        let zero_file: HttpTable = toml::from_str("max_connections = 0").unwrap();
        let flag = HttpTable {
            max_connections: Some(3),
            ..Default::default()
        };
        let err = zero_file.resolve(&flag).unwrap_err();
        assert!(err.to_string().contains("[http]: max_connections"), "{err}");
        let no_grace: HttpTable = toml::from_str("shutdown_grace_ms = 0").unwrap();
        assert_eq!(no_grace.resolve(&none).unwrap().shutdown_grace_ms, 0);
        assert!(toml::from_str::<HttpTable>("max_conns = 1").is_err());
    }
}
