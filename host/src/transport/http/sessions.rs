//! Legacy (`initialize`-era) sessions: what `Mcp-Session-Id` names.
//!
//! A session holds the negotiated version and the calls it has in flight, so
//! `notifications/cancelled` on one POST can stop a call another POST is
//! waiting for. Ids are 128 bits from the OS CSPRNG, in hex: unguessable, so
//! one client cannot reach another's session (they are still not
//! authentication: that is the bearer token's job). An ended session's id is
//! forgotten, and using it again gets 404.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::watch;

use crate::server::{Peer, Response, Session, Subscriptions};
use crate::transport::in_flight::InFlight;

/// One legacy session.
pub struct LegacySession {
    pub state: Mutex<Session>,
    /// Calls in flight: the same table, and the same rules, as stdio's.
    pub calls: InFlight,
    last_used: Mutex<Instant>,
    /// Whether its GET stream is open (one at a time, so that no message
    /// ever has two streams to choose from).
    streaming: AtomicBool,
    /// Set when the session ends, which ends its GET stream.
    ended: watch::Sender<bool>,
    /// The peers of its calls, where the client's answers to their requests
    /// go (each call answers on its own POST's stream).
    peers: Mutex<Vec<Weak<Peer>>>,
}

impl Default for LegacySession {
    fn default() -> Self {
        Self {
            state: Mutex::default(),
            calls: InFlight::default(),
            last_used: Mutex::new(Instant::now()),
            streaming: AtomicBool::new(false),
            ended: watch::Sender::new(false),
            peers: Mutex::default(),
        }
    }
}

/// The session's GET stream, open while this is held.
pub struct StreamClaim(Arc<LegacySession>);

impl Drop for StreamClaim {
    fn drop(&mut self) {
        self.0.streaming.store(false, Ordering::Release);
    }
}

impl LegacySession {
    /// A session with calls in flight or a stream open is in use: it is
    /// neither expired nor evicted.
    fn busy(&self) -> bool {
        !self.calls.is_empty() || self.streaming.load(Ordering::Acquire)
    }

    /// The resources the session subscribed to.
    pub fn subscriptions(&self) -> Subscriptions {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.subscriptions.clone()
    }

    /// Opens the session's GET stream, unless one is open already.
    pub fn claim_stream(self: &Arc<Self>) -> Option<StreamClaim> {
        self.streaming
            .compare_exchange(false, true, Ordering::AcqRel, Ordering::Acquire)
            .ok()
            .map(|_| StreamClaim(self.clone()))
    }

    /// Resolves once the session has ended.
    pub fn ended(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut ended = self.ended.subscribe();
        async move {
            let _ = ended.wait_for(|ended| *ended).await;
        }
    }

    /// Routes the client's answers to `peer`'s requests to it, for as long
    /// as its call lives.
    pub fn listen_for_answers(&self, peer: &Arc<Peer>) {
        let mut peers = self.peers.lock().unwrap_or_else(PoisonError::into_inner);
        peers.retain(|p| p.strong_count() > 0);
        peers.push(Arc::downgrade(peer));
    }

    /// Delivers a response to the call whose request it answers; one that
    /// answers nothing in flight is ignored.
    pub fn deliver(&self, response: Response) {
        let waiting = {
            let peers = self.peers.lock().unwrap_or_else(PoisonError::into_inner);
            peers
                .iter()
                .filter_map(Weak::upgrade)
                .find(|peer| peer.awaits(&response))
        };
        match waiting {
            Some(peer) => {
                peer.deliver(response);
            }
            None => {
                tracing::debug!(response_id = %response.id, "response to no request in flight; ignored")
            }
        }
    }

    /// Ends the session: its calls stop, its stream closes.
    fn end(&self) {
        self.calls.cancel_all();
        self.ended.send_replace(true);
    }

    fn idle_for(&self, now: Instant) -> Duration {
        now.saturating_duration_since(
            *self
                .last_used
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
        )
    }

    /// Stops the call with `id`, if it is still running: its future is dropped
    /// (instance, store and permits with it) and it is never answered.
    pub fn cancel(&self, id: &Value) {
        if self.calls.cancel(id) {
            tracing::debug!(request_id = %id, "request cancelled by the client");
        }
    }
}

/// All live sessions, capped so that `initialize` cannot exhaust memory.
///
/// Clients often never DELETE their session, so a session unused for
/// `idle_ttl` ends by itself, and at the cap a new session replaces the
/// least recently used one without calls in flight. A client whose session
/// ended that way gets 404 and, as the spec asks, initializes again.
pub struct Sessions {
    live: Mutex<HashMap<String, Arc<LegacySession>>>,
    max: usize,
    idle_ttl: Duration,
}

/// Why a session could not be created.
#[derive(Debug)]
pub enum SessionRefusal {
    /// At the cap, and every session has a call in flight: 503, retry later.
    Full,
    /// The OS random source failed: 500.
    NoRandomness,
}

impl Sessions {
    pub fn new(max: usize, idle_ttl: Duration) -> Self {
        Self {
            live: Mutex::default(),
            max,
            idle_ttl,
        }
    }

    /// The session named `id`, marked as used now; `None` if it never
    /// existed, ended, or sat idle past the time-to-live.
    pub fn get(&self, id: &str) -> Option<Arc<LegacySession>> {
        let mut live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        let now = Instant::now();
        let session = live.get(id)?.clone();
        if session.idle_for(now) > self.idle_ttl && !session.busy() {
            live.remove(id);
            session.end();
            return None;
        }
        *session
            .last_used
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = now;
        Some(session)
    }

    /// Stores `session` under a fresh id and returns the id.
    pub fn insert(&self, session: Arc<LegacySession>) -> Result<String, SessionRefusal> {
        let id = new_session_id().ok_or(SessionRefusal::NoRandomness)?;
        let mut live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        if live.len() >= self.max {
            let now = Instant::now();
            live.retain(|_, s| s.busy() || s.idle_for(now) <= self.idle_ttl);
        }
        if live.len() >= self.max {
            let now = Instant::now();
            let oldest = live
                .iter()
                .filter(|(_, s)| !s.busy())
                .max_by_key(|(_, s)| s.idle_for(now))
                .map(|(id, _)| id.clone())
                .ok_or(SessionRefusal::Full)?;
            if let Some(evicted) = live.remove(&oldest) {
                evicted.end();
            }
            tracing::debug!("session cap reached; ended the least recently used session");
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
                session.end();
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
    fn ended_sessions_are_gone() {
        let sessions = Sessions::new(4, Duration::from_secs(60));
        let id = sessions.insert(Arc::default()).unwrap();
        assert!(sessions.get(&id).is_some());
        assert!(sessions.end(&id));
        assert!(sessions.get(&id).is_none());
        assert!(!sessions.end(&id));
    }

    #[test]
    fn at_the_cap_the_least_recently_used_idle_session_makes_room() {
        let sessions = Sessions::new(2, Duration::from_secs(60));
        let a = sessions.insert(Arc::default()).unwrap();
        let b = sessions.insert(Arc::default()).unwrap();
        sessions.get(&a); // a is now the more recently used
        let c = sessions.insert(Arc::default()).unwrap();
        assert!(sessions.get(&b).is_none(), "b was least recently used");
        assert!(sessions.get(&a).is_some() && sessions.get(&c).is_some());
    }

    #[tokio::test]
    async fn sessions_with_calls_in_flight_are_never_evicted() {
        let sessions = Sessions::new(1, Duration::ZERO);
        let busy = Arc::new(LegacySession::default());
        let id = sessions.insert(busy.clone()).unwrap();
        let task = busy
            .calls
            .start(&Value::from(1), || {
                tokio::spawn(std::future::pending::<()>())
            })
            .unwrap();
        assert!(
            busy.calls
                .start(&Value::from(1), || -> tokio::task::JoinHandle<()> {
                    unreachable!()
                })
                .is_none(),
            "one call per id"
        );
        assert!(matches!(
            sessions.insert(Arc::default()),
            Err(SessionRefusal::Full)
        ));
        assert!(sessions.get(&id).is_some(), "not expired while busy");
        sessions.end(&id);
        assert!(
            task.await.unwrap_err().is_cancelled(),
            "ending stops its calls"
        );
    }

    #[test]
    fn idle_sessions_expire() {
        let sessions = Sessions::new(4, Duration::ZERO);
        let id = sessions.insert(Arc::default()).unwrap();
        std::thread::sleep(Duration::from_millis(2));
        assert!(sessions.get(&id).is_none());
    }
}
