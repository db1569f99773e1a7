//! A request's line to its client while it runs (contract 0.2 `client`):
//! progress and log entries, sent through the call's [`Outbox`] so that they
//! go out before its reply, on its own stream.
//!
//! - **Progress** is sent only when the request carried a `progressToken`,
//!   only when the value grows (others are dropped), and at most once per
//!   [`PROGRESS_INTERVAL`]: a report within the interval is held, the latest
//!   replacing the one before, and sent when the next may go or when the run
//!   ends, before the reply.
//! - **Log entries** are sent only at or above the level the client asked
//!   for (legacy era: `logging/setLevel` for the session; 2026-07-28: the
//!   request's `_meta` log level); none when it asked for none. Secrets are
//!   redacted, and a request sends at most [`MAX_LOG_ENTRIES`].

use std::str::FromStr;
use std::time::{Duration, Instant};

use rmcp::model::JsonObject;
use serde_json::Value;

use crate::policy::Redactor;
use crate::server::Outbox;

/// Least time between two progress notifications of one request.
pub const PROGRESS_INTERVAL: Duration = Duration::from_millis(100);

/// Log entries one request may send the client; the rest go only to the
/// host's log.
pub const MAX_LOG_ENTRIES: u32 = 100;

/// The client's log levels (RFC 5424), least severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LogLevel {
    Debug,
    Info,
    Notice,
    Warning,
    Error,
    Critical,
    Alert,
    Emergency,
}

impl LogLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Debug => "debug",
            Self::Info => "info",
            Self::Notice => "notice",
            Self::Warning => "warning",
            Self::Error => "error",
            Self::Critical => "critical",
            Self::Alert => "alert",
            Self::Emergency => "emergency",
        }
    }
}

impl FromStr for LogLevel {
    type Err = ();

    fn from_str(text: &str) -> Result<Self, ()> {
        Ok(match text {
            "debug" => Self::Debug,
            "info" => Self::Info,
            "notice" => Self::Notice,
            "warning" => Self::Warning,
            "error" => Self::Error,
            "critical" => Self::Critical,
            "alert" => Self::Alert,
            "emergency" => Self::Emergency,
            _ => return Err(()),
        })
    }
}

/// What the client asked of one request: where it may be told things.
#[derive(Clone, Debug, Default)]
pub struct ClientWishes {
    /// `_meta.progressToken`, when the request carried one.
    pub progress_token: Option<Value>,
    /// The least severe log level the client wants; `None`: no log entries.
    pub log_level: Option<LogLevel>,
}

/// One run's line to the client.
pub struct ClientChannel {
    outbox: Outbox,
    wishes: ClientWishes,
    last_progress: Option<f64>,
    last_sent: Option<Instant>,
    /// A report held back by the rate limit: the latest one.
    held: Option<JsonObject>,
    log_entries: u32,
}

impl ClientChannel {
    pub fn new(outbox: Outbox, wishes: ClientWishes) -> Self {
        Self {
            outbox,
            wishes,
            last_progress: None,
            last_sent: None,
            held: None,
            log_entries: 0,
        }
    }

    /// A progress report from the component.
    pub fn progress(
        &mut self,
        progress: f64,
        total: Option<f64>,
        message: Option<String>,
        now: Instant,
    ) {
        let Some(token) = &self.wishes.progress_token else {
            return;
        };
        if !progress.is_finite() || self.last_progress.is_some_and(|last| progress <= last) {
            return;
        }
        self.last_progress = Some(progress);
        let mut params = JsonObject::new();
        params.insert("progressToken".into(), token.clone());
        params.insert("progress".into(), progress.into());
        if let Some(total) = total.filter(|t| t.is_finite()) {
            params.insert("total".into(), total.into());
        }
        if let Some(message) = message {
            params.insert(
                "message".into(),
                crate::sanitize::sanitize(&message, 1000).into(),
            );
        }
        if self
            .last_sent
            .is_some_and(|last| now.duration_since(last) < PROGRESS_INTERVAL)
        {
            self.held = Some(params);
            return;
        }
        self.held = None;
        self.last_sent = Some(now);
        let _ = self.outbox.notify("notifications/progress", params);
    }

    /// Sends the report held back by the rate limit, if any: called when the
    /// run ends, before its reply.
    pub fn flush(&mut self) {
        if let Some(params) = self.held.take() {
            self.last_sent = Some(Instant::now());
            let _ = self.outbox.notify("notifications/progress", params);
        }
    }

    /// A log entry from the component; `data` is a message or, when `json`,
    /// a JSON value.
    pub fn log(
        &mut self,
        level: LogLevel,
        logger: Option<String>,
        data: &str,
        json: bool,
        redactor: &Redactor,
    ) {
        if self.wishes.log_level.is_none_or(|wanted| level < wanted) {
            return;
        }
        if self.log_entries >= MAX_LOG_ENTRIES {
            return;
        }
        self.log_entries += 1;
        let data = redactor.redact(data);
        let data = if json {
            serde_json::from_str::<Value>(&data)
                .unwrap_or_else(|_| Value::String(data.into_owned()))
        } else {
            Value::String(data.into_owned())
        };
        let mut params = JsonObject::new();
        params.insert("level".into(), level.as_str().into());
        if let Some(logger) = logger {
            params.insert(
                "logger".into(),
                crate::sanitize::sanitize(&logger, 128).into(),
            );
        }
        params.insert("data".into(), data);
        let _ = self.outbox.notify("notifications/message", params);
    }
}

#[cfg(test)]
#[path = "client_tests.rs"]
mod tests;
