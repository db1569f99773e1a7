//! What a request tells the client while it runs: progress, and entries for
//! the client's log. Both go out at once and are never an error: what the
//! host cannot send (no progress token, a log level the client did not ask
//! for, the per-request cap reached) it drops.
//!
//! In WebAssembly they go to the host's `client` interface. Natively (in
//! unit tests) there is no host, so the [`Context`](crate::Context) keeps
//! them for the test to check.

use serde_json::Value;

/// The client's log levels (RFC 5424), lowest first. Unlike
/// [`log::Level`](crate::log::Level), which is for the operator, these are
/// for the user of the client.
///
/// ```
/// use toolhost_sdk::{Context, LogLevel};
///
/// let mut cx = Context::new();
/// cx.log(LogLevel::Warning, "the cache is cold: this will take a while");
/// assert!(LogLevel::Warning > LogLevel::Info);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
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

/// One entry for the client's log: a message or any JSON value, and
/// optionally the name of the logger it comes from. A `&str` or `String`
/// converts into a message.
///
/// ```
/// use toolhost_sdk::serde_json::json;
/// use toolhost_sdk::{Context, LogEntry, LogLevel};
///
/// let mut cx = Context::new();
/// cx.log(LogLevel::Info, "indexing started");
/// cx.log(LogLevel::Debug, LogEntry::json(json!({"files": 12})).logger("indexer"));
/// assert_eq!(cx.notifications().len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// Which part of the component wrote it.
    pub logger: Option<String>,
    pub data: LogData,
}

/// What a log entry says.
///
/// ```
/// use toolhost_sdk::serde_json::json;
/// use toolhost_sdk::{LogData, LogEntry};
///
/// assert_eq!(LogEntry::from("hi").data, LogData::Message("hi".into()));
/// assert_eq!(LogEntry::json(json!([1])).data, LogData::Json(json!([1])));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum LogData {
    Message(String),
    Json(Value),
}

impl LogEntry {
    /// An entry holding a JSON value, for clients that show structured logs.
    pub fn json(value: Value) -> Self {
        Self {
            logger: None,
            data: LogData::Json(value),
        }
    }

    /// Names the logger the entry comes from.
    pub fn logger(mut self, name: impl Into<String>) -> Self {
        self.logger = Some(name.into());
        self
    }
}

impl From<&str> for LogEntry {
    fn from(message: &str) -> Self {
        message.to_owned().into()
    }
}

impl From<String> for LogEntry {
    fn from(message: String) -> Self {
        Self {
            logger: None,
            data: LogData::Message(message),
        }
    }
}

/// Something sent to the client while a request ran; natively, what
/// [`Context::notifications`](crate::Context::notifications) recorded.
///
/// ```
/// use toolhost_sdk::{Context, LogLevel, Notification};
///
/// let mut cx = Context::new();
/// cx.log(LogLevel::Error, "upstream refused");
/// assert!(matches!(&cx.notifications()[0], Notification::Log { level: LogLevel::Error, .. }));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Notification {
    /// `notifications/progress`.
    Progress {
        progress: f64,
        total: Option<f64>,
        message: Option<String>,
    },
    /// `notifications/message`.
    Log { level: LogLevel, entry: LogEntry },
}

/// Sends a notification through the host's `client` interface.
#[cfg(target_arch = "wasm32")]
pub(crate) fn send(notification: &Notification) {
    use crate::bindings::toolhost::tool::client;
    match notification {
        Notification::Progress {
            progress,
            total,
            message,
        } => client::report_progress(*progress, *total, message.as_deref()),
        Notification::Log { level, entry } => {
            let level = match level {
                LogLevel::Debug => client::LogLevel::Debug,
                LogLevel::Info => client::LogLevel::Info,
                LogLevel::Notice => client::LogLevel::Notice,
                LogLevel::Warning => client::LogLevel::Warning,
                LogLevel::Error => client::LogLevel::Error,
                LogLevel::Critical => client::LogLevel::Critical,
                LogLevel::Alert => client::LogLevel::Alert,
                LogLevel::Emergency => client::LogLevel::Emergency,
            };
            let data = match &entry.data {
                LogData::Message(message) => client::LogData::Message(message.clone()),
                LogData::Json(value) => client::LogData::Json(value.to_string()),
            };
            client::log(level, entry.logger.as_deref(), &data);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_converts_into_a_message_without_a_logger() {
        let entry = LogEntry::from("hi");
        assert_eq!(entry.logger, None);
        assert_eq!(entry.data, LogData::Message("hi".into()));
        assert_eq!(LogEntry::from(String::from("hi")), entry);
    }

    #[test]
    fn json_entries_may_name_their_logger() {
        let entry = LogEntry::json(json!({"n": 1})).logger("db");
        assert_eq!(entry.logger.as_deref(), Some("db"));
        assert_eq!(entry.data, LogData::Json(json!({"n": 1})));
    }

    #[test]
    fn levels_order_by_severity() {
        assert!(LogLevel::Debug < LogLevel::Info);
        assert!(LogLevel::Error < LogLevel::Emergency);
    }
}
