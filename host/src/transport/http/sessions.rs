//! Legacy (`initialize`-era) sessions: what `Mcp-Session-Id` names.
//!
//! A session holds the negotiated version and the calls it has in flight, so
//! `notifications/cancelled` on one POST can stop a call another POST is
//! waiting for. Ids are 128 bits from the OS CSPRNG, in hex: unguessable, so
//! one client cannot reach another's session (they are still not
//! authentication: that is the bearer token's job). An ended session's id is
//! forgotten, and using it again gets 404.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use serde_json::Value;
use tokio::task::AbortHandle;

use crate::server::Session;

/// One legacy session.
#[derive(Default)]
pub struct LegacySession {
    pub state: Mutex<Session>,
    /// Calls in flight, by JSON-encoded request id (so `1` and `"1"` differ).
    in_flight: Mutex<HashMap<String, AbortHandle>>,
}

impl LegacySession {
    /// Registers a running call; `false` if a call with this id is already in
    /// flight in this session.
    pub fn register(&self, id: &Value, task: AbortHandle) -> bool {
        let mut table = self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let key = id.to_string();
        if table.contains_key(&key) {
            return false;
        }
        table.insert(key, task);
        true
    }

    /// Forgets a finished call, unless the id now belongs to a later call
    /// (this one was cancelled and the client reused its id).
    pub fn finished(&self, id: &Value, task: tokio::task::Id) {
        let mut table = self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let key = id.to_string();
        if table.get(&key).is_some_and(|t| t.id() == task) {
            table.remove(&key);
        }
    }

    /// Stops the call with `id`, if it is still running: its future is dropped
    /// (instance, store and permits with it) and it is never answered.
    pub fn cancel(&self, id: &Value) {
        let task = self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&id.to_string());
        if let Some(task) = task {
            task.abort();
            tracing::debug!(request_id = %id, "request cancelled by the client");
        }
    }

    fn cancel_all(&self) {
        for (_, task) in self
            .in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .drain()
        {
            task.abort();
        }
    }
}

/// All live sessions, capped so that `initialize` cannot exhaust memory.
pub struct Sessions {
    live: Mutex<HashMap<String, Arc<LegacySession>>>,
    max: usize,
}

/// Why a session could not be created.
#[derive(Debug)]
pub enum SessionRefusal {
    /// At the cap: 503, retry later.
    Full,
    /// The OS random source failed: 500.
    NoRandomness,
}

impl Sessions {
    pub fn new(max: usize) -> Self {
        Self {
            live: Mutex::default(),
            max,
        }
    }

    pub fn get(&self, id: &str) -> Option<Arc<LegacySession>> {
        self.live
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(id)
            .cloned()
    }

    /// Stores `session` under a fresh id and returns the id.
    pub fn insert(&self, session: Arc<LegacySession>) -> Result<String, SessionRefusal> {
        let id = new_session_id().ok_or(SessionRefusal::NoRandomness)?;
        let mut live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        if live.len() >= self.max {
            return Err(SessionRefusal::Full);
        }
        live.insert(id.clone(), session);
        Ok(id)
    }

    /// Ends a session and stops its calls. `false` if there was none.
    pub fn end(&self, id: &str) -> bool {
        let removed = self
            .live
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id);
        match removed {
            Some(session) => {
                session.cancel_all();
                true
            }
            None => false,
        }
    }

    /// Sessions alive now.
    pub fn count(&self) -> usize {
        self.live
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// 128 random bits as 32 lower-case hex digits (visible ASCII, as the spec
/// requires of session ids).
fn new_session_id() -> Option<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_128_bit_hex_and_distinct() {
        let a = new_session_id().unwrap();
        let b = new_session_id().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn ended_sessions_are_gone_and_the_cap_holds() {
        let sessions = Sessions::new(1);
        let id = sessions.insert(Arc::default()).unwrap();
        assert!(sessions.get(&id).is_some());
        assert!(matches!(
            sessions.insert(Arc::default()),
            Err(SessionRefusal::Full)
        ));
        assert!(sessions.end(&id));
        assert!(sessions.get(&id).is_none());
        assert!(!sessions.end(&id));
        assert!(sessions.insert(Arc::default()).is_ok());
    }
}
