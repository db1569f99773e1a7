//! A call's POST answered as a stream when the call talks before its reply.
//!
//! A call's outbox writes into a channel. If the call finishes without
//! having sent anything (most calls), its reply is plain JSON, as before. If
//! it sends something first (progress, a log entry), the response becomes
//! `text/event-stream`: what it sent, in order, then its reply as the last
//! event, and the stream ends. A client that does not accept
//! `text/event-stream` gets JSON with the notifications dropped.

use std::sync::Arc;

use hyper::Response;
use serde_json::Value;
use tokio::sync::mpsc;

use super::reply::{self, Body};
use super::sse::{self, Events};
use crate::server::outbound::{Closed, Outgoing, Sink};
use crate::server::{Outbox, Peer, Reply};

/// Where a call's messages wait for its response to be chosen.
struct ChannelSink(mpsc::UnboundedSender<Outgoing>);

impl Sink for ChannelSink {
    fn send(&self, message: &Outgoing) -> Result<(), Closed> {
        self.0.send(message.clone()).map_err(|_| Closed)
    }
}

/// An outbox whose messages come out of the returned receiver, and its
/// peer (where the client's answers to its requests are delivered).
pub(super) fn outbox() -> (Outbox, Arc<Peer>, mpsc::UnboundedReceiver<Outgoing>) {
    let (tx, rx) = mpsc::unbounded_channel();
    let peer = Peer::new(Arc::new(ChannelSink(tx)));
    (Outbox::to(peer.clone()), peer, rx)
}

/// The response to a call running as `run` with the outbox whose messages
/// arrive on `sent`. `run` ends with the reply, or `None` when the call was
/// cancelled (202, no body). When the response streams, `run` goes on in a
/// task that ends with the stream: a client that closes it drops `run`
/// (which, for a call that must outlive its client, is only a wait on it).
pub(super) async fn respond(
    run: impl Future<Output = Option<Reply>> + Send + 'static,
    mut sent: mpsc::UnboundedReceiver<Outgoing>,
) -> Response<Body> {
    let mut run = Box::pin(run);
    let (first, done) = tokio::select! {
        biased;
        reply = &mut run => match sent.try_recv() {
            // It sent something and finished in the same poll.
            Ok(first) => (first, Some(reply)),
            Err(_) => return done_reply(reply),
        },
        Some(first) = sent.recv() => (first, None),
    };
    let (events, response) = sse::open();
    tokio::spawn(async move {
        if !send(&events, &first).await {
            return;
        }
        let reply = match done {
            Some(reply) => reply,
            None => loop {
                tokio::select! {
                    reply = &mut run => break reply,
                    Some(message) = sent.recv() => if !send(&events, &message).await { return },
                    () = events.closed() => return,
                }
            },
        };
        while let Ok(message) = sent.try_recv() {
            if !send(&events, &message).await {
                return;
            }
        }
        if let Some(reply) = reply {
            let line = reply.to_line();
            let value: Value =
                serde_json::from_slice(&line).expect("a reply line is the JSON it was made from");
            events.send(&value).await;
        }
    });
    response
}

fn done_reply(reply: Option<Reply>) -> Response<Body> {
    match reply {
        Some(reply) => reply::message(&reply),
        None => reply::empty(hyper::StatusCode::ACCEPTED),
    }
}

async fn send(events: &Events, message: &Outgoing) -> bool {
    let value: Value = serde_json::from_slice(&message.to_line()).expect("a message line is JSON");
    events.send(&value).await
}
