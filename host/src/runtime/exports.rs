//! The exports of a component, by contract version: each runs in a fresh
//! instance and returns the host's own model (see `model`), whichever
//! contract the component was built for.

use std::future::Future;
use std::sync::Arc;

use wasmtime::Store;
use wasmtime::component;

use super::bindings::ToolComponent;
use super::bindings_v2::ServerComponent;
use super::bindings_v2::toolhost::tool::types as v2;
use super::plain::PlainPre;
use super::served::{self, Completion, CompletionRequest, PromptResult, ReadError};
use super::state::CallState;
use super::{
    CallInput, CallOutcome, ComponentCatalog, Outcome, Pre, ResourceContents, ToolDescriptor,
    ToolError, V2Pre,
};

/// `call-tool`'s parameters and result, as the bindings type them.
type CallToolParams<'a> = (&'a str, &'a str, &'a v2::CallContext);
type CallToolResult = Result<v2::ToolOutcome, v2::ToolError>;

/// A fresh instance, of whichever contract the component exports.
pub(super) enum Instance<'a> {
    V1(ToolComponent),
    /// Its exports are looked up when needed (see `V2Pre`).
    V2(component::Instance, &'a V2Pre),
    /// Its functions are called by index (see `plain`).
    Plain(component::Instance, &'a PlainPre),
}

impl Pre {
    pub(super) async fn instantiate(
        &self,
        store: &mut Store<CallState>,
    ) -> wasmtime::Result<Instance<'_>> {
        Ok(match self {
            Pre::V1(pre) => Instance::V1(pre.instantiate_async(store).await?),
            Pre::V2(pre) => {
                Instance::V2(pre.instance_pre.instantiate_async(&mut *store).await?, pre)
            }
            Pre::Plain(pre) => {
                Instance::Plain(pre.instance_pre.instantiate_async(&mut *store).await?, pre)
            }
        })
    }
}

/// Every export of a 0.2 instance, for the exports other than `call-tool`;
/// a 0.1 component serves tools only, and the registry never routes
/// anything else to one.
fn server(
    instance: &Instance<'_>,
    store: &mut Store<CallState>,
) -> wasmtime::Result<ServerComponent> {
    match instance {
        Instance::V2(instance, pre) => pre.indices.load(store, instance),
        Instance::V1(_) | Instance::Plain(..) => Err(wasmtime::Error::msg(
            "a contract 0.1 or plain component serves tools only",
        )),
    }
}

/// One export of the component, run in a fresh instance: what it needs,
/// what it returns.
pub(super) trait Export {
    type Output: Send;

    fn invoke<'a>(
        self,
        instance: &'a Instance<'_>,
        store: &'a mut Store<CallState>,
    ) -> impl Future<Output = wasmtime::Result<Self::Output>> + Send + 'a;
}

/// `describe`: the component's catalog (0.1: its tools).
pub(super) struct Describe;

impl Export for Describe {
    type Output = ComponentCatalog;

    async fn invoke(
        self,
        instance: &Instance<'_>,
        store: &mut Store<CallState>,
    ) -> wasmtime::Result<Self::Output> {
        Ok(match instance {
            Instance::V1(instance) => ComponentCatalog {
                tools: instance
                    .toolhost_tool_tool()
                    .call_describe(store)
                    .await?
                    .into_iter()
                    .map(ToolDescriptor::from)
                    .collect(),
                ..ComponentCatalog::default()
            },
            Instance::V2(..) => server(instance, store)?
                .toolhost_tool_server()
                .call_describe(store)
                .await?
                .into(),
            // Its catalog comes from its type, at load (see `plain`).
            Instance::Plain(..) => {
                return Err(wasmtime::Error::msg(
                    "a plain component is never run to describe",
                ));
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
        instance: &Instance<'_>,
        store: &mut Store<CallState>,
    ) -> wasmtime::Result<Self::Output> {
        let returned = match instance {
            Instance::V1(instance) => instance
                .toolhost_tool_tool()
                .call_call(&mut *store, &self.tool, &self.arguments)
                .await?
                .map(|output| CallOutcome::Done(output.into()))
                .map_err(ToolError::from),
            Instance::V2(instance, pre) => {
                let context = v2::CallContext::from(&self.input);
                // Only this export is looked up, by its index.
                let func = instance
                    .get_func(&mut *store, pre.call_tool)
                    .ok_or_else(|| wasmtime::Error::msg("no export `call-tool`"))?;
                // SAFETY: `V2Pre::new` type-checked `call-tool` of this very
                // component against these types (the bindings' own
                // signature), as the bindings' `func_call_tool` relies on.
                let call_tool = unsafe {
                    component::TypedFunc::<CallToolParams<'_>, (CallToolResult,)>::new_unchecked(
                        func,
                    )
                };
                let (returned,) = call_tool
                    .call_async(&mut *store, (&self.tool, &self.arguments, &context))
                    .await?;
                match returned {
                    Ok(v2::ToolOutcome::Done(output)) => Ok(CallOutcome::Done(output.into())),
                    Ok(v2::ToolOutcome::InputRequired(asked)) => {
                        Ok(CallOutcome::InputRequired(asked.into()))
                    }
                    Err(error) => Err(error.into()),
                }
            }
            // Its calls go through `plain::PlainCall`.
            Instance::Plain(..) => {
                return Err(wasmtime::Error::msg(
                    "a plain component is called by function",
                ));
            }
        };
        Ok(explain_body_failure(store, returned))
    }
}

/// `read-resource`: the resource at one URI, with this round's input.
pub(super) struct ReadResource {
    pub uri: String,
    pub input: CallInput,
}

impl Export for ReadResource {
    type Output = Result<Outcome<Vec<ResourceContents>>, ReadError>;

    async fn invoke(
        self,
        instance: &Instance<'_>,
        store: &mut Store<CallState>,
    ) -> wasmtime::Result<Self::Output> {
        let instance = server(instance, store)?;
        let context = v2::CallContext::from(&self.input);
        let returned = instance
            .toolhost_tool_server()
            .call_read_resource(&mut *store, &self.uri, &context)
            .await?;
        Ok(match returned {
            Ok(v2::ReadOutcome::Done(list)) => Ok(Outcome::Done(served::contents(list))),
            Ok(v2::ReadOutcome::InputRequired(asked)) => Ok(Outcome::InputRequired(asked.into())),
            Err(v2::ResourceError::NotFound) => Err(ReadError::NotFound),
            Err(v2::ResourceError::Failed(error)) => {
                Err(ReadError::Failed(explain(store, error.into())))
            }
        })
    }
}

/// `get-prompt`: one prompt filled in with its arguments.
pub(super) struct GetPrompt {
    pub name: String,
    pub arguments: Vec<(String, String)>,
    pub input: CallInput,
}

impl Export for GetPrompt {
    type Output = Result<Outcome<PromptResult>, ToolError>;

    async fn invoke(
        self,
        instance: &Instance<'_>,
        store: &mut Store<CallState>,
    ) -> wasmtime::Result<Self::Output> {
        let instance = server(instance, store)?;
        let context = v2::CallContext::from(&self.input);
        let returned = match instance
            .toolhost_tool_server()
            .call_get_prompt(&mut *store, &self.name, &self.arguments, &context)
            .await?
        {
            Ok(v2::PromptOutcome::Done(result)) => Ok(Outcome::Done(result.into())),
            Ok(v2::PromptOutcome::InputRequired(asked)) => Ok(Outcome::InputRequired(asked.into())),
            Err(error) => Err(error.into()),
        };
        Ok(explain_body_failure(store, returned))
    }
}

/// `complete`: suggestions for a prompt argument or template variable.
pub(super) struct Complete {
    pub request: CompletionRequest,
}

impl Export for Complete {
    type Output = Result<Completion, ToolError>;

    async fn invoke(
        self,
        instance: &Instance<'_>,
        store: &mut Store<CallState>,
    ) -> wasmtime::Result<Self::Output> {
        let instance = server(instance, store)?;
        let request = v2::CompletionRequest::from(&self.request);
        let returned = instance
            .toolhost_tool_server()
            .call_complete(&mut *store, &request)
            .await?
            .map(Completion::from)
            .map_err(ToolError::from);
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
    returned.map_err(|error| explain(store, error))
}

fn explain(store: &Store<CallState>, error: ToolError) -> ToolError {
    match error {
        ToolError::Upstream(mut upstream) if upstream.status.is_none() => {
            if let Some(reason) = store.data().take_body_failure() {
                upstream.message = reason;
            }
            ToolError::Upstream(upstream)
        }
        other => other,
    }
}
