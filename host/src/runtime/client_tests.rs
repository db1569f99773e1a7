//! The rules of a request's line to its client, against a recording sink.

use std::sync::{Arc, Mutex};

use serde_json::json;

use super::*;
use crate::server::Peer;
use crate::server::outbound::{Closed, Outgoing, Sink};

#[derive(Default)]
struct Recorder(Mutex<Vec<(String, JsonObject)>>);

impl Sink for Recorder {
    fn send(&self, message: &Outgoing) -> Result<(), Closed> {
        if let Outgoing::Notification { method, params } = message {
            self.0
                .lock()
                .unwrap()
                .push((method.clone(), params.clone()));
        }
        Ok(())
    }
}

fn channel(wishes: ClientWishes) -> (ClientChannel, Arc<Recorder>) {
    let recorder = Arc::new(Recorder::default());
    let outbox = Outbox::to(Peer::new(recorder.clone()));
    (ClientChannel::new(outbox, wishes), recorder)
}

fn sent(recorder: &Recorder) -> Vec<(String, Value)> {
    recorder
        .0
        .lock()
        .unwrap()
        .iter()
        .map(|(m, p)| (m.clone(), Value::Object(p.clone())))
        .collect()
}

#[test]
fn progress_needs_a_token_and_a_growing_value() {
    let start = Instant::now();
    let (mut none, recorder) = channel(ClientWishes::default());
    none.progress(1.0, None, None, start);
    assert!(sent(&recorder).is_empty(), "no token, no progress");

    let (mut line, recorder) = channel(ClientWishes {
        progress_token: Some(json!("t")),
        log_level: None,
    });
    line.progress(1.0, Some(4.0), Some("one".into()), start);
    line.progress(1.0, None, None, start + PROGRESS_INTERVAL);
    line.progress(0.5, None, None, start + 2 * PROGRESS_INTERVAL);
    line.progress(2.0, None, None, start + 3 * PROGRESS_INTERVAL);
    let sent = sent(&recorder);
    assert_eq!(
        sent,
        [
            (
                "notifications/progress".to_owned(),
                json!({"progressToken": "t", "progress": 1.0, "total": 4.0, "message": "one"})
            ),
            (
                "notifications/progress".to_owned(),
                json!({"progressToken": "t", "progress": 2.0})
            ),
        ]
    );
}

#[test]
fn reports_within_the_interval_are_held_and_the_latest_is_flushed() {
    let start = Instant::now();
    let (mut line, recorder) = channel(ClientWishes {
        progress_token: Some(json!(7)),
        log_level: None,
    });
    line.progress(1.0, None, None, start);
    line.progress(2.0, None, None, start + Duration::from_millis(10));
    line.progress(3.0, None, None, start + Duration::from_millis(20));
    assert_eq!(sent(&recorder).len(), 1, "held back");
    line.flush();
    line.flush();
    let values: Vec<Value> = sent(&recorder)
        .into_iter()
        .map(|(_, p)| p["progress"].clone())
        .collect();
    assert_eq!(values, [json!(1.0), json!(3.0)], "the latest, once");
}

#[test]
fn log_entries_go_at_or_above_the_level_asked_for_redacted_and_capped() {
    let redactor = Redactor::new(["s3cret".into()]);
    let (mut silent, recorder) = channel(ClientWishes::default());
    silent.log(LogLevel::Emergency, None, "x", false, &redactor);
    assert!(sent(&recorder).is_empty(), "none asked for, none sent");

    let (mut line, recorder) = channel(ClientWishes {
        progress_token: None,
        log_level: Some(LogLevel::Warning),
    });
    line.log(LogLevel::Info, None, "too quiet", false, &redactor);
    line.log(
        LogLevel::Error,
        Some("db".into()),
        "token s3cret failed",
        false,
        &redactor,
    );
    line.log(LogLevel::Warning, None, r#"{"rows": 3}"#, true, &redactor);
    assert_eq!(
        sent(&recorder),
        [
            (
                "notifications/message".to_owned(),
                json!({"level": "error", "logger": "db", "data": "token [REDACTED] failed"})
            ),
            (
                "notifications/message".to_owned(),
                json!({"level": "warning", "data": {"rows": 3}})
            ),
        ]
    );
    for _ in 0..MAX_LOG_ENTRIES {
        line.log(LogLevel::Error, None, "again", false, &redactor);
    }
    assert_eq!(
        sent(&recorder).len() as u32,
        MAX_LOG_ENTRIES,
        "capped per request"
    );
}

#[test]
fn levels_order_and_parse_by_their_wire_names() {
    assert!(LogLevel::Debug < LogLevel::Emergency);
    for level in [
        "debug",
        "info",
        "notice",
        "warning",
        "error",
        "critical",
        "alert",
        "emergency",
    ] {
        assert_eq!(level.parse::<LogLevel>().unwrap().as_str(), level);
    }
    assert!("verbose".parse::<LogLevel>().is_err());
}
