//! The exports of a component, by contract version: each runs in a fresh
//! instance and returns the host's own model (see `model`), whichever
//! contract the component was built for.

use std::future::Future;
use std::sync::Arc;

use wasmtime::Store;

use super::bindings::ToolComponent;
use super::bindings_v2::ServerComponent;
use super::bindings_v2::toolhost::tool::types as v2;
use super::state::CallState;
use super::{CallInput, CallOutcome, Pre, ToolDescriptor, ToolError};

/// A fresh instance, of whichever contract the component exports.
pub(super) enum Instance {
    V1(ToolComponent),
    V2(ServerComponent),
}

impl Pre {
    pub(super) async fn instantiate(
        &self,
        store: &mut Store<CallState>,
    ) -> wasmtime::Result<Instance> {
        Ok(match self {
            Pre::V1(pre) => Instance::V1(pre.instantiate_async(store).await?),
            Pre::V2(pre) => Instance::V2(pre.instantiate_async(store).await?),
        })
    }
}

/// One export of the component, run in a fresh instance: what it needs,
/// what it returns.
pub(super) trait Export {
    type Output: Send;

    fn invoke<'a>(
        self,
        instance: &'a Instance,
        store: &'a mut Store<CallState>,
    ) -> impl Future<Output = wasmtime::Result<Self::Output>> + Send + 'a;
}

/// `describe`: the component's tools.
pub(super) struct Describe;

impl Export for Describe {
    type Output = Vec<ToolDescriptor>;

    async fn invoke(
        self,
        instance: &Instance,
        store: &mut Store<CallState>,
    ) -> wasmtime::Result<Self::Output> {
        Ok(match instance {
            Instance::V1(instance) => instance
                .toolhost_tool_tool()
                .call_describe(store)
                .await?
                .into_iter()
                .map(ToolDescriptor::from)
                .collect(),
            Instance::V2(instance) => {
                let catalog = instance.toolhost_tool_server().call_describe(store).await?;
                if !catalog.resources.is_empty()
                    || !catalog.resource_templates.is_empty()
                    || !catalog.prompts.is_empty()
                {
                    tracing::warn!(
                        "the component offers resources or prompts; this toolhost serves its tools only"
                    );
                }
                catalog
                    .tools
                    .into_iter()
                    .map(ToolDescriptor::from)
                    .collect()
            }
        })
    }
}

/// `call`: one tool, with its arguments and this round's input. Owned, so
/// the run's future borrows nothing from its caller.
pub(super) struct Call {
    pub tool: Arc<str>,
    pub arguments: String,
    pub input: CallInput,
}

impl Export for Call {
    type Output = Result<CallOutcome, ToolError>;

    async fn invoke(
        self,
        instance: &Instance,
        store: &mut Store<CallState>,
    ) -> wasmtime::Result<Self::Output> {
        let returned = match instance {
            Instance::V1(instance) => instance
                .toolhost_tool_tool()
                .call_call(&mut *store, &self.tool, &self.arguments)
                .await?
                .map(|output| CallOutcome::Done(output.into()))
                .map_err(ToolError::from),
            Instance::V2(instance) => {
                let context = v2::CallContext::from(&self.input);
                match instance
                    .toolhost_tool_server()
                    .call_call_tool(&mut *store, &self.tool, &self.arguments, &context)
                    .await?
                {
                    Ok(v2::ToolOutcome::Done(output)) => Ok(CallOutcome::Done(output.into())),
                    Ok(v2::ToolOutcome::InputRequired(asked)) => {
                        Ok(CallOutcome::InputRequired(asked.into()))
                    }
                    Err(error) => Err(error.into()),
                }
            }
        };
        Ok(explain_body_failure(store, returned))
    }
}

/// An upstream error without a status, after a response body failed on the
/// host side, gets the host's precise reason (timeout, size cap) in place of
/// whatever the guest could guess.
fn explain_body_failure<T>(
    store: &Store<CallState>,
    returned: Result<T, ToolError>,
) -> Result<T, ToolError> {
    match returned {
        Err(ToolError::Upstream(mut upstream)) if upstream.status.is_none() => {
            if let Some(reason) = store.data().take_body_failure() {
                upstream.message = reason;
            }
            Err(ToolError::Upstream(upstream))
        }
        other => other,
    }
}
