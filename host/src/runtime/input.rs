//! Asking the client for input (contract 0.2), in the host's own types: a
//! component's questions and state, and what the next round runs with.

use super::bindings_v2::toolhost::tool::types as v2;
use super::model::ToolOutput;

/// A question for the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputRequest {
    /// `elicitation/create` params, serialized JSON.
    Elicitation(String),
    /// `sampling/createMessage` params, serialized JSON.
    Sampling(String),
    /// `roots/list`.
    Roots,
}

/// A call that cannot finish without the client's input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputRequired {
    /// Questions by key, in the component's order.
    pub requests: Vec<(String, InputRequest)>,
    /// The component's own state, for the next round.
    pub state: Option<Vec<u8>>,
}

/// How a request to a component ended, when it did not fail: with what it
/// was asked for, or with questions for the client.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome<T> {
    Done(T),
    InputRequired(InputRequired),
}

/// How a tool call ended, when it did not fail.
pub type CallOutcome = Outcome<ToolOutput>;

/// What the client can be asked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ClientCapabilities {
    pub elicitation: bool,
    pub sampling: bool,
    pub roots: bool,
}

/// What a round of a call runs with besides its arguments: the answers to
/// the previous round, its state (already verified), what the client can
/// be asked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallInput {
    /// Answers by key: the client's `result`, serialized JSON.
    pub responses: Vec<(String, String)>,
    pub state: Option<Vec<u8>>,
    pub client: ClientCapabilities,
}

impl From<v2::InputRequired> for InputRequired {
    fn from(ir: v2::InputRequired) -> Self {
        Self {
            requests: ir
                .requests
                .into_iter()
                .map(|r| {
                    let request = match r.request {
                        v2::InputRequest::Elicitation(params) => InputRequest::Elicitation(params),
                        v2::InputRequest::Sampling(params) => InputRequest::Sampling(params),
                        v2::InputRequest::Roots => InputRequest::Roots,
                    };
                    (r.key, request)
                })
                .collect(),
            state: ir.state,
        }
    }
}

impl From<&CallInput> for v2::CallContext {
    fn from(input: &CallInput) -> Self {
        Self {
            responses: input
                .responses
                .iter()
                .map(|(key, answer)| v2::InputResponse {
                    key: key.clone(),
                    answer: answer.clone(),
                })
                .collect(),
            state: input.state.clone(),
            client: v2::ClientCapabilities {
                elicitation: input.client.elicitation,
                sampling: input.client.sampling,
                roots: input.client.roots,
            },
        }
    }
}
