//! Tests of `outbound.rs`: a recording sink stands in for the transport, and
//! every wait is on a message the sink received, never on time.

use super::*;
use tokio::sync::mpsc;

/// Records what is sent, in order; refuses everything once closed.
struct Recorder {
    sent: mpsc::UnboundedSender<Outgoing>,
    closed: std::sync::atomic::AtomicBool,
}

impl Sink for Recorder {
    fn send(&self, message: &Outgoing) -> Result<(), Closed> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(Closed);
        }
        self.sent.send(message.clone()).map_err(|_| Closed)
    }
}

fn peer() -> (Arc<Peer>, Arc<Recorder>, mpsc::UnboundedReceiver<Outgoing>) {
    let (sent, received) = mpsc::unbounded_channel();
    let recorder = Arc::new(Recorder {
        sent,
        closed: false.into(),
    });
    (Peer::new(recorder.clone()), recorder, received)
}

fn params(pairs: &[(&str, Value)]) -> JsonObject {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

/// Waits for the next request the client was sent; returns its id.
async fn next_request(received: &mut mpsc::UnboundedReceiver<Outgoing>) -> u64 {
    match received.recv().await.expect("a message") {
        Outgoing::Request { id, .. } => id,
        other => panic!("expected a request, got {other:?}"),
    }
}

fn answer(id: u64, outcome: Result<Value, ErrorData>) -> Response {
    Response {
        id: Value::from(id),
        outcome,
    }
}

#[test]
fn messages_are_json_rpc_lines() {
    let note = Outgoing::Notification {
        method: "notifications/progress".into(),
        params: params(&[("progress", Value::from(1))]),
    };
    let line = note.to_line();
    assert_eq!(line.last(), Some(&b'\n'));
    let value: Value = serde_json::from_slice(&line).unwrap();
    assert_eq!(
        value,
        serde_json::json!({"jsonrpc": "2.0", "method": "notifications/progress",
            "params": {"progress": 1}})
    );
    let request = Outgoing::Request {
        id: 9,
        method: "ping".into(),
        params: JsonObject::new(),
    };
    let value: Value = serde_json::from_slice(&request.to_line()).unwrap();
    assert_eq!(
        value,
        serde_json::json!({"jsonrpc": "2.0", "id": 9, "method": "ping", "params": {}})
    );
}

#[tokio::test]
async fn a_detached_outbox_says_so() {
    let outbox = Outbox::detached();
    assert_eq!(
        outbox.notify("notifications/message", JsonObject::new()),
        Err(OutboundError::Detached)
    );
    assert_eq!(
        outbox.request("ping", JsonObject::new()).await,
        Err(OutboundError::Detached)
    );
}

#[tokio::test]
async fn a_request_gets_the_answer_sent_under_its_id() {
    let (peer, _recorder, mut received) = peer();
    let outbox = Outbox::to(peer.clone());
    outbox
        .notify("notifications/message", params(&[("data", "first".into())]))
        .unwrap();
    let asking = tokio::spawn({
        let outbox = outbox.clone();
        async move { outbox.request("roots/list", JsonObject::new()).await }
    });
    let noted = received.recv().await.unwrap();
    assert!(
        matches!(noted, Outgoing::Notification { ref method, .. } if method == "notifications/message")
    );
    let id = next_request(&mut received).await;

    assert!(
        !peer.deliver(answer(id + 1, Ok(Value::from("stray")))),
        "an answer to no request is ignored"
    );
    assert!(
        !peer.deliver(Response {
            id: Value::from(id.to_string()),
            outcome: Ok(Value::Null),
        }),
        "the id must match exactly: a string is not the number"
    );
    assert!(peer.deliver(answer(id, Ok(serde_json::json!({"roots": []})))));
    assert_eq!(asking.await.unwrap(), Ok(serde_json::json!({"roots": []})));
    assert!(
        !peer.deliver(answer(id, Ok(Value::Null))),
        "a request is answered once"
    );

    // The next request gets a fresh id, and an error answer is typed.
    let asking = tokio::spawn(async move { outbox.request("ping", JsonObject::new()).await });
    let second = next_request(&mut received).await;
    assert_ne!(second, id);
    let refusal = ErrorData::new(rmcp::model::ErrorCode(-1), "declined", None);
    assert!(peer.deliver(answer(second, Err(refusal.clone()))));
    assert_eq!(asking.await.unwrap(), Err(OutboundError::Refused(refusal)));
    assert!(received.try_recv().is_err(), "nothing else was sent");
}

#[tokio::test]
async fn a_request_dropped_with_its_call_is_withdrawn_and_the_client_told() {
    let (peer, _recorder, mut received) = peer();
    let outbox = Outbox::to(peer.clone());
    let asking = tokio::spawn(async move {
        outbox
            .request("elicitation/create", JsonObject::new())
            .await
    });
    let id = next_request(&mut received).await;
    asking.abort();
    assert!(asking.await.unwrap_err().is_cancelled());
    match received.recv().await.unwrap() {
        Outgoing::Notification { method, params } => {
            assert_eq!(method, "notifications/cancelled");
            assert_eq!(params["requestId"], Value::from(id));
        }
        other => panic!("expected the cancellation, got {other:?}"),
    }
    assert!(
        !peer.deliver(answer(id, Ok(Value::Null))),
        "a late answer goes nowhere"
    );
}

#[tokio::test]
async fn requests_fail_once_the_client_can_no_longer_answer() {
    let (peer, _recorder, mut received) = peer();
    let outbox = Outbox::to(peer.clone());
    let asking = tokio::spawn({
        let outbox = outbox.clone();
        async move { outbox.request("ping", JsonObject::new()).await }
    });
    next_request(&mut received).await;
    peer.close();
    assert_eq!(asking.await.unwrap(), Err(OutboundError::Closed));
    assert_eq!(
        outbox.request("ping", JsonObject::new()).await,
        Err(OutboundError::Closed)
    );
    assert!(
        received.try_recv().is_err(),
        "no cancellation to a closed peer"
    );
}

#[tokio::test]
async fn a_sink_that_cannot_write_fails_sends_and_leaves_nothing_waiting() {
    let (peer, recorder, _received) = peer();
    recorder.closed.store(true, Ordering::SeqCst);
    let outbox = Outbox::to(peer.clone());
    assert_eq!(
        outbox.notify("notifications/message", JsonObject::new()),
        Err(OutboundError::Closed)
    );
    assert_eq!(
        outbox.request("ping", JsonObject::new()).await,
        Err(OutboundError::Closed)
    );
    assert!(peer.lock().as_ref().unwrap().is_empty());
}
