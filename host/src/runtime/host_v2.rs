//! What the host gives a 0.2 component: the same host log and config as
//! 0.1, and `client`, its line to the MCP client while a request runs.

use super::bindings::toolhost::tool::log::{Host as V1Log, Level as V1Level};
use super::bindings_v2::toolhost::tool::{client, config, log, types};
use super::state::CallState;

impl log::Host for CallState {
    fn log(&mut self, level: log::Level, message: String) {
        let level = match level {
            log::Level::Trace => V1Level::Trace,
            log::Level::Debug => V1Level::Debug,
            log::Level::Info => V1Level::Info,
            log::Level::Warn => V1Level::Warn,
            log::Level::Error => V1Level::Error,
        };
        V1Log::log(self, level, message);
    }
}

impl config::Host for CallState {
    fn get(&mut self, name: String) -> Option<String> {
        self.grants.config_value(&name).map(str::to_owned)
    }
}

impl types::Host for CallState {}

impl client::Host for CallState {
    fn report_progress(&mut self, progress: f64, total: Option<f64>, message: Option<String>) {
        if let Some(client) = self.client.as_mut() {
            let message = message.map(|m| self.grants.redactor.redact(&m).into_owned());
            client.progress(progress, total, message, std::time::Instant::now());
        }
    }

    fn log(&mut self, level: client::LogLevel, logger: Option<String>, data: client::LogData) {
        use crate::runtime::client::LogLevel as L;
        let wire = match level {
            client::LogLevel::Debug => L::Debug,
            client::LogLevel::Info => L::Info,
            client::LogLevel::Notice => L::Notice,
            client::LogLevel::Warning => L::Warning,
            client::LogLevel::Error => L::Error,
            client::LogLevel::Critical => L::Critical,
            client::LogLevel::Alert => L::Alert,
            client::LogLevel::Emergency => L::Emergency,
        };
        if let Some(line) = self.client.as_mut() {
            let (text, json) = match &data {
                client::LogData::Message(text) => (text.as_str(), false),
                client::LogData::Json(text) => (text.as_str(), true),
            };
            line.log(wire, logger.clone(), text, json, &self.grants.redactor);
        }
        // The host's own log always receives client log entries.
        let level = match level {
            client::LogLevel::Debug => V1Level::Debug,
            client::LogLevel::Info | client::LogLevel::Notice => V1Level::Info,
            client::LogLevel::Warning => V1Level::Warn,
            client::LogLevel::Error
            | client::LogLevel::Critical
            | client::LogLevel::Alert
            | client::LogLevel::Emergency => V1Level::Error,
        };
        let text = match data {
            client::LogData::Message(text) | client::LogData::Json(text) => text,
        };
        let line = match logger {
            Some(logger) => format!("[{logger}] {text}"),
            None => text,
        };
        V1Log::log(self, level, line);
    }
}
