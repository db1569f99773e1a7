//! The wasmtime side: one engine for the process, components compiled and
//! pre-instantiated once, and a fresh sandboxed instance for every call.
//!
//! Every call gets its own `Store` with fuel, an epoch deadline, a memory cap
//! that traps, an empty WASI context and a capped sink for the guest's stdout
//! and stderr. A trapped instance is never reused: it is dropped with its store.

mod artifacts;
mod bindings;
mod bindings_v2;
mod call;
pub mod client;
mod compile_cache;
mod exports;
mod guest_output;
mod host_v2;
mod input;
pub mod limits;
mod model;
mod plain;
mod requests;
mod served;
mod state;

use std::path::Path;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use wasmtime::component::{HasSelf, Linker};
use wasmtime::{Config, InstanceAllocationStrategy};

pub use call::{CallReport, Invocation, Task};
pub use input::{CallInput, CallOutcome, ClientCapabilities, InputRequest, InputRequired, Outcome};
pub use model::{
    Annotations, Content, ContentAnnotations, ContentKind, Media, ResourceBody, ResourceContents,
    ResourceLink, Role, ToolDescriptor, ToolError, ToolOutput, UpstreamError,
};
pub use plain::{PlainExports, SkippedFunction};
pub use requests::{ReadReturned, reported};
pub use served::{
    Completion, CompletionReference, CompletionRequest, ComponentCatalog, PromptArgument,
    PromptDescriptor, PromptMessage, PromptResult, ReadError, ResourceDescriptor, ResourceTemplate,
};

use crate::policy::Grants;
use bindings::ToolComponentPre;
use bindings_v2::ServerComponentIndices;
use state::CallState;

/// How often the epoch advances. Deadlines are enforced to this granularity.
pub const EPOCH_TICK: Duration = Duration::from_millis(5);

/// Fuel between voluntary yields to the async executor, so a busy guest
/// cannot starve the call's timeout, other calls, or (on stdio) the
/// reader thread that gives every call its first slice.
const FUEL_YIELD_INTERVAL: u64 = 200_000;

/// Settings that shape the engine; fixed for the life of the process.
#[derive(Clone, Debug)]
pub struct EngineSettings {
    /// Calls that may run at once across all tools.
    pub max_in_flight: u32,
    /// The largest memory cap of any tool.
    pub max_memory_bytes: u64,
    /// Cache compiled components on disk (see `artifacts`).
    pub compilation_cache: bool,
}

/// The engine and linker shared by every component and call.
pub struct Engine {
    engine: wasmtime::Engine,
    linker: Linker<CallState>,
    /// Functions compiled during the current load, for the next component.
    functions: Arc<compile_cache::FunctionCache>,
    /// Compiled components on disk.
    artifacts: artifacts::Artifacts,
}

/// A component compiled, linked and ready to instantiate.
pub struct LoadedComponent {
    /// File name, for logs.
    pub label: Arc<str>,
    pre: Pre,
    engine: wasmtime::Engine,
    /// What the operator's policy grants this component.
    pub grants: Arc<Grants>,
}

impl Engine {
    pub fn new(settings: &EngineSettings) -> anyhow::Result<Arc<Self>> {
        let pool = limits::PoolSize {
            max_in_flight: settings.max_in_flight,
            max_memory_bytes: usize::try_from(settings.max_memory_bytes)?,
        }
        .config();

        let functions = Arc::new(compile_cache::FunctionCache::default());
        let mut config = Config::new();
        config
            .consume_fuel(true)
            .epoch_interruption(true)
            .allocation_strategy(InstanceAllocationStrategy::Pooling(pool))
            .enable_incremental_compilation(functions.clone())
            .map_err(|e| anyhow::anyhow!("{e:#}"))?;
        let engine = wasmtime::Engine::new(&config).map_err(|e| anyhow::anyhow!("{e:#}"))?;
        spawn_epoch_ticker(&engine);

        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut linker)
            .map_err(|e| anyhow::anyhow!("{e:#}"))?;
        // Every component may import wasi:http; what it may reach is decided
        // per request by its policy (see `policy::outbound`).
        wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut linker)
            .map_err(|e| anyhow::anyhow!("{e:#}"))?;
        bindings::ToolComponent::add_to_linker::<_, HasSelf<CallState>>(&mut linker, |s| s)
            .map_err(|e| anyhow::anyhow!("{e:#}"))?;
        bindings_v2::ServerComponent::add_to_linker::<_, HasSelf<CallState>>(&mut linker, |s| s)
            .map_err(|e| anyhow::anyhow!("{e:#}"))?;
        Ok(Arc::new(Self {
            engine,
            linker,
            functions,
            artifacts: artifacts::Artifacts::new(settings.compilation_cache),
        }))
    }

    /// Forgets the functions compiled during a load that has ended: they
    /// only speed up components compiled in the same load.
    pub fn load_finished(&self) {
        self.functions.clear();
    }

    /// Compiles and links the component read from `path` (its `bytes`),
    /// which will run with `grants`.
    pub fn load(
        &self,
        path: &Path,
        bytes: &[u8],
        grants: Grants,
    ) -> anyhow::Result<LoadedComponent> {
        let label: Arc<str> = path
            .file_name()
            .map(|n| n.to_string_lossy().into())
            .unwrap_or_else(|| path.display().to_string().into());
        // The pooling allocator refuses here a component that needs more
        // than one call may hold (see `limits`), saying what it needs.
        let component = self
            .artifacts
            .component(&self.engine, bytes)
            .map_err(|e| anyhow::anyhow!("compile failed: {e:#}"))?;
        let instance_pre = self
            .linker
            .instantiate_pre(&component)
            .map_err(|e| anyhow::anyhow!("link failed: {e:#}"))?;
        // Whichever contract it exports; 0.1 first, as most do today. A
        // component that claims neither is served as plain WIT functions.
        let pre = match ToolComponentPre::new(instance_pre.clone()) {
            Ok(pre) => Pre::V1(pre),
            Err(v1) => match V2Pre::new(instance_pre.clone()) {
                Ok(pre) => Pre::V2(pre),
                Err(_) if !plain::claims_toolhost_contract(&component, &self.engine) => Pre::Plain(
                    plain::PlainPre::new(instance_pre, &label, bytes, &self.engine)?,
                ),
                Err(_) => {
                    return Err(anyhow::anyhow!(
                        "not a toolhost component: it exports neither toolhost:tool/tool@0.1.0 \
                         nor toolhost:tool/server@0.2.0 ({v1:#})"
                    ));
                }
            },
        };
        Ok(LoadedComponent {
            label,
            pre,
            engine: self.engine.clone(),
            grants: Arc::new(grants),
        })
    }
}

/// A component ready to instantiate, by the contract version it exports.
enum Pre {
    V1(ToolComponentPre<CallState>),
    V2(V2Pre),
    /// No contract: its exported functions are the tools (see `plain`).
    Plain(plain::PlainPre),
}

/// A 0.2 component ready to instantiate. The bindings' own `instantiate`
/// type-checks every export of `server` again on each instantiation (five
/// functions with deep types: a few microseconds per call); a tool call
/// needs only `call-tool`, found once here, its type checked at load.
struct V2Pre {
    instance_pre: wasmtime::component::InstancePre<CallState>,
    indices: ServerComponentIndices,
    call_tool: wasmtime::component::ComponentExportIndex,
}

impl V2Pre {
    fn new(instance_pre: wasmtime::component::InstancePre<CallState>) -> anyhow::Result<Self> {
        // Checks that every export is there with the type the bindings expect.
        let indices =
            ServerComponentIndices::new(&instance_pre).map_err(|e| anyhow::anyhow!("{e:#}"))?;
        let component = instance_pre.component();
        let server = component.get_export_index(None, "toolhost:tool/server@0.2.0");
        let call_tool = component
            .get_export_index(server.as_ref(), "call-tool")
            .ok_or_else(|| {
                anyhow::anyhow!("no export `call-tool` in toolhost:tool/server@0.2.0")
            })?;
        Ok(Self {
            instance_pre,
            indices,
            call_tool,
        })
    }
}

impl LoadedComponent {
    /// Whether it exports contract 0.2, and so can serve more than tools.
    pub fn serves_more_than_tools(&self) -> bool {
        matches!(self.pre, Pre::V2(_))
    }

    /// Which contract the component exports: `0.1.0` or `0.2.0`, `none`
    /// for a plain component.
    pub fn contract(&self) -> &'static str {
        match self.pre {
            Pre::V1(_) => "0.1.0",
            Pre::V2(_) => "0.2.0",
            Pre::Plain(_) => "none",
        }
    }

    /// What a plain component exports and how much of it is served; `None`
    /// for a toolhost component.
    pub fn plain_exports(&self) -> Option<&PlainExports> {
        match &self.pre {
            Pre::Plain(plain) => Some(&plain.exports),
            _ => None,
        }
    }
}

/// Advances the engine's epoch every [`EPOCH_TICK`] until the engine is gone.
fn spawn_epoch_ticker(engine: &wasmtime::Engine) {
    let weak = engine.weak();
    let spawned = thread::Builder::new()
        .name("epoch-ticker".into())
        .spawn(move || {
            while let Some(engine) = weak.upgrade() {
                engine.increment_epoch();
                drop(engine);
                thread::sleep(EPOCH_TICK);
            }
        });
    if let Err(e) = spawned {
        // Without the ticker only the async timeout bounds a call, which cannot
        // preempt a guest between fuel yields; refuse to run like that.
        panic!("cannot start the epoch ticker thread: {e}");
    }
}
