//! Lines for the host's log, which operators read and clients never see.
//!
//! The host tags each line with the request, the component and its
//! correlation id, and caps how many lines (and how long) one request may
//! write, so log what helps an operator understand a failure, not every
//! step. What the user should see goes to the client's log instead, with
//! [`Context::log`](crate::Context::log).
//!
//! Outside WebAssembly (in native unit tests) there is no host to write to,
//! so lines go to stderr instead.

/// How serious a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Trace,
    Debug,
    Info,
    Warn,
    Error,
}

pub fn trace(message: impl AsRef<str>) {
    write(Level::Trace, message.as_ref());
}

pub fn debug(message: impl AsRef<str>) {
    write(Level::Debug, message.as_ref());
}

pub fn info(message: impl AsRef<str>) {
    write(Level::Info, message.as_ref());
}

pub fn warn(message: impl AsRef<str>) {
    write(Level::Warn, message.as_ref());
}

pub fn error(message: impl AsRef<str>) {
    write(Level::Error, message.as_ref());
}

/// Writes one line at `level`.
#[cfg(target_arch = "wasm32")]
pub fn write(level: Level, message: &str) {
    use crate::bindings::toolhost::tool::log::{Level as Wit, log};
    let level = match level {
        Level::Trace => Wit::Trace,
        Level::Debug => Wit::Debug,
        Level::Info => Wit::Info,
        Level::Warn => Wit::Warn,
        Level::Error => Wit::Error,
    };
    log(level, message);
}

/// Writes one line at `level`.
#[cfg(not(target_arch = "wasm32"))]
pub fn write(level: Level, message: &str) {
    eprintln!("[{level:?}] {message}");
}
