//! The calls a connection (stdio) or a legacy HTTP session has in flight, by
//! request id, so that `notifications/cancelled` can stop one and its reply
//! is never written. Both transports use this one table.
//!
//! An entry remembers which task runs the call. A call that finishes removes
//! its entry only if the entry is still its own: the client may have
//! cancelled it and reused the id for a new call, whose entry must survive,
//! and whose reply must be the only one sent under that id.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use serde_json::{Number, Value};
use tokio::task::{AbortHandle, Id, JoinHandle};

/// Calls in flight, by request id.
#[derive(Default)]
pub struct InFlight {
    calls: Mutex<HashMap<Key, AbortHandle>>,
}

/// A request id as a key: `1` and `"1"` differ, as JSON-RPC says they do.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Number(Number),
    String(String),
    /// Never from a parsed request (its id is a string or an integer); kept
    /// as JSON text so the conversion is total.
    Other(String),
}

impl From<&Value> for Key {
    fn from(id: &Value) -> Self {
        match id {
            Value::Number(n) => Key::Number(n.clone()),
            Value::String(s) => Key::String(s.clone()),
            other => Key::Other(other.to_string()),
        }
    }
}

impl InFlight {
    /// Starts a call with `spawn` and registers it under `id`, unless a call
    /// with this id is already in flight (then `None`, nothing started). The
    /// table stays locked across `spawn`, so the call cannot finish and look
    /// for its entry before the entry exists.
    pub fn start<T>(
        &self,
        id: &Value,
        spawn: impl FnOnce() -> JoinHandle<T>,
    ) -> Option<JoinHandle<T>> {
        let mut calls = self.lock();
        let key = Key::from(id);
        if calls.contains_key(&key) {
            return None;
        }
        let task = spawn();
        calls.insert(key, task.abort_handle());
        Some(task)
    }

    /// Whether a call with `id` is in flight.
    pub fn contains(&self, id: &Value) -> bool {
        self.lock().contains_key(&Key::from(id))
    }

    /// Called by the task `task` when its call has its reply: removes the
    /// entry and says whether the reply should be sent. `false` when the call
    /// was cancelled, including when its id now belongs to a later call.
    pub fn finish(&self, id: &Value, task: Id) -> bool {
        let mut calls = self.lock();
        let key = Key::from(id);
        if calls.get(&key).is_some_and(|handle| handle.id() == task) {
            calls.remove(&key);
            return true;
        }
        false
    }

    /// Stops the call with `id`, if one is in flight: its future is dropped
    /// (instance, store and permits with it) and it is never answered.
    /// Returns whether there was one.
    pub fn cancel(&self, id: &Value) -> bool {
        let Some(task) = self.lock().remove(&Key::from(id)) else {
            return false;
        };
        task.abort();
        true
    }

    /// Stops every call in flight.
    pub fn cancel_all(&self) {
        for (_, task) in self.lock().drain() {
            task.abort();
        }
    }

    /// Whether no call is in flight.
    pub fn is_empty(&self) -> bool {
        self.lock().is_empty()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, AbortHandle>> {
        self.calls.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use tokio::sync::oneshot;

    /// A call that finishes when told to, then asks the table whether its
    /// reply is still wanted.
    fn call(table: &Arc<InFlight>, id: &Value) -> Option<(oneshot::Sender<()>, JoinHandle<bool>)> {
        let (go, wait) = oneshot::channel::<()>();
        let (table2, id2) = (table.clone(), id.clone());
        let task = table.start(id, move || {
            tokio::spawn(async move {
                let _ = wait.await;
                table2.finish(&id2, tokio::task::id())
            })
        })?;
        Some((go, task))
    }

    #[tokio::test]
    async fn a_finished_call_replies_once() {
        let table = Arc::new(InFlight::default());
        let (go, task) = call(&table, &Value::from(1)).unwrap();
        assert!(call(&table, &Value::from(1)).is_none(), "one call per id");
        assert!(
            call(&table, &Value::from("1")).is_some(),
            "1 and \"1\" differ"
        );
        go.send(()).unwrap();
        assert!(task.await.unwrap(), "its reply is wanted");
        assert!(!table.contains(&Value::from(1)));
    }

    #[tokio::test]
    async fn a_cancelled_call_whose_id_was_reused_never_replies_for_the_new_one() {
        let table = Arc::new(InFlight::default());
        let id = Value::from(7);
        // The first call is past its last await when the cancellation
        // arrives: aborting it has no effect, and it will ask to reply.
        let first = table.clone();
        let (reached, at_end) = oneshot::channel::<tokio::task::Id>();
        let (resume, resumed) = oneshot::channel::<()>();
        let old = table
            .start(&id, move || {
                tokio::spawn(async move {
                    reached.send(tokio::task::id()).unwrap();
                    let _ = resumed.await;
                    first.finish(&Value::from(7), tokio::task::id())
                })
            })
            .unwrap();
        let old_task = at_end.await.unwrap();
        assert!(table.cancel(&id));
        let (go, new) = call(&table, &id).expect("the id is free again");
        // Whatever the old task does now, it must not take the new entry.
        assert!(!table.finish(&id, old_task));
        assert!(table.contains(&id), "the new call is still registered");
        let _ = resume.send(());
        match old.await {
            Ok(wanted) => assert!(!wanted, "the cancelled call must not reply"),
            Err(e) => assert!(e.is_cancelled()),
        }
        go.send(()).unwrap();
        assert!(new.await.unwrap(), "the new call replies");
    }

    #[tokio::test]
    async fn cancel_all_stops_every_call() {
        let table = Arc::new(InFlight::default());
        let (_a, a) = call(&table, &Value::from(1)).unwrap();
        let (_b, b) = call(&table, &Value::from(2)).unwrap();
        table.cancel_all();
        assert!(table.is_empty());
        assert!(a.await.unwrap_err().is_cancelled());
        assert!(b.await.unwrap_err().is_cancelled());
    }
}
