//! Asking the client for input: the questions a request ends with when it
//! cannot finish alone, and the answers the next round gets.
//!
//! A component keeps nothing between requests, so asking is not a call that
//! waits: the handler returns [`InputRequired`] (questions under keys, plus
//! state of its own), the host asks the client, and the handler runs again,
//! in a fresh instance, with the answers and the state in its
//! [`Context`](crate::Context). How the host asks depends on the protocol
//! version the client speaks, never on the component.

mod answers;
mod elicitation;
mod form_fields;
mod sampling;

pub(crate) use answers::RootList;
pub use answers::{ElicitAction, Elicited, Root, Sampled};
pub use elicitation::ElicitationSchema;
pub use form_fields::{BooleanField, ChoiceField, NumberField, StringField, StringFormat};
pub use sampling::SamplingRequest;

use serde_json::{Value, json};

/// A request's questions for the client, and the state it wants back.
///
/// Ask only for what [`Context::client`](crate::Context::client) says the
/// client can answer: the host refuses a request that asks for more (at MCP
/// 2026-07-28 with the protocol's "missing client capability" error). Give
/// at least one question or some state.
///
/// ```
/// use toolhost_sdk::{ElicitationSchema, InputRequired, SamplingRequest, StringField};
///
/// let asked = InputRequired::new()
///     .elicit(
///         "name",
///         "Who should the report be addressed to?",
///         ElicitationSchema::new()
///             .string("name", StringField::new().title("Name").max_length(80))
///             .required(["name"]),
///     )
///     .sample("summary", SamplingRequest::new(200).user("Summarize: ..."))
///     .roots("folders")
///     .state(b"draft-7".to_vec());
/// assert_eq!(asked.requests.len(), 3);
/// assert_eq!(asked.requests[2].0, "folders");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InputRequired {
    /// The questions, by key, in the order they were added. The answer to
    /// each comes back under its key.
    pub requests: Vec<(String, InputRequest)>,
    /// State for the next round, opaque to everyone but this component. The
    /// host seals it (authenticated encryption, bound to the request, with
    /// an expiry), so the client can neither read nor change it.
    pub state: Option<Vec<u8>>,
}

/// One question for the client, as the params of the MCP request that asks
/// it. Made by [`InputRequired`]'s methods; match on it in a test.
///
/// ```
/// use toolhost_sdk::{InputRequest, InputRequired, SamplingRequest};
///
/// let asked = InputRequired::new().sample("reply", SamplingRequest::new(20).user("2+2?"));
/// let InputRequest::Sampling(params) = &asked.requests[0].1 else { unreachable!() };
/// assert_eq!(params["maxTokens"], 20);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum InputRequest {
    /// `elicitation/create` params: `{"message": …, "requestedSchema": …}`.
    Elicitation(Value),
    /// `sampling/createMessage` params.
    Sampling(Value),
    /// `roots/list`.
    Roots,
}

impl InputRequired {
    /// Nothing asked yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Asks the user to fill in a form (`elicitation/create`): `message`
    /// says why, `schema` what to fill in. Read the answer with
    /// [`Context::elicited`](crate::Context::elicited).
    pub fn elicit(
        self,
        key: impl Into<String>,
        message: impl Into<String>,
        schema: ElicitationSchema,
    ) -> Self {
        let params = json!({
            "message": message.into(),
            "requestedSchema": schema.to_value(),
        });
        self.ask(key.into(), InputRequest::Elicitation(params))
    }

    /// Asks the client's model for a completion (`sampling/createMessage`).
    /// Read the answer with [`Context::sampled`](crate::Context::sampled).
    pub fn sample(self, key: impl Into<String>, request: SamplingRequest) -> Self {
        self.ask(key.into(), InputRequest::Sampling(request.to_value()))
    }

    /// Asks which roots (folders, repositories) the client exposes
    /// (`roots/list`). Read the answer with
    /// [`Context::roots`](crate::Context::roots).
    pub fn roots(self, key: impl Into<String>) -> Self {
        self.ask(key.into(), InputRequest::Roots)
    }

    /// Sets the state the next round gets back from
    /// [`Context::state`](crate::Context::state). Keep it small: it travels
    /// to the client and back.
    pub fn state(mut self, state: impl Into<Vec<u8>>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// Keys are unique within a round: asking again under a key replaces
    /// the earlier question.
    fn ask(mut self, key: String, request: InputRequest) -> Self {
        match self.requests.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = request,
            None => self.requests.push((key, request)),
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elicitation_params_carry_the_message_and_schema() {
        let asked = InputRequired::new().elicit(
            "confirm",
            "Delete 3 files?",
            ElicitationSchema::new()
                .boolean("ok", BooleanField::new())
                .required(["ok"]),
        );
        let [(key, InputRequest::Elicitation(params))] = &asked.requests[..] else {
            panic!("{asked:?}");
        };
        assert_eq!(key, "confirm");
        assert_eq!(params["message"], "Delete 3 files?");
        assert_eq!(params["requestedSchema"]["type"], "object");
        assert_eq!(params["requestedSchema"]["required"], json!(["ok"]));
        assert_eq!(asked.state, None);
    }

    #[test]
    fn sampling_and_roots_are_questions_too() {
        let asked = InputRequired::new()
            .sample("reply", SamplingRequest::new(5).user("2+2?"))
            .roots("where");
        assert!(matches!(&asked.requests[0].1, InputRequest::Sampling(p) if p["maxTokens"] == 5));
        assert_eq!(asked.requests[1], ("where".into(), InputRequest::Roots));
    }

    #[test]
    fn a_key_asked_twice_keeps_the_last_question_in_its_place() {
        let asked = InputRequired::new()
            .roots("a")
            .roots("b")
            .sample("a", SamplingRequest::new(1));
        assert_eq!(asked.requests.len(), 2);
        assert_eq!(asked.requests[0].0, "a");
        assert!(matches!(asked.requests[0].1, InputRequest::Sampling(_)));
    }

    #[test]
    fn state_alone_is_enough() {
        let asked = InputRequired::new().state("step 2");
        assert!(asked.requests.is_empty());
        assert_eq!(asked.state.as_deref(), Some(&b"step 2"[..]));
    }
}
