//! `subscriptions/listen` (2026-07-28): a long-lived stream of the
//! notifications a client asked for. It replaces the legacy era's GET stream
//! and unsolicited notifications.
//!
//! The stream's first message is `notifications/subscriptions/acknowledged`
//! with the subset of the filter the server honours: changes to the tool,
//! resource and prompt lists (not subscriptions to a resource's contents:
//! a component has no way to say that they changed). Every message carries the request's id as
//! `_meta["io.modelcontextprotocol/subscriptionId"]`, so a client on stdio,
//! where streams share one channel, can tell them apart. The stream ends when
//! the client cancels the request (stdio) or closes it (HTTP); it never gets
//! a reply.

use rmcp::model::{ErrorData, JsonObject};
use serde_json::{Value, json};

use super::changes::{Changed, ListChanges};

/// Where the subscription id goes in a stream message's `_meta`.
pub const META_SUBSCRIPTION_ID: &str = "io.modelcontextprotocol/subscriptionId";

/// A `subscriptions/listen` request, accepted: what to send, and on which
/// id.
#[derive(Debug)]
pub struct Listen {
    pub id: Value,
    /// The list changes the client asked to hear of.
    pub wanted: Changed,
    pub(super) changes: ListChanges,
    /// Notifications of one change not yet sent.
    pending: Vec<&'static str>,
}

impl Listen {
    /// Reads the request's `notifications` filter (required, an object).
    pub(super) fn accept(
        id: &Value,
        params: &JsonObject,
        changes: ListChanges,
    ) -> Result<Self, ErrorData> {
        let Some(filter) = params.get("notifications").and_then(Value::as_object) else {
            return Err(ErrorData::invalid_params(
                "subscriptions/listen needs a notifications object",
                None,
            ));
        };
        let asked = |key: &str| filter.get(key) == Some(&Value::Bool(true));
        Ok(Self {
            id: id.clone(),
            wanted: Changed {
                tools: asked("toolsListChanged"),
                resources: asked("resourcesListChanged"),
                prompts: asked("promptsListChanged"),
            },
            changes,
            pending: Vec::new(),
        })
    }

    /// The first message of the stream: what will be sent on it.
    pub fn acknowledged(&self) -> Value {
        let mut honoured = JsonObject::new();
        for (wanted, key) in [
            (self.wanted.tools, "toolsListChanged"),
            (self.wanted.resources, "resourcesListChanged"),
            (self.wanted.prompts, "promptsListChanged"),
        ] {
            if wanted {
                honoured.insert(key.into(), Value::Bool(true));
            }
        }
        json!({
            "jsonrpc": "2.0",
            "method": "notifications/subscriptions/acknowledged",
            "params": {
                "_meta": { META_SUBSCRIPTION_ID: self.id },
                "notifications": honoured,
            }
        })
    }

    /// Waits for the next change the client asked for, and returns its
    /// notification; `None` once the server is gone. A client that asked for
    /// nothing waits until then.
    pub async fn next(&mut self) -> Option<Value> {
        while self.pending.is_empty() {
            let changed = self.changes.next().await?.lists;
            let wanted = Changed {
                tools: changed.tools && self.wanted.tools,
                resources: changed.resources && self.wanted.resources,
                prompts: changed.prompts && self.wanted.prompts,
            };
            // Sent in order: popped from the back.
            self.pending = wanted.methods().collect();
            self.pending.reverse();
        }
        let method = self.pending.pop()?;
        Some(json!({
            "jsonrpc": "2.0",
            "method": method,
            "params": { "_meta": { META_SUBSCRIPTION_ID: self.id } }
        }))
    }

    /// The `notifications/cancelled` that tells the client the server ended
    /// the stream (stdio; over HTTP the stream is closed).
    pub fn ended(&self, reason: &str) -> Value {
        json!({
            "jsonrpc": "2.0",
            "method": "notifications/cancelled",
            "params": { "requestId": self.id, "reason": reason }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::registry::Registry;
    use crate::server::catalog::Catalog;
    use crate::server::changes::Generation;
    use rmcp::model::MetaObject;
    use tokio::sync::watch;

    fn catalog() -> std::sync::Arc<Catalog> {
        Catalog::new(Registry::default(), &MetaObject::new(), false)
    }

    fn listen(filter: Value) -> (Result<Listen, ErrorData>, watch::Sender<Generation>) {
        let (tx, rx) = watch::channel(Generation::first(catalog()));
        let mut params = JsonObject::new();
        params.insert("notifications".into(), filter);
        (Listen::accept(&json!(7), &params, ListChanges::new(rx)), tx)
    }

    fn bump(tx: &watch::Sender<Generation>, tools: bool, resources: bool, prompts: bool) {
        let changed = Changed {
            tools,
            resources,
            prompts,
        };
        tx.send_modify(|generation| generation.advance(changed, catalog()));
    }

    #[test]
    fn the_acknowledgment_honours_only_what_is_served() {
        let (accepted, _tx) = listen(json!({"toolsListChanged": true, "promptsListChanged": true,
            "resourceSubscriptions": ["file:///x"]}));
        let ack = accepted.unwrap().acknowledged();
        assert_eq!(ack["method"], "notifications/subscriptions/acknowledged");
        assert_eq!(ack["params"]["_meta"][META_SUBSCRIPTION_ID], 7);
        assert_eq!(
            ack["params"]["notifications"],
            json!({"toolsListChanged": true, "promptsListChanged": true})
        );

        let (accepted, _tx) = listen(json!({}));
        assert_eq!(
            accepted.unwrap().acknowledged()["params"]["notifications"],
            json!({})
        );
    }

    #[test]
    fn a_filter_is_required() {
        let (tx, rx) = watch::channel(Generation::first(catalog()));
        drop(tx);
        let refused =
            Listen::accept(&json!(1), &JsonObject::new(), ListChanges::new(rx)).unwrap_err();
        assert_eq!(refused.code, rmcp::model::ErrorCode::INVALID_PARAMS);
        let (refused, _tx) = listen(json!(true));
        assert!(refused.is_err());
    }

    #[tokio::test]
    async fn each_change_is_one_notification_tagged_with_the_subscription() {
        let (accepted, tx) =
            listen(json!({"toolsListChanged": true, "resourcesListChanged": true}));
        let mut listen = accepted.unwrap();
        bump(&tx, true, false, false);
        let note = listen.next().await.unwrap();
        assert_eq!(note["method"], "notifications/tools/list_changed");
        assert_eq!(note["params"]["_meta"][META_SUBSCRIPTION_ID], 7);
        // Prompts were not asked for: only the resources change is told.
        bump(&tx, false, false, true);
        bump(&tx, true, true, true);
        let first = listen.next().await.unwrap();
        let second = listen.next().await.unwrap();
        assert_eq!(first["method"], "notifications/tools/list_changed");
        assert_eq!(second["method"], "notifications/resources/list_changed");
        drop(tx);
        assert!(listen.next().await.is_none(), "ends with the server");
    }
}
