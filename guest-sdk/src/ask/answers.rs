//! The client's answers to the previous round's questions, typed. Each is
//! the JSON-RPC `result` of the request that asked; the host passes it on
//! as the client sent it, so parsing is lenient where MCP allows variants.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::{Role, ToolError};

/// What the user did with an elicitation form.
///
/// ```
/// use toolhost_sdk::serde_json::json;
/// use toolhost_sdk::{Context, ElicitAction};
///
/// let cx = Context::new().with_answer("q", json!({"action": "cancel"}));
/// assert_eq!(cx.elicited("q").unwrap().action, ElicitAction::Cancel);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ElicitAction {
    /// Filled it in and submitted it.
    Accept,
    /// Said no.
    Decline,
    /// Dismissed it without choosing.
    Cancel,
}

/// The answer to an elicitation, from
/// [`Context::elicited`](crate::Context::elicited).
///
/// ```
/// use toolhost_sdk::serde_json::json;
/// use toolhost_sdk::{Context, ElicitAction, schema};
///
/// #[schema]
/// struct Confirm {
///     ok: bool,
/// }
///
/// let cx = Context::new().with_answer("confirm", json!({"action": "accept", "content": {"ok": true}}));
/// let answer = cx.elicited("confirm").unwrap();
/// assert_eq!(answer.action, ElicitAction::Accept);
/// assert!(answer.accepted());
/// assert!(answer.content["ok"] == true);
/// assert!(answer.content_as::<Confirm>().unwrap().ok);
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Elicited {
    pub action: ElicitAction,
    /// The form's values by field name (`Null` unless accepted). Indexing
    /// a missing field gives `Null`, never a panic.
    #[serde(default)]
    pub content: Value,
}

impl Elicited {
    /// Whether the user submitted the form.
    pub fn accepted(&self) -> bool {
        self.action == ElicitAction::Accept
    }

    /// The form's values as `T`. Fails when the user did not accept, or the
    /// values do not fit `T` (a client need not enforce the schema).
    pub fn content_as<T: DeserializeOwned>(&self) -> Result<T, ToolError> {
        if !self.accepted() {
            return Err(ToolError::other("the user did not fill in the form"));
        }
        T::deserialize(&self.content)
            .map_err(|e| ToolError::other(format!("the user's answer does not fit: {e}")))
    }
}

/// The answer to a sampling request, from
/// [`Context::sampled`](crate::Context::sampled).
///
/// ```
/// use toolhost_sdk::serde_json::json;
/// use toolhost_sdk::Context;
///
/// let cx = Context::new().with_answer("reply", json!({
///     "role": "assistant",
///     "content": {"type": "text", "text": "4"},
///     "model": "some-model",
///     "stopReason": "endTurn",
/// }));
/// let reply = cx.sampled("reply").unwrap();
/// assert_eq!(reply.text(), Some("4"));
/// assert_eq!(reply.model, "some-model");
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sampled {
    pub role: Role,
    /// One content block, or (from MCP 2025-11-25) a list of them, as sent.
    pub content: Value,
    /// The model that wrote it.
    #[serde(default)]
    pub model: String,
    /// Why it stopped (`endTurn`, `stopSequence`, `maxTokens`, ...).
    #[serde(default)]
    pub stop_reason: Option<String>,
}

impl Sampled {
    /// The text the model wrote: its first text block.
    pub fn text(&self) -> Option<&str> {
        match &self.content {
            Value::Array(blocks) => blocks.iter().find_map(text_of),
            block => text_of(block),
        }
    }
}

fn text_of(block: &Value) -> Option<&str> {
    if block["type"] == "text" {
        block["text"].as_str()
    } else {
        None
    }
}

/// A root the client exposes (a folder, a repository), from
/// [`Context::roots`](crate::Context::roots).
///
/// ```
/// use toolhost_sdk::serde_json::json;
/// use toolhost_sdk::Context;
///
/// let cx = Context::new().with_answer("where", json!({"roots": [{"uri": "file:///work", "name": "work"}]}));
/// let roots = cx.roots("where").unwrap();
/// assert_eq!(roots[0].uri, "file:///work");
/// assert_eq!(roots[0].name.as_deref(), Some("work"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Root {
    pub uri: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// The `roots/list` result.
#[derive(Deserialize)]
pub(crate) struct RootList {
    pub(crate) roots: Vec<Root>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn declined_forms_have_no_content() {
        let answer: Elicited = serde_json::from_value(json!({"action": "decline"})).unwrap();
        assert!(!answer.accepted());
        assert_eq!(answer.content, Value::Null);
        assert!(answer.content["ok"].is_null());
        assert!(answer.content_as::<Value>().is_err());
        let cancel: Elicited = serde_json::from_value(json!({"action": "cancel"})).unwrap();
        assert_eq!(cancel.action, ElicitAction::Cancel);
    }

    #[test]
    fn accepted_content_that_does_not_fit_is_an_error() {
        let answer: Elicited =
            serde_json::from_value(json!({"action": "accept", "content": {"ok": "yes"}})).unwrap();
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Confirm {
            ok: bool,
        }
        let error = answer.content_as::<Confirm>().unwrap_err();
        assert!(error.message().contains("does not fit"), "{error}");
    }

    #[test]
    fn sampled_text_comes_from_one_block_or_a_list() {
        let list: Sampled = serde_json::from_value(json!({
            "role": "assistant",
            "content": [{"type": "image", "data": "", "mimeType": "image/png"},
                        {"type": "text", "text": "second"}],
        }))
        .unwrap();
        assert_eq!(list.text(), Some("second"));
        assert_eq!(list.model, "");
        assert_eq!(list.stop_reason, None);
        let image: Sampled = serde_json::from_value(json!({
            "role": "assistant", "content": {"type": "image"}, "model": "m"}))
        .unwrap();
        assert_eq!(image.text(), None);
    }

    #[test]
    fn roots_may_lack_a_name() {
        let list: RootList =
            serde_json::from_value(json!({"roots": [{"uri": "file:///a"}]})).unwrap();
        assert_eq!(
            list.roots,
            [Root {
                uri: "file:///a".into(),
                name: None
            }]
        );
    }
}
