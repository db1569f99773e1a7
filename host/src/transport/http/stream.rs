//! The streams the server talks on without being asked in a reply: a legacy
//! session's GET stream, which carries `notifications/*/list_changed`,
//! and 2026-07-28 `subscriptions/listen`, a POST answered with a stream of
//! the notifications it asked for.
//!
//! A stream lasts until the client closes it, its session ends (DELETE,
//! expiry), or the server shuts down; then its body ends. Streams hold no
//! request slot under `--http-max-requests` (they would hold it for hours):
//! each holds its connection, and connections are capped.

use std::time::Duration;

use hyper::{HeaderMap, Response, StatusCode};
use rmcp::model::ErrorCode;

use super::headers::{self, EVENT_STREAM, MCP_SESSION_ID};
use super::mcp::{Endpoint, not_acceptable, not_allowed};
use super::reply::{self, Body};
use super::sse::{self, Events};
use crate::server::Listen;

/// How often a quiet stream sends a comment, so that proxies keep it open
/// and a client that has gone is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

impl Endpoint {
    /// GET: the legacy session's stream of server notifications. Without a
    /// session there is nothing to stream (405, as the spec allows); a
    /// session has one stream at a time (409 for a second).
    pub(super) fn get(&self, headers: &HeaderMap) -> Response<Body> {
        let Some(id) = headers.get(MCP_SESSION_ID) else {
            return not_allowed();
        };
        let Some(session) = id.to_str().ok().and_then(|id| self.sessions.get(id)) else {
            return reply::refuse(
                StatusCode::NOT_FOUND,
                ErrorCode::INVALID_REQUEST,
                "Session not found: it ended or never existed; initialize a new one",
            );
        };
        if !headers::accepts(headers, EVENT_STREAM) {
            return not_acceptable();
        }
        let Some(claim) = session.claim_stream() else {
            return reply::refuse(
                StatusCode::CONFLICT,
                ErrorCode::INVALID_REQUEST,
                "This session already has a GET stream open",
            );
        };
        let (events, response) = sse::open();
        let mut changes = self.server.list_changes();
        let subscriptions = session.subscriptions();
        let announce = self.server.announces_list_changes();
        let ended = session.ended();
        let stopping = self.stopping();
        tokio::spawn(async move {
            let _claim = claim;
            tokio::pin!(ended, stopping);
            let mut keep_alive =
                tokio::time::interval_at(tokio::time::Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
            loop {
                tokio::select! {
                    change = changes.next() => {
                        let Some(change) = change else { break };
                        let notes = change.legacy_notifications(&subscriptions);
                        for note in notes.iter().filter(|_| announce) {
                            if !events.send(note).await {
                                return;
                            }
                        }
                    }
                    _ = keep_alive.tick() => if !events.keep_alive().await { break },
                    () = events.closed() => break,
                    () = &mut ended => break,
                    () = &mut stopping => break,
                }
            }
        });
        response
    }

    /// A 2026-07-28 `subscriptions/listen`: answered with a stream whose
    /// first event is the acknowledgment.
    pub(super) fn listen(&self, headers: &HeaderMap, listen: Listen) -> Response<Body> {
        if !headers::accepts(headers, EVENT_STREAM) {
            return reply::refuse(
                StatusCode::NOT_ACCEPTABLE,
                ErrorCode::INVALID_REQUEST,
                "subscriptions/listen answers with a stream: Accept must allow text/event-stream",
            );
        }
        let (events, response) = sse::open();
        let stopping = self.stopping();
        tokio::spawn(async move { run_listen(listen, events, stopping).await });
        response
    }
}

async fn run_listen(mut listen: Listen, events: Events, stopping: impl Future<Output = ()>) {
    if !events.send(&listen.acknowledged()).await {
        return;
    }
    tokio::pin!(stopping);
    let mut keep_alive =
        tokio::time::interval_at(tokio::time::Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
    loop {
        tokio::select! {
            next = listen.next() => match next {
                Some(note) => if !events.send(&note).await { return },
                None => return,
            },
            _ = keep_alive.tick() => if !events.keep_alive().await { return },
            () = events.closed() => return,
            () = &mut stopping => return,
        }
    }
}
