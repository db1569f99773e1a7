//! What a call's `Store` holds: the WASI context the guest sees, its resource
//! table, the memory limiter, and the guest's log.

use std::fmt;
use std::sync::Arc;

use wasmtime::ResourceLimiter;
use wasmtime::component::ResourceTable;
use wasmtime_wasi::{FsPerms, WasiCtx, WasiCtxBuilder, WasiCtxView, WasiView};
use wasmtime_wasi_http::{WasiHttpCtx, WasiHttpCtxView, WasiHttpView};

use super::bindings::toolhost::tool::log::{Host as LogHost, Level};
use super::guest_output::GuestOutput;
use super::limits::{
    MAX_CORE_INSTANCES_PER_CALL, MAX_MEMORIES_PER_CALL, MAX_TABLE_ELEMENTS, MAX_TABLES_PER_CALL,
};
use crate::correlation::CorrelationId;
use crate::failure::HostFault;
use crate::policy::Grants;
use crate::policy::outbound::{Caller, Outbound, UpstreamRequest};
use crate::sanitize::sanitize_for_log;

/// Most log lines one call may write; the rest are counted and dropped.
const MAX_LOG_LINES: u32 = 200;
/// Longest log line kept, in characters.
const MAX_LOG_LINE_CHARS: usize = 4096;
/// Most resources (streams, pollables, ...) a guest may hold at once.
const MAX_RESOURCES: usize = 4096;
/// Largest `get-random-bytes` request served.
const MAX_RANDOM_BYTES: u64 = 1 << 20;
/// Largest HTTP header or trailer section a guest may build or receive.
const MAX_HTTP_FIELDS_BYTES: usize = 64 << 10;

/// Raised by the limiter when the guest grows past its memory cap, so the
/// trap can be told apart from every other one.
#[derive(Debug)]
pub struct MemoryCapExceeded;

impl fmt::Display for MemoryCapExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("memory cap exceeded")
    }
}

impl std::error::Error for MemoryCapExceeded {}

/// Caps the total linear memory of all of a call's instances.
///
/// A refused `memory.grow` would by default return -1 and leave the guest's
/// allocator to abort or spin; returning an error here traps instead, with a
/// cause we recognise.
pub struct MemoryLimiter {
    cap: usize,
    used: usize,
}

impl ResourceLimiter for MemoryLimiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let used = self.used + desired.saturating_sub(current);
        if used > self.cap {
            return Err(wasmtime::Error::new(MemoryCapExceeded));
        }
        self.used = used;
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }

    fn instances(&self) -> usize {
        MAX_CORE_INSTANCES_PER_CALL as usize
    }

    fn tables(&self) -> usize {
        MAX_TABLES_PER_CALL as usize
    }

    fn memories(&self) -> usize {
        MAX_MEMORIES_PER_CALL as usize
    }
}

/// The guest's own log lines, tagged with the call they belong to.
pub struct GuestLog {
    component: Arc<str>,
    tool: Arc<str>,
    correlation: CorrelationId,
    lines: u32,
    /// Set when the SDK reports a panic, so the `unreachable` trap that
    /// follows can be named for what it is.
    pub panicked: bool,
}

pub struct CallState {
    wasi: WasiCtx,
    table: ResourceTable,
    http: WasiHttpCtx,
    outbound: Outbound,
    pub(super) grants: Arc<Grants>,
    pub limiter: MemoryLimiter,
    pub log: GuestLog,
    /// The request's line to its client (contract 0.2), when it has one.
    pub(super) client: Option<super::client::ClientChannel>,
}

impl CallState {
    pub fn new(
        component: Arc<str>,
        tool: Arc<str>,
        correlation: CorrelationId,
        memory_cap: u64,
        output: &GuestOutput,
        grants: Arc<Grants>,
    ) -> Result<Self, HostFault> {
        // Only what the policy grants: its folders and environment variables,
        // and outbound HTTP through the policy's checks. Never sockets, never
        // arguments, never the host's own environment. Standard output and
        // error are captured for the log.
        let mut wasi = WasiCtxBuilder::new();
        wasi.stdout(output.clone())
            .stderr(output.clone())
            .max_random_size(MAX_RANDOM_BYTES)
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false);
        for var in &grants.env {
            wasi.env(&var.name, &*var.value);
        }
        for dir in &grants.files {
            let perms = if dir.writable {
                FsPerms::ReadWrite
            } else {
                FsPerms::ReadOnly
            };
            wasi.preopened_dir(&dir.host, &dir.guest, perms)
                .map_err(|e| HostFault::Preopen {
                    path: dir.host.clone(),
                    source: e.into(),
                })?;
        }
        let mut table = ResourceTable::new();
        table.set_max_capacity(MAX_RESOURCES);
        let mut http = WasiHttpCtx::new();
        http.set_field_size_limit(MAX_HTTP_FIELDS_BYTES);
        let outbound = Outbound::new(
            grants.network.clone(),
            Caller {
                component: component.clone(),
                tool: tool.clone(),
                correlation,
            },
        );
        Ok(Self {
            wasi: wasi.build(),
            table,
            http,
            outbound,
            grants,
            limiter: MemoryLimiter {
                cap: usize::try_from(memory_cap).unwrap_or(usize::MAX),
                used: 0,
            },
            log: GuestLog {
                component,
                tool,
                correlation,
                lines: 0,
                panicked: false,
            },
            client: None,
        })
    }
}

impl CallState {
    /// Why the call's last upstream response body failed, if one did.
    pub fn take_body_failure(&self) -> Option<String> {
        self.outbound.take_body_failure()
    }

    /// The upstream requests the call sent, for its access-log line.
    pub fn take_upstream_requests(&self) -> Vec<UpstreamRequest> {
        self.outbound.take_requests()
    }
}

impl WasiHttpView for CallState {
    fn http(&mut self) -> WasiHttpCtxView<'_> {
        WasiHttpCtxView {
            hooks: &mut self.outbound,
            table: &mut self.table,
            ctx: &mut self.http,
        }
    }
}

impl super::bindings::toolhost::tool::config::Host for CallState {
    fn get(&mut self, name: String) -> Option<String> {
        self.grants.config_value(&name).map(str::to_owned)
    }
}

impl WasiView for CallState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView {
            ctx: &mut self.wasi,
            table: &mut self.table,
        }
    }
}

impl LogHost for CallState {
    fn log(&mut self, level: Level, message: String) {
        let log = &mut self.log;
        if message.starts_with("panic: ") {
            log.panicked = true;
        }
        log.lines += 1;
        if log.lines > MAX_LOG_LINES {
            if log.lines == MAX_LOG_LINES + 1 {
                tracing::warn!(component = %log.component, tool = %log.tool, correlation_id = %log.correlation,
                    "guest log limit of {MAX_LOG_LINES} lines reached; dropping the rest of this call's lines");
            }
            return;
        }
        let message = self.grants.redactor.redact(&message);
        let message = sanitize_for_log(&message, MAX_LOG_LINE_CHARS);
        let (component, tool, id) = (&*log.component, &*log.tool, log.correlation);
        match level {
            Level::Trace => {
                tracing::trace!(target: "guest", component, tool, correlation_id = %id, "{message}")
            }
            Level::Debug => {
                tracing::debug!(target: "guest", component, tool, correlation_id = %id, "{message}")
            }
            Level::Info => {
                tracing::info!(target: "guest", component, tool, correlation_id = %id, "{message}")
            }
            Level::Warn => {
                tracing::warn!(target: "guest", component, tool, correlation_id = %id, "{message}")
            }
            Level::Error => {
                tracing::error!(target: "guest", component, tool, correlation_id = %id, "{message}")
            }
        }
    }
}

impl super::bindings::toolhost::tool::types::Host for CallState {}
