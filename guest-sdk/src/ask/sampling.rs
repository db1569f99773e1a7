//! A request for the client's model to write something
//! (`sampling/createMessage`): the conversation so far and how to answer.

use serde_json::{Map, Value, json};

use crate::Role;

/// What to ask the client's model. The client may show it to the user,
/// change it or refuse it; the model it picks is its choice, guided by the
/// hints.
///
/// ```
/// use toolhost_sdk::{InputRequired, SamplingRequest};
///
/// let request = SamplingRequest::new(300)
///     .system_prompt("You write one-line commit messages.")
///     .user("Summarize this diff: ...")
///     .temperature(0.2)
///     .stop_sequence("\n")
///     .model_hint("claude");
/// let asked = InputRequired::new().sample("message", request);
/// assert_eq!(asked.requests.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SamplingRequest {
    max_tokens: u32,
    messages: Vec<(Role, String)>,
    system_prompt: Option<String>,
    temperature: Option<f64>,
    stop_sequences: Vec<String>,
    model_hints: Vec<String>,
}

impl SamplingRequest {
    /// An empty conversation, answered in at most `max_tokens` tokens.
    pub fn new(max_tokens: u32) -> Self {
        Self {
            max_tokens,
            messages: Vec::new(),
            system_prompt: None,
            temperature: None,
            stop_sequences: Vec::new(),
            model_hints: Vec::new(),
        }
    }

    /// Adds a message from the user.
    pub fn user(mut self, text: impl Into<String>) -> Self {
        self.messages.push((Role::User, text.into()));
        self
    }

    /// Adds a message from the assistant (an earlier answer of the model).
    pub fn assistant(mut self, text: impl Into<String>) -> Self {
        self.messages.push((Role::Assistant, text.into()));
        self
    }

    /// The system prompt to use, if the client allows one.
    pub fn system_prompt(mut self, text: impl Into<String>) -> Self {
        self.system_prompt = Some(text.into());
        self
    }

    /// How random the answer may be.
    pub fn temperature(mut self, temperature: f64) -> Self {
        self.temperature = Some(temperature);
        self
    }

    /// A string that ends the answer when the model writes it.
    pub fn stop_sequence(mut self, stop: impl Into<String>) -> Self {
        self.stop_sequences.push(stop.into());
        self
    }

    /// A model name (or part of one) the client should prefer; earlier hints
    /// weigh more.
    pub fn model_hint(mut self, name: impl Into<String>) -> Self {
        self.model_hints.push(name.into());
        self
    }

    /// The `sampling/createMessage` params.
    pub(crate) fn to_value(&self) -> Value {
        let messages: Vec<Value> = self
            .messages
            .iter()
            .map(|(role, text)| {
                let role = match role {
                    Role::User => "user",
                    Role::Assistant => "assistant",
                };
                json!({"role": role, "content": {"type": "text", "text": text}})
            })
            .collect();
        let mut params = Map::new();
        params.insert("messages".into(), messages.into());
        params.insert("maxTokens".into(), self.max_tokens.into());
        if let Some(prompt) = &self.system_prompt {
            params.insert("systemPrompt".into(), prompt.clone().into());
        }
        if let Some(temperature) = self.temperature {
            params.insert("temperature".into(), temperature.into());
        }
        if !self.stop_sequences.is_empty() {
            params.insert("stopSequences".into(), json!(self.stop_sequences));
        }
        if !self.model_hints.is_empty() {
            let hints: Vec<Value> = self
                .model_hints
                .iter()
                .map(|name| json!({ "name": name }))
                .collect();
            params.insert("modelPreferences".into(), json!({ "hints": hints }));
        }
        Value::Object(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn params_carry_the_conversation_in_order() {
        let params = SamplingRequest::new(50)
            .user("Hi")
            .assistant("Hello")
            .user("2+2?")
            .to_value();
        assert_eq!(
            params,
            json!({
                "maxTokens": 50,
                "messages": [
                    {"role": "user", "content": {"type": "text", "text": "Hi"}},
                    {"role": "assistant", "content": {"type": "text", "text": "Hello"}},
                    {"role": "user", "content": {"type": "text", "text": "2+2?"}},
                ],
            })
        );
    }

    #[test]
    fn options_appear_only_when_set() {
        let params = SamplingRequest::new(1)
            .system_prompt("Be brief.")
            .temperature(0.5)
            .stop_sequence("END")
            .model_hint("sonnet")
            .model_hint("claude")
            .to_value();
        assert_eq!(params["systemPrompt"], "Be brief.");
        assert_eq!(params["temperature"], 0.5);
        assert_eq!(params["stopSequences"], json!(["END"]));
        assert_eq!(
            params["modelPreferences"],
            json!({"hints": [{"name": "sonnet"}, {"name": "claude"}]})
        );
    }
}
