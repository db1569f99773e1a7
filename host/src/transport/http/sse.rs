//! Server-sent events: a response whose body is a stream of JSON-RPC
//! messages, one `data:` event each, for as long as the server has something
//! to say and the client listens.
//!
//! The body is fed through a small bounded channel: a client that stops
//! reading makes the sender wait rather than the server buffer without
//! bound, and a client that goes away drops the body, which every sender
//! notices ([`Events::closed`]) and stops.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Frame;
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue};
use hyper::{Response, StatusCode};
use tokio::sync::mpsc;

use super::headers::EVENT_STREAM;
use super::reply::Body;

/// Events waiting for a slow client before a sender has to wait.
const BUFFERED_EVENTS: usize = 16;

/// The sending end of an open event stream.
pub struct Events {
    tx: mpsc::Sender<Bytes>,
}

/// Opens a stream: the response to return now, and where its events go.
pub fn open() -> (Events, Response<Body>) {
    let (tx, rx) = mpsc::channel(BUFFERED_EVENTS);
    let mut response = Response::new(EventBody { rx }.boxed());
    *response.status_mut() = StatusCode::OK;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(EVENT_STREAM));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    (Events { tx }, response)
}

impl Events {
    /// Sends one JSON-RPC message as an event; `false` once the client has
    /// gone.
    pub async fn send(&self, message: &serde_json::Value) -> bool {
        let json = serde_json::to_vec(message).expect("a JSON value serializes");
        let mut event = Vec::with_capacity(json.len() + 8);
        event.extend_from_slice(b"data: ");
        event.extend_from_slice(&json);
        event.extend_from_slice(b"\n\n");
        self.tx.send(Bytes::from(event)).await.is_ok()
    }

    /// Sends a comment line, which clients ignore: it keeps proxies from
    /// closing a quiet stream, and finds a client that has gone.
    pub async fn keep_alive(&self) -> bool {
        self.tx
            .send(Bytes::from_static(b": keep-alive\n\n"))
            .await
            .is_ok()
    }

    /// Resolves once the client has gone (the response body was dropped).
    pub async fn closed(&self) {
        self.tx.closed().await
    }
}

struct EventBody {
    rx: mpsc::Receiver<Bytes>,
}

impl hyper::body::Body for EventBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.rx
            .poll_recv(cx)
            .map(|event| event.map(|bytes| Ok(Frame::data(bytes))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_message_is_one_data_event_and_the_stream_ends_with_its_sender() {
        let (events, response) = open();
        assert_eq!(response.headers()[CONTENT_TYPE], EVENT_STREAM);
        let body = response.into_body();
        assert!(
            events
                .send(&serde_json::json!({"jsonrpc": "2.0", "method": "m"}))
                .await
        );
        assert!(events.keep_alive().await);
        drop(events);
        let bytes = body.collect().await.unwrap().to_bytes();
        assert_eq!(
            &bytes[..],
            b"data: {\"jsonrpc\":\"2.0\",\"method\":\"m\"}\n\n: keep-alive\n\n"
        );
    }

    #[tokio::test]
    async fn a_client_that_goes_away_is_noticed() {
        let (events, response) = open();
        drop(response);
        events.closed().await;
        assert!(!events.send(&serde_json::json!({})).await);
    }
}
