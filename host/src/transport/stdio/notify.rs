//! What the server sends over stdio without being asked in a request's
//! reply: the legacy era's `notifications/{tools,resources,prompts}/list_changed`,
//! and the streams of `subscriptions/listen` (2026-07-28).

use std::sync::{Arc, Mutex, PoisonError};

use tokio::runtime::Handle;
use tokio::task::JoinHandle;

use super::super::in_flight::InFlight;
use super::Replies;
use crate::server::jsonrpc::error_line;
use crate::server::{Catalog, Listen, Server, Subscriptions};

/// Sends `notifications/*/list_changed` whenever a reload changes a list,
/// and `notifications/resources/updated` for each subscribed resource whose
/// component it replaced, once the client has initialized a legacy-era session (the
/// era whose `initialize` declared `listChanged: true`; at 2026-07-28 a
/// change is announced only to a `subscriptions/listen` stream).
pub(super) struct Announcer {
    task: Option<JoinHandle<()>>,
    /// The catalog in service when the client initialized: a change that
    /// ends there (one that happened just before, seen just after) is old news.
    initialized: Arc<Mutex<Option<Arc<Catalog>>>>,
}

impl Announcer {
    pub(super) fn start(
        server: &Server,
        runtime: &Handle,
        out: &Replies,
        subscriptions: Subscriptions,
    ) -> Self {
        let initialized = Arc::new(Mutex::new(None::<Arc<Catalog>>));
        if !server.announces_list_changes() {
            return Self {
                task: None,
                initialized,
            };
        }
        let mut changes = server.list_changes();
        let (out, ready) = (out.clone(), initialized.clone());
        let task = runtime.spawn(async move {
            while let Some(change) = changes.next().await {
                let seen = ready.lock().unwrap_or_else(PoisonError::into_inner).clone();
                if seen.is_some_and(|seen| !change.ends_at(&seen)) {
                    for note in change.legacy_notifications(&subscriptions) {
                        out.write_line(&line(&note));
                    }
                }
            }
        });
        Self {
            task: Some(task),
            initialized,
        }
    }

    /// The client initialized while `catalog` was in service.
    pub(super) fn initialized(&self, catalog: Arc<Catalog>) {
        *self
            .initialized
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(catalog);
    }

    pub(super) fn stop(&self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// Opens a `subscriptions/listen` stream: its acknowledgment now, then each
/// notification it asked for, until the client cancels the request (which
/// the in-flight table turns into an abort, like a call's). Never answered.
pub(super) fn start_listen(
    mut listen: Listen,
    runtime: &Handle,
    in_flight: &Arc<InFlight>,
    out: &Replies,
) -> Option<JoinHandle<()>> {
    if in_flight.contains(&listen.id) {
        let error = rmcp::model::ErrorData::invalid_request(
            "Invalid Request: a request with this id is already in flight",
            None,
        );
        out.write_line(&error_line(Some(&listen.id), &error));
        return None;
    }
    let id = listen.id.clone();
    let out = out.clone();
    in_flight.start(&id, move || {
        runtime.spawn(async move {
            if !out.write_line(&line(&listen.acknowledged())) {
                return;
            }
            while let Some(notification) = listen.next().await {
                if !out.write_line(&line(&notification)) {
                    return;
                }
            }
        })
    })
}

fn line(message: &serde_json::Value) -> Vec<u8> {
    let mut line = serde_json::to_vec(message).expect("a JSON value serializes");
    line.push(b'\n');
    line
}
