//! The MCP endpoint, `/mcp`, for both protocol eras.
//!
//! Every message is parsed once and goes through [`Server::handle`], the same dispatcher
//! stdio uses, so validation, limits and error mapping are shared; this
//! module adds only what HTTP adds: media types, body limits, the 2026-07-28
//! routing headers, legacy sessions and the status a reply travels with.
//!
//! Which era a POST belongs to:
//! - its body carries the 2026-07-28 `_meta` protocol version: stateless,
//!   whatever `Mcp-Session-Id` it may also carry;
//! - it carries `Mcp-Session-Id`: the legacy session it names (404 if there
//!   is none, for instance after DELETE);
//! - its body is an `initialize` request: a new legacy session, whose id is
//!   returned in `Mcp-Session-Id`;
//! - anything else: a stateless 2026-07-28 request. A legacy request that
//!   lost its session id lands here and gets 400 for its missing `_meta`.
//!
//! Replies are `application/json`, unless a call sends its client something
//! before its reply (progress, a log entry): then, for a client that accepts
//! `text/event-stream`, the response streams those messages and ends with
//! the reply (`call_stream`). The streams the server talks on unasked (a
//! legacy session's GET stream, 2026-07-28 `subscriptions/listen`) are in
//! `stream`. GET without a session is 405.
//!
//! Cancellation: for a 2026-07-28 request the call runs inside the response
//! future, so a client that closes the connection drops the call. In a legacy
//! session disconnecting is not cancellation; `notifications/cancelled` is,
//! and the cancelled request's POST then ends with 202 and no body. A legacy
//! call whose client disconnected runs on, still in its session (so DELETE
//! and `notifications/cancelled` still stop it) and still counted against
//! `--http-max-requests`, until it ends.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{ALLOW, CONTENT_LENGTH, HeaderValue};
use hyper::{HeaderMap, Method, Request, Response, StatusCode};
use rmcp::model::ErrorCode;
use serde_json::Value;

use super::cap::Admission;
use super::headers::{self, EVENT_STREAM, JSON, MCP_SESSION_ID};
use super::reply::{self, Body};
use super::sessions::Sessions;
use crate::server::jsonrpc::{self, Message, Rejected};
use crate::server::{Dispatch, Outbox, PendingCall, Reply, Server, Session};

/// What `/mcp` needs, shared by every connection.
pub struct Endpoint {
    pub server: Arc<Server>,
    pub sessions: Sessions,
    /// Largest request body accepted; a larger one is 413.
    pub max_body_bytes: usize,
    /// How long a request body may take to arrive (slow senders); then 408.
    pub body_timeout: Duration,
    /// Set at shutdown: every stream ends, so connections can close.
    pub shutdown: tokio::sync::watch::Sender<bool>,
}

impl Endpoint {
    /// Serves one request. Its admission's slot is its place under
    /// `--http-max-requests`: held until the response is ready, or by a
    /// legacy call until the call ends, since that call outlives a client
    /// that disconnects.
    pub async fn handle(&self, request: Request<Incoming>, admission: Admission) -> Response<Body> {
        match *request.method() {
            Method::POST => self.post(request, admission).await,
            Method::GET => self.get(request.headers()),
            Method::DELETE => self.delete(request.headers()),
            _ => not_allowed(),
        }
    }

    /// Resolves once the server is shutting down.
    pub(super) fn stopping(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut shutdown = self.shutdown.subscribe();
        async move {
            let _ = shutdown.wait_for(|stopping| *stopping).await;
        }
    }

    async fn post(&self, request: Request<Incoming>, admission: Admission) -> Response<Body> {
        let (parts, body) = request.into_parts();
        let headers = &parts.headers;
        if !headers::content_type_is_json(headers) {
            return reply::refuse(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::INVALID_REQUEST,
                "Content-Type must be application/json",
            );
        }
        if !headers::accepts(headers, JSON) {
            return not_acceptable();
        }
        let body = match self.read_body(headers, body).await {
            Ok(body) => body,
            Err(response) => return response,
        };
        // Parsed once; the era and the route are decided from the result.
        let message = jsonrpc::parse(&body);
        let stops_work = matches!(
            message,
            Ok(Message::Notification { .. } | Message::Response(_))
        );
        if admission.control_only && !stops_work {
            return reply::busy(super::BUSY);
        }
        let slot = admission.slot;
        let modern_meta = message.as_ref().is_ok_and(Message::has_modern_meta);
        // A 2026-07-28 message ignores any Mcp-Session-Id it carries.
        if !modern_meta && let Some(session_id) = headers.get(MCP_SESSION_ID) {
            let session = session_id
                .to_str()
                .ok()
                .and_then(|id| self.sessions.get(id));
            return match session {
                Some(session) => self.legacy(headers, message, session, slot).await,
                None => reply::refuse(
                    StatusCode::NOT_FOUND,
                    ErrorCode::INVALID_REQUEST,
                    "Session not found: it ended or never existed; initialize a new one",
                ),
            };
        }
        let initialize =
            matches!(&message, Ok(Message::Request { method, .. }) if method == "initialize");
        if !modern_meta && initialize {
            return self.initialize(headers, message);
        }
        self.modern(headers, message).await
    }

    /// Reads the whole body, at most `max_body_bytes`, within `body_timeout`.
    async fn read_body(
        &self,
        headers: &HeaderMap,
        body: Incoming,
    ) -> Result<Bytes, Response<Body>> {
        let too_large = || {
            reply::refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::INVALID_REQUEST,
                &format!(
                    "The request body is larger than {} bytes",
                    self.max_body_bytes
                ),
            )
        };
        let declared = headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        if declared.is_some_and(|n| n > self.max_body_bytes as u64) {
            return Err(too_large());
        }
        let limited = Limited::new(body, self.max_body_bytes);
        match tokio::time::timeout(self.body_timeout, limited.collect()).await {
            Ok(Ok(collected)) => Ok(collected.to_bytes()),
            Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_large()),
            Ok(Err(_)) => Err(reply::refuse(
                StatusCode::BAD_REQUEST,
                ErrorCode::INVALID_REQUEST,
                "The request body could not be read",
            )),
            Err(_) => Err(reply::refuse(
                StatusCode::REQUEST_TIMEOUT,
                ErrorCode::INVALID_REQUEST,
                "The request body did not arrive in time",
            )),
        }
    }

    /// A stateless 2026-07-28 message.
    async fn modern(
        &self,
        headers: &HeaderMap,
        message: Result<Message, Rejected>,
    ) -> Response<Body> {
        if let Ok(Message::Request { id, method, params }) = &message
            && let Err(error) = headers::check_modern(headers, method, params)
        {
            return reply::message(&Reply::malformed(Some(id), error));
        }
        match self.server.handle(message, &mut Session::default()) {
            Dispatch::Reply(reply) | Dispatch::Initialized(reply) => reply::message(&reply),
            // A client that takes streams gets the call's messages too.
            Dispatch::Call(call) if headers::accepts(headers, EVENT_STREAM) => {
                let (outbox, _peer, sent) = super::call_stream::outbox();
                let run = async move { Some(run_until_disconnect(call, outbox).await) };
                super::call_stream::respond(run, sent).await
            }
            Dispatch::Call(call) => {
                reply::message(&run_until_disconnect(call, Outbox::detached()).await)
            }
            // A stateless request has no peer to answer: its calls are
            // detached, so no response is awaited.
            Dispatch::Response(_) | Dispatch::Cancel(_) | Dispatch::Nothing => {
                reply::empty(StatusCode::ACCEPTED)
            }
            Dispatch::Listen(listen) => self.listen(headers, listen),
        }
    }
}

/// Runs a 2026-07-28 call inside the response future: if the client goes
/// away, hyper drops this future and the call with it (the spec makes a
/// closed stream the cancellation).
async fn run_until_disconnect(call: PendingCall, outbox: Outbox) -> Reply {
    struct Notice {
        id: Value,
        done: bool,
    }
    impl Drop for Notice {
        fn drop(&mut self) {
            if !self.done {
                tracing::info!(request_id = %self.id, "connection closed before the reply; call dropped");
            }
        }
    }
    let mut notice = Notice {
        id: call.id().clone(),
        done: false,
    };
    let reply = call.run(outbox).await;
    notice.done = true;
    reply
}

pub(super) fn not_acceptable() -> Response<Body> {
    reply::refuse(
        StatusCode::NOT_ACCEPTABLE,
        ErrorCode::INVALID_REQUEST,
        "Accept must allow application/json and text/event-stream",
    )
}

pub(super) fn not_allowed() -> Response<Body> {
    let mut response = reply::empty(StatusCode::METHOD_NOT_ALLOWED);
    response
        .headers_mut()
        .insert(ALLOW, HeaderValue::from_static("GET, POST, DELETE"));
    response
}
