//! Plain WIT components: components that export neither toolhost contract,
//! only functions, served as tools under the same sandbox, limits and
//! policies as any other (a fresh instance per call, through
//! [`super::call`]).
//!
//! What is served is decided from the component's type when it loads; a
//! plain component is never run to describe itself.
//!
//! - Each exported function becomes a tool: a top-level `greet` is `greet`,
//!   `area` in an exported interface `a:b/shapes@1.0.0` (or an inline
//!   `export shapes: interface {…}`) is `shapes_area`; when the function is
//!   named like its interface (`fetch` in `component:fetch-rs/fetch`), just
//!   `fetch`. Dashes become underscores, so names fit what MCP clients and
//!   the models behind them accept (`[A-Za-z0-9_]`). Parameter, field and
//!   case names stay as the WIT spells them.
//! - Its `inputSchema` has one property per parameter ([`schema`] says how
//!   each WIT type maps to JSON); its description is the function's WIT doc
//!   comment when the component carries a `package-docs` section
//!   ([`docs`]).
//! - What it returns: nothing is a short "ok"; a `result` err is a tool
//!   error (`isError`) with the error as text (a string as it is, anything
//!   else as JSON); any other value, or a `result`'s ok value, is structured
//!   content (wrapped as `{"result": …}` unless it is a record) with a text
//!   rendering beside it.
//! - Not served, each with a log line and a `check` finding saying why:
//!   functions using resources or handles (a resource's constructor and
//!   methods too), `future`, `stream` or `error-context`, async-lifted
//!   functions, types nested too deep, and the exports of `wasi:`
//!   interfaces (entry points for other hosts, such as `wasi:cli/run`).

mod arguments;
mod call;
mod discover;
mod docs;
mod json;
mod schema;

use wasmtime::component::{ComponentExportIndex, InstancePre, Type};

use super::state::CallState;
use super::{ComponentCatalog, ToolDescriptor, ToolError};
pub(super) use call::PlainCall;

/// A function of a plain component that is not served, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedFunction {
    /// Its export path: `greet`, or `a:b/shapes@1.0.0#area`.
    pub function: String,
    pub reason: String,
}

/// What a plain component exports, for `check` and `inspect`.
#[derive(Clone, Debug, Default)]
pub struct PlainExports {
    /// Functions served as tools (before the config's exposure rules).
    pub served: usize,
    pub skipped: Vec<SkippedFunction>,
    /// Whether it carries WIT doc comments (a `package-docs` section).
    pub documented: bool,
}

/// A plain component ready to instantiate, with its functions.
pub(super) struct PlainPre {
    pub(super) instance_pre: InstancePre<CallState>,
    functions: Vec<Function>,
    pub(super) exports: PlainExports,
}

/// One served function.
struct Function {
    descriptor: ToolDescriptor,
    export: ComponentExportIndex,
    params: Vec<(String, Type)>,
    result: Option<Type>,
}

/// Whether the component exports any interface of the toolhost package:
/// then it is meant as a toolhost component, and one whose contract does
/// not type-check is refused as such rather than served as plain functions.
pub(super) fn claims_toolhost_contract(
    component: &wasmtime::component::Component,
    engine: &wasmtime::Engine,
) -> bool {
    component
        .component_type()
        .exports(engine)
        .any(|(name, _)| name.starts_with("toolhost:tool/"))
}

impl PlainPre {
    /// Reads what the component exports; an error when nothing it exports
    /// can be served.
    pub(super) fn new(
        instance_pre: InstancePre<CallState>,
        label: &str,
        bytes: &[u8],
        engine: &wasmtime::Engine,
    ) -> anyhow::Result<Self> {
        let (functions, exports) =
            discover::discover(instance_pre.component(), label, bytes, engine)?;
        Ok(Self {
            instance_pre,
            functions,
            exports,
        })
    }

    /// The tools, as a component's own `describe` would list them.
    pub(super) fn catalog(&self) -> ComponentCatalog {
        ComponentCatalog {
            tools: self
                .functions
                .iter()
                .map(|f| f.descriptor.clone())
                .collect(),
            ..ComponentCatalog::default()
        }
    }

    /// A call of `tool` with `arguments` (a JSON object), its arguments
    /// converted before any wasm runs.
    pub(super) fn prepare(&self, tool: &str, arguments: &str) -> Result<PlainCall, ToolError> {
        let index = self
            .functions
            .iter()
            .position(|f| f.descriptor.name == tool)
            .ok_or_else(|| ToolError::Other(format!("no function serves the tool {tool:?}")))?;
        let json: serde_json::Value = serde_json::from_str(arguments)
            .map_err(|e| ToolError::InvalidInput(format!("the arguments are not JSON: {e}")))?;
        let params = arguments::arguments(&json, &self.functions[index].params)
            .map_err(|mismatch| ToolError::InvalidInput(mismatch.to_string()))?;
        Ok(PlainCall { index, params })
    }
}

#[cfg(test)]
#[path = "test_fixture.rs"]
mod test_fixture;
