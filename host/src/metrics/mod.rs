//! Call metrics, shared by every transport, rendered in the Prometheus text
//! format by the HTTP transport's `/metrics`.
//!
//! Recording happens in the shared call path, so stdio and HTTP count the
//! same way: the end of a call in `server/call.rs`, a call refused before it
//! starts (arguments that fail the input schema, over an in-flight limit) in
//! the dispatcher, and the fuel a call burned in the runtime. The store is a
//! process-wide table of plain atomics: a call costs one read lock on the
//! tool table and a few relaxed increments, no allocation once the tool has
//! been seen.
//!
//! Refused calls count under `is_error` with their reason but not in the
//! latency histogram, which measures calls that ran.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};
use std::time::Duration;

use crate::failure::CallFailure;

mod upstream;
pub use upstream::record_upstream;

/// Upper bounds of the latency histogram, in seconds. Fixed: the deadline caps
/// a call at tens of seconds, and an echo call takes tens of microseconds.
pub const LATENCY_BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    5.0, 10.0, 30.0,
];

/// How a call that ran ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A successful result.
    Ok,
    /// An `isError` result; the reason is [`crate::failure::ToolFailure::kind`].
    ToolError(&'static str),
    /// A JSON-RPC -32603: the host was at fault.
    HostFault,
}

impl Outcome {
    pub fn of<T>(outcome: &Result<T, CallFailure>) -> Self {
        match outcome {
            Ok(_) => Self::Ok,
            Err(CallFailure::Tool(failure)) => Self::ToolError(failure.kind()),
            Err(CallFailure::Host(_)) => Self::HostFault,
        }
    }
}

#[derive(Default)]
struct ToolCounters {
    ok: AtomicU64,
    host_fault: AtomicU64,
    /// By `ToolFailure::kind()`; a handful of keys, so a small locked map.
    tool_errors: Mutex<BTreeMap<&'static str, u64>>,
    /// Cumulative counts are computed when rendering; each slot counts calls
    /// that fell in that bucket only (the last slot is `+Inf`).
    buckets: [AtomicU64; LATENCY_BUCKETS.len() + 1],
    latency_sum_micros: AtomicU64,
    fuel_consumed: AtomicU64,
}

#[derive(Default)]
struct Store {
    tools: RwLock<BTreeMap<Arc<str>, Arc<ToolCounters>>>,
    in_flight: AtomicI64,
}

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(Store::default)
}

fn counters(tool: &Arc<str>) -> Arc<ToolCounters> {
    let store = store();
    if let Some(found) = store
        .tools
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(tool)
    {
        return found.clone();
    }
    store
        .tools
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(tool.clone())
        .or_default()
        .clone()
}

/// Records one call that ran to an end (cancelled calls are not recorded).
pub fn record_call(tool: &Arc<str>, outcome: Outcome, elapsed: Duration) {
    let counters = counters(tool);
    count_outcome(&counters, outcome);
    let seconds = elapsed.as_secs_f64();
    let slot = LATENCY_BUCKETS
        .iter()
        .position(|&bound| seconds <= bound)
        .unwrap_or(LATENCY_BUCKETS.len());
    counters.buckets[slot].fetch_add(1, Ordering::Relaxed);
    counters.latency_sum_micros.fetch_add(
        u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
}

/// Records a call refused before it ran, with the reason it was refused.
pub fn record_refused(tool: &Arc<str>, reason: &'static str) {
    count_outcome(&counters(tool), Outcome::ToolError(reason));
}

/// Adds the fuel one call of `tool` burned.
pub fn record_fuel(tool: &Arc<str>, fuel: u64) {
    counters(tool)
        .fuel_consumed
        .fetch_add(fuel, Ordering::Relaxed);
}

fn count_outcome(counters: &ToolCounters, outcome: Outcome) {
    match outcome {
        Outcome::Ok => {
            counters.ok.fetch_add(1, Ordering::Relaxed);
        }
        Outcome::HostFault => {
            counters.host_fault.fetch_add(1, Ordering::Relaxed);
        }
        Outcome::ToolError(reason) => {
            *counters
                .tool_errors
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .entry(reason)
                .or_default() += 1;
        }
    }
}

/// Counts a call as in flight until dropped, however the call ends
/// (including being cancelled, which drops it).
pub struct InFlight(());

impl InFlight {
    pub fn enter() -> Self {
        store().in_flight.fetch_add(1, Ordering::Relaxed);
        Self(())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        store().in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Tool calls running right now, across transports.
pub fn in_flight() -> i64 {
    store().in_flight.load(Ordering::Relaxed)
}

/// Everything recorded, in the Prometheus text exposition format (0.0.4).
/// `tools` are listed even before their first call, so dashboards see zeros.
pub fn render<'a>(tools: impl IntoIterator<Item = &'a Arc<str>>) -> String {
    for tool in tools {
        counters(tool);
    }
    let tools = store()
        .tools
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    let mut out = String::with_capacity(1024 + tools.len() * 2048);
    out.push_str(
        "# HELP toolhost_tool_calls_total Tool calls by outcome: ok, is_error (with the \
         reason, including calls refused before they ran), internal_error (-32603).\n\
         # TYPE toolhost_tool_calls_total counter\n",
    );
    for (name, c) in &tools {
        let tool = escape(name);
        let _ = writeln!(
            out,
            "toolhost_tool_calls_total{{tool=\"{tool}\",outcome=\"ok\",reason=\"\"}} {}",
            c.ok.load(Ordering::Relaxed)
        );
        let errors = c
            .tool_errors
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        for (reason, count) in errors {
            let _ = writeln!(
                out,
                "toolhost_tool_calls_total{{tool=\"{tool}\",outcome=\"is_error\",reason=\"{reason}\"}} {count}"
            );
        }
        let _ = writeln!(
            out,
            "toolhost_tool_calls_total{{tool=\"{tool}\",outcome=\"internal_error\",reason=\"\"}} {}",
            c.host_fault.load(Ordering::Relaxed)
        );
    }
    out.push_str(
        "# HELP toolhost_tool_call_duration_seconds Wall-clock time of tool calls that ran to an end.\n\
         # TYPE toolhost_tool_call_duration_seconds histogram\n",
    );
    for (name, c) in &tools {
        let tool = escape(name);
        let mut cumulative = 0;
        for (i, bound) in LATENCY_BUCKETS.iter().enumerate() {
            cumulative += c.buckets[i].load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "toolhost_tool_call_duration_seconds_bucket{{tool=\"{tool}\",le=\"{bound}\"}} {cumulative}"
            );
        }
        cumulative += c.buckets[LATENCY_BUCKETS.len()].load(Ordering::Relaxed);
        let sum = c.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(
            out,
            "toolhost_tool_call_duration_seconds_bucket{{tool=\"{tool}\",le=\"+Inf\"}} {cumulative}\n\
             toolhost_tool_call_duration_seconds_sum{{tool=\"{tool}\"}} {sum}\n\
             toolhost_tool_call_duration_seconds_count{{tool=\"{tool}\"}} {cumulative}"
        );
    }
    out.push_str(
        "# HELP toolhost_tool_fuel_consumed_total Fuel (about one unit per wasm instruction) \
         burned by a tool's calls.\n\
         # TYPE toolhost_tool_fuel_consumed_total counter\n",
    );
    for (name, c) in &tools {
        let _ = writeln!(
            out,
            "toolhost_tool_fuel_consumed_total{{tool=\"{}\"}} {}",
            escape(name),
            c.fuel_consumed.load(Ordering::Relaxed)
        );
    }
    upstream::render(&mut out);
    let _ = write!(
        out,
        "# HELP toolhost_tool_calls_in_flight Tool calls running now.\n\
         # TYPE toolhost_tool_calls_in_flight gauge\n\
         toolhost_tool_calls_in_flight {}\n",
        in_flight()
    );
    out
}

/// Label values: backslash, double quote and newline escaped.
pub fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests;
