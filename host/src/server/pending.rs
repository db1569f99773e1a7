//! A request accepted for running, for the transport to drive: a tool call,
//! or a resource read, prompt or completion served by a component.

use serde_json::Value;

use super::call::{CallDetail, ToolCall};
use super::jsonrpc::Reply;
use super::outbound::Outbox;
use super::served_call::ServedCall;

pub struct PendingCall(pub(super) Pending);

// A tool call, the hot path, stays unboxed: one allocation fewer per call.
#[allow(clippy::large_enum_variant)]
pub(super) enum Pending {
    Tool(ToolCall),
    /// Boxed: larger than a tool call, and rarer.
    Served(Box<ServedCall>),
}

impl PendingCall {
    /// The JSON-RPC id the reply will carry.
    pub fn id(&self) -> &Value {
        match &self.0 {
            Pending::Tool(call) => call.id(),
            Pending::Served(call) => call.id(),
        }
    }

    /// Runs the request to its reply. Whatever it sends the client before
    /// that goes through `outbox`. Never panics: a host panic becomes this
    /// request's -32603 reply.
    pub async fn run(self, outbox: Outbox) -> Reply {
        match self.0 {
            Pending::Tool(call) => call.run(outbox).await,
            Pending::Served(call) => call.run(outbox).await,
        }
    }

    /// [`PendingCall::run`], also returning what `toolhost call` shows an
    /// operator beyond the reply (for a tool call).
    pub async fn run_detailed(self, outbox: Outbox) -> (Reply, CallDetail) {
        match self.0 {
            Pending::Tool(call) => call.run_detailed(outbox).await,
            Pending::Served(call) => (call.run(outbox).await, CallDetail::default()),
        }
    }
}

impl From<ToolCall> for PendingCall {
    fn from(call: ToolCall) -> Self {
        Self(Pending::Tool(call))
    }
}

impl From<ServedCall> for PendingCall {
    fn from(call: ServedCall) -> Self {
        Self(Pending::Served(Box::new(call)))
    }
}
