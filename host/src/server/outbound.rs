//! What a running call sends the client before its final reply: notifications
//! (progress, log messages) and server-to-client requests (sampling,
//! elicitation, roots), whose responses come back through the transport's
//! reader and are routed here by id.
//!
//! A transport makes one [`Peer`] per connection (stdio) or session, with a
//! [`Sink`] that writes an [`Outgoing`] message its way: a line on stdout, an
//! event on an HTTP response stream. Each call it runs gets an [`Outbox`] on
//! that peer. A transport that cannot carry messages before a final reply
//! gives its calls [`Outbox::detached`], which says so to the caller instead
//! of dropping messages silently.
//!
//! A call's messages are written before its reply: both go through the same
//! sink, in the order the call produced them. Once a call is cancelled its
//! future is dropped, so it sends nothing more; a request it was waiting on is
//! withdrawn, and the client is told with `notifications/cancelled`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use rmcp::model::{ErrorData, JsonObject};
use serde::Serialize;
use serde_json::Value;
use tokio::sync::oneshot;

use super::jsonrpc::Response;

/// A message to the client that is not a reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Outgoing {
    Notification {
        method: String,
        params: JsonObject,
    },
    /// A request the client must answer; `id` is this server's, unique on
    /// the peer it was sent to.
    Request {
        id: u64,
        method: String,
        params: JsonObject,
    },
}

impl Outgoing {
    /// The message as one newline-terminated line.
    pub fn to_line(&self) -> Vec<u8> {
        #[derive(Serialize)]
        struct Line<'a> {
            jsonrpc: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            id: Option<u64>,
            method: &'a str,
            params: &'a JsonObject,
        }
        let line = match self {
            Outgoing::Notification { method, params } => Line {
                jsonrpc: "2.0",
                id: None,
                method,
                params,
            },
            Outgoing::Request { id, method, params } => Line {
                jsonrpc: "2.0",
                id: Some(*id),
                method,
                params,
            },
        };
        let mut bytes = serde_json::to_vec(&line).expect("a JSON object always serializes");
        bytes.push(b'\n');
        bytes
    }
}

/// Where a transport writes a peer's outgoing messages.
pub trait Sink: Send + Sync {
    /// Writes one message, whole. `Err` once the client can no longer
    /// receive anything.
    fn send(&self, message: &Outgoing) -> Result<(), Closed>;
}

/// The client can no longer receive messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the client has gone away")]
pub struct Closed;

/// Why a message could not be sent, or a request got no result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OutboundError {
    /// The call's transport carries its reply only (for now: HTTP).
    #[error("this transport cannot send the client anything before a call's reply")]
    Detached,
    /// The client closed its end, or stopped sending (stdin at end).
    #[error("the client has gone away")]
    Closed,
    /// The client answered the request with an error.
    #[error("the client refused the request: {} ({})", .0.message, .0.code.0)]
    Refused(ErrorData),
}

impl From<Closed> for OutboundError {
    fn from(Closed: Closed) -> Self {
        OutboundError::Closed
    }
}

type Waiter = oneshot::Sender<Result<Value, ErrorData>>;

/// One client's side of the conversation: its sink and the server-to-client
/// requests waiting for its answer.
pub struct Peer {
    sink: Arc<dyn Sink>,
    /// `None` once the client can send no more responses.
    waiting: Mutex<Option<HashMap<u64, Waiter>>>,
}

impl Peer {
    pub fn new(sink: Arc<dyn Sink>) -> Arc<Self> {
        Arc::new(Self {
            sink,
            waiting: Mutex::new(Some(HashMap::new())),
        })
    }

    /// Routes the client's response to the request waiting for it. `false`
    /// when none is: never sent, already answered, or its call has ended.
    pub fn deliver(&self, response: Response) -> bool {
        let waiter = response
            .id
            .as_u64()
            .and_then(|id| self.lock().as_mut()?.remove(&id));
        match waiter {
            Some(waiter) => waiter.send(response.outcome).is_ok(),
            None => {
                tracing::debug!(response_id = %response.id, "response to no request in flight; ignored");
                false
            }
        }
    }

    /// Whether a request with the id `response` answers is waiting here.
    pub fn awaits(&self, response: &Response) -> bool {
        response
            .id
            .as_u64()
            .is_some_and(|id| self.lock().as_ref().is_some_and(|w| w.contains_key(&id)))
    }

    /// The client will send no more responses (its input ended): every
    /// request waiting fails with [`OutboundError::Closed`], and so does any
    /// request sent from now on.
    pub fn close(&self) {
        // Dropping the senders wakes their requests.
        self.lock().take();
    }

    fn lock(&self) -> MutexGuard<'_, Option<HashMap<u64, Waiter>>> {
        self.waiting.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// What one call sends through: a handle on its client's [`Peer`], or
/// detached.
#[derive(Clone)]
pub struct Outbox {
    peer: Option<Arc<Peer>>,
}

impl Outbox {
    /// An outbox on `peer`.
    pub fn to(peer: Arc<Peer>) -> Self {
        Self { peer: Some(peer) }
    }

    /// An outbox for a transport that carries nothing but the reply: every
    /// send fails with [`OutboundError::Detached`].
    pub fn detached() -> Self {
        Self { peer: None }
    }

    /// Sends a notification.
    pub fn notify(&self, method: &str, params: JsonObject) -> Result<(), OutboundError> {
        let peer = self.peer.as_ref().ok_or(OutboundError::Detached)?;
        peer.sink.send(&Outgoing::Notification {
            method: method.to_owned(),
            params,
        })?;
        Ok(())
    }

    /// Sends a request and waits for the client's answer. Dropping the
    /// future withdraws the request: a late answer is ignored, and the client
    /// is told to stop with `notifications/cancelled`. The caller bounds the
    /// wait (a call's deadline bounds everything it awaits).
    pub async fn request(&self, method: &str, params: JsonObject) -> Result<Value, OutboundError> {
        let peer = self.peer.as_ref().ok_or(OutboundError::Detached)?;
        // Unique in the process, not only on this peer: over HTTP one
        // session has a peer per call, and an answer is routed by its id.
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let (waiter, answer) = oneshot::channel();
        // Registered before it is sent: the answer can arrive (on the
        // transport's reader) before `send` returns.
        peer.lock()
            .as_mut()
            .ok_or(OutboundError::Closed)?
            .insert(id, waiter);
        let mut pending = Pending {
            peer,
            id,
            tell_client: false,
        };
        peer.sink.send(&Outgoing::Request {
            id,
            method: method.to_owned(),
            params,
        })?;
        pending.tell_client = true;
        match answer.await {
            Ok(Ok(result)) => Ok(result),
            Ok(Err(error)) => Err(OutboundError::Refused(error)),
            Err(_) => Err(OutboundError::Closed),
        }
    }
}

/// A request registered and not yet answered. When it goes (answered,
/// failed or dropped with its call) its entry goes too; if the client still
/// had it, the client is told to stop working on it.
struct Pending<'a> {
    peer: &'a Peer,
    id: u64,
    /// Whether the client received the request.
    tell_client: bool,
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        // An answered request is no longer in the table; nor is any request
        // once the peer closed.
        let withdrawn = self
            .peer
            .lock()
            .as_mut()
            .is_some_and(|waiting| waiting.remove(&self.id).is_some());
        if !(withdrawn && self.tell_client) {
            return;
        }
        let mut params = JsonObject::new();
        params.insert("requestId".into(), Value::from(self.id));
        params.insert(
            "reason".into(),
            Value::from("the call that sent it has ended"),
        );
        let _ = self.peer.sink.send(&Outgoing::Notification {
            method: "notifications/cancelled".into(),
            params,
        });
    }
}

#[cfg(test)]
#[path = "outbound_tests.rs"]
mod tests;
