//! The `initialize` era on `/mcp`: creating a session, serving requests in
//! it, cancelling its calls, and ending it with DELETE.

use std::sync::Arc;

use hyper::header::HeaderValue;
use hyper::{HeaderMap, Response, StatusCode};
use rmcp::model::{ErrorCode, ErrorData};
use serde_json::Value;

use super::call_stream;
use super::cap::Slot;
use super::headers::{self, EVENT_STREAM, MCP_PROTOCOL_VERSION, MCP_SESSION_ID};
use super::mcp::{Endpoint, not_acceptable, not_allowed};
use super::reply::{self, Body};
use super::sessions::{LegacySession, SessionRefusal};
use crate::server::jsonrpc::{Message, Rejected, error_line};
use crate::server::{Dispatch, PendingCall, era};

impl Endpoint {
    /// `initialize` without a session: a new legacy session.
    pub(super) fn initialize(
        &self,
        headers: &HeaderMap,
        message: Result<Message, Rejected>,
    ) -> Response<Body> {
        if !headers::accepts(headers, EVENT_STREAM) {
            return not_acceptable();
        }
        let session = Arc::new(LegacySession::default());
        let dispatch = {
            let mut state = session.state.lock().unwrap_or_else(|e| e.into_inner());
            self.server.handle(message, &mut state)
        };
        let reply = match dispatch {
            Dispatch::Initialized(reply) => reply,
            Dispatch::Reply(refused) => return reply::message(&refused),
            _ => return reply::empty(StatusCode::ACCEPTED),
        };
        match self.sessions.insert(session) {
            Ok(id) => {
                let mut response = reply::message(&reply);
                if let Ok(value) = HeaderValue::from_str(&id) {
                    response.headers_mut().insert(MCP_SESSION_ID, value);
                }
                response
            }
            Err(SessionRefusal::Full) => reply::busy("Too many sessions; retry later"),
            Err(SessionRefusal::NoRandomness) => {
                tracing::error!("the OS random source failed; cannot create a session id");
                reply::refuse(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorCode::INTERNAL_ERROR,
                    "Internal error",
                )
            }
        }
    }

    /// A message in an existing legacy session.
    pub(super) async fn legacy(
        &self,
        headers: &HeaderMap,
        message: Result<Message, Rejected>,
        session: Arc<LegacySession>,
        slot: Slot,
    ) -> Response<Body> {
        if !headers::accepts(headers, EVENT_STREAM) {
            return not_acceptable();
        }
        if let Some(version) = headers.get(MCP_PROTOCOL_VERSION) {
            let known = era::supported_versions()
                .iter()
                .any(|v| version.as_bytes() == v.as_str().as_bytes());
            if !known {
                return reply::refuse(
                    StatusCode::BAD_REQUEST,
                    ErrorCode::INVALID_REQUEST,
                    "Unsupported MCP-Protocol-Version header",
                );
            }
        }
        let dispatch = {
            let mut state = session.state.lock().unwrap_or_else(|e| e.into_inner());
            self.server.handle(message, &mut state)
        };
        match dispatch {
            Dispatch::Reply(reply) | Dispatch::Initialized(reply) => reply::message(&reply),
            Dispatch::Call(call) => run_in_session(call, session, slot).await,
            Dispatch::Cancel(id) => {
                session.cancel(&id);
                reply::empty(StatusCode::ACCEPTED)
            }
            // An answer to a request one of the session's calls sent.
            Dispatch::Response(response) => {
                session.deliver(response);
                reply::empty(StatusCode::ACCEPTED)
            }
            Dispatch::Nothing => reply::empty(StatusCode::ACCEPTED),
            // Not a legacy-era method: the dispatcher refuses it there.
            Dispatch::Listen(listen) => self.listen(headers, listen),
        }
    }

    /// DELETE with `Mcp-Session-Id` ends that session (its calls are stopped).
    pub(super) fn delete(&self, headers: &HeaderMap) -> Response<Body> {
        let Some(id) = headers.get(MCP_SESSION_ID) else {
            return not_allowed();
        };
        if id.to_str().is_ok_and(|id| self.sessions.end(id)) {
            reply::empty(StatusCode::NO_CONTENT)
        } else {
            reply::refuse(
                StatusCode::NOT_FOUND,
                ErrorCode::INVALID_REQUEST,
                "Session not found",
            )
        }
    }
}

/// Runs a legacy call as its own task, registered in the session so that
/// `notifications/cancelled` and DELETE can stop it.
///
/// A disconnect does not stop it (in this era only cancellation does), so the
/// task, not the POST, owns what the call holds: the request's `slot` under
/// `--http-max-requests`, and its entry in the session, which it removes
/// itself when it ends. The POST only waits for the reply; if its connection
/// closes first, the call runs on, still counted and still stoppable.
async fn run_in_session(
    call: PendingCall,
    session: Arc<LegacySession>,
    slot: Slot,
) -> Response<Body> {
    let id = call.id().clone();
    let (its_session, its_id) = (session.clone(), id.clone());
    let (outbox, peer, sent) = call_stream::outbox();
    // The client answers the call's requests in later POSTs of the session.
    session.listen_for_answers(&peer);
    let started = session.calls.start(&id, move || {
        tokio::spawn(async move {
            let _slot = slot;
            let registered = Registered {
                session: its_session,
                id: its_id,
                task: tokio::task::id(),
            };
            let line = call.run(outbox).await;
            // As on stdio: not if the client cancelled it meanwhile.
            registered
                .session
                .calls
                .finish(&registered.id, registered.task)
                .then_some(line)
        })
    });
    let Some(task) = started else {
        let error = ErrorData::invalid_request(
            "Invalid Request: a request with this id is already in flight",
            None,
        );
        return reply::json(StatusCode::OK, error_line(Some(&id), &error));
    };
    // The POST waits for the task; if it streams, the wait moves into the
    // stream's task, and a client that leaves stops only the wait.
    let wait = async move {
        let mut waiting = Waiting { id, done: false };
        let result = task.await;
        waiting.done = true;
        match result {
            Ok(reply) => reply,
            // Cancelled by the client (or its session ended): no reply.
            Err(e) if e.is_cancelled() => None,
            Err(_) => {
                let correlation = crate::correlation::CorrelationId::new();
                tracing::error!(correlation_id = %correlation, "a legacy call's task failed");
                Some(crate::server::Reply::error(
                    Some(&waiting.id),
                    crate::server::error_table::internal_error(correlation),
                ))
            }
        }
    };
    call_stream::respond(wait, sent).await
}

/// Held by a legacy call's task: when the task ends, however it ends (it may
/// be aborted or panic before it finishes its entry itself), the
/// call leaves its session. The task id guards against removing a later call
/// that reused the id after this one was cancelled (a cancelled call has
/// already been removed by whoever cancelled it).
struct Registered {
    session: Arc<LegacySession>,
    id: Value,
    task: tokio::task::Id,
}

impl Drop for Registered {
    fn drop(&mut self) {
        self.session.calls.finish(&self.id, self.task);
    }
}

/// Held by the POST waiting for a legacy call's reply, to say in the log
/// when the client left before it.
struct Waiting {
    id: Value,
    done: bool,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if !self.done {
            tracing::info!(request_id = %self.id,
                "connection closed before the reply; the call runs on in its session");
        }
    }
}
