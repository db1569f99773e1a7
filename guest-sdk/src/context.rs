//! What a request runs with besides its arguments, and its line to the
//! client while it runs.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::ask::RootList;
use crate::{Elicited, LogEntry, LogLevel, Notification, Root, Sampled};

/// What the client said it can answer. Ask only for what it can: the host
/// refuses a request whose questions the client did not declare.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientCapabilities {
    /// It can ask its user to fill in a form.
    pub elicitation: bool,
    /// It can ask its model to write something.
    pub sampling: bool,
    /// It can list its roots.
    pub roots: bool,
}

impl ClientCapabilities {
    /// A client that can answer every question; for native tests.
    ///
    /// ```
    /// use toolhost_sdk::{ClientCapabilities, Context};
    ///
    /// let cx = Context::new().with_client(ClientCapabilities::all());
    /// assert!(cx.client().elicitation && cx.client().sampling && cx.client().roots);
    /// ```
    pub fn all() -> Self {
        Self {
            elicitation: true,
            sampling: true,
            roots: true,
        }
    }
}

/// A request's context: what the client can answer, the previous round's
/// answers and state, and the line for progress and the client's log.
///
/// Handlers that need it take `&mut Context` (see
/// [`Tool::with_context`](crate::Tool::with_context)). Every round runs in a
/// fresh instance: the answers and the state are all that is left of the
/// round before.
///
/// Natively (in unit tests) there is no client: build a context with
/// [`Context::new`] and the `with_` methods, run the handler, and check what
/// it sent with [`Context::notifications`].
///
/// ```
/// use toolhost_sdk::{Context, LogLevel, Notification};
///
/// let mut cx = Context::new();
/// cx.progress(1.0, Some(4.0), Some("first of four"));
/// cx.log(LogLevel::Warning, "slow upstream");
/// assert_eq!(
///     cx.notifications()[0],
///     Notification::Progress { progress: 1.0, total: Some(4.0), message: Some("first of four".into()) }
/// );
/// ```
#[derive(Debug, Default)]
pub struct Context {
    responses: Vec<(String, String)>,
    state: Option<Vec<u8>>,
    client: ClientCapabilities,
    /// Natively, what was sent; in WebAssembly it goes to the host instead.
    sent: Vec<Notification>,
}

impl Context {
    /// A first round with a client that can answer nothing; for native
    /// tests.
    pub fn new() -> Self {
        Self::default()
    }

    /// The same context with a client that can answer `client`.
    pub fn with_client(mut self, client: ClientCapabilities) -> Self {
        self.client = client;
        self
    }

    /// The same context with `answer` (the client's JSON-RPC `result`) under
    /// `key`, as a later round gets it.
    pub fn with_answer(mut self, key: impl Into<String>, answer: Value) -> Self {
        self.responses.push((key.into(), answer.to_string()));
        self
    }

    /// The same context with the state an earlier round returned.
    pub fn with_state(mut self, state: impl Into<Vec<u8>>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// A round as the host runs it.
    pub(crate) fn from_round(
        responses: Vec<(String, String)>,
        state: Option<Vec<u8>>,
        client: ClientCapabilities,
    ) -> Self {
        Self {
            responses,
            state,
            client,
            sent: Vec::new(),
        }
    }

    /// What the client can answer.
    pub fn client(&self) -> ClientCapabilities {
        self.client
    }

    /// The state the previous round returned with its
    /// [`InputRequired`](crate::InputRequired), verified by the host; `None`
    /// on the first round.
    pub fn state(&self) -> Option<&[u8]> {
        self.state.as_deref()
    }

    /// The client's answer under `key`, as JSON; `None` when the client did
    /// not answer (ask again if the request needs it).
    ///
    /// ```
    /// use toolhost_sdk::serde_json::json;
    /// use toolhost_sdk::Context;
    ///
    /// let cx = Context::new().with_answer("q", json!({"n": 1}));
    /// assert_eq!(cx.answer("q"), Some(json!({"n": 1})));
    /// assert_eq!(cx.answer("other"), None);
    /// ```
    pub fn answer(&self, key: &str) -> Option<Value> {
        self.typed_answer(key)
    }

    /// The answer to the elicitation asked under `key`. An answer that is
    /// not an elicitation result counts as no answer.
    pub fn elicited(&self, key: &str) -> Option<Elicited> {
        self.typed_answer(key)
    }

    /// The answer to the sampling request asked under `key`.
    pub fn sampled(&self, key: &str) -> Option<Sampled> {
        self.typed_answer(key)
    }

    /// The roots the client listed, asked under `key`.
    pub fn roots(&self, key: &str) -> Option<Vec<Root>> {
        self.typed_answer::<RootList>(key).map(|list| list.roots)
    }

    fn typed_answer<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        let (_, raw) = self.responses.iter().find(|(k, _)| k == key)?;
        serde_json::from_str(raw).ok()
    }

    /// Tells the client how far the request got: `progress` must grow from
    /// one report to the next; `total`, when known, is where it ends. The
    /// host forwards at most one report every 100 ms (the latest wins), and
    /// only when the client asked for progress.
    pub fn progress(&mut self, progress: f64, total: Option<f64>, message: Option<&str>) {
        self.notify(Notification::Progress {
            progress,
            total,
            message: message.map(str::to_owned),
        });
    }

    /// Writes to the client's log, if the client asked for entries at
    /// `level` or above. Unlike [`log`](crate::log), the user sees these:
    /// write what helps them, never a secret.
    pub fn log(&mut self, level: LogLevel, entry: impl Into<LogEntry>) {
        self.notify(Notification::Log {
            level,
            entry: entry.into(),
        });
    }

    /// What the request sent to the client, in order. Natively only: in
    /// WebAssembly everything goes to the host at once and this is empty.
    pub fn notifications(&self) -> &[Notification] {
        &self.sent
    }

    #[cfg(target_arch = "wasm32")]
    fn notify(&mut self, notification: Notification) {
        crate::notify::send(&notification);
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn notify(&mut self, notification: Notification) {
        self.sent.push(notification);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ElicitAction, LogData};
    use serde_json::json;

    #[test]
    fn a_new_context_is_a_first_round() {
        let cx = Context::new();
        assert_eq!(cx.client(), ClientCapabilities::default());
        assert_eq!(cx.state(), None);
        assert_eq!(cx.answer("any"), None);
        assert!(cx.notifications().is_empty());
    }

    #[test]
    fn later_rounds_see_answers_and_state() {
        let cx = Context::from_round(
            vec![
                ("confirm".into(), r#"{"action":"decline"}"#.into()),
                ("where".into(), r#"{"roots":[{"uri":"file:///a"}]}"#.into()),
                ("broken".into(), "not json".into()),
            ],
            Some(b"s".to_vec()),
            ClientCapabilities::all(),
        );
        assert_eq!(cx.state(), Some(&b"s"[..]));
        assert_eq!(
            cx.elicited("confirm").unwrap().action,
            ElicitAction::Decline
        );
        assert_eq!(cx.roots("where").unwrap()[0].uri, "file:///a");
        assert_eq!(cx.answer("broken"), None);
        // An answer of another kind is no answer of this kind.
        assert_eq!(cx.sampled("confirm"), None);
        assert_eq!(cx.elicited("where"), None);
    }

    #[test]
    fn progress_and_log_entries_are_recorded_in_order() {
        let mut cx = Context::new();
        cx.progress(0.5, None, None);
        cx.log(LogLevel::Notice, LogEntry::json(json!([1])).logger("x"));
        assert_eq!(
            cx.notifications(),
            [
                Notification::Progress {
                    progress: 0.5,
                    total: None,
                    message: None
                },
                Notification::Log {
                    level: LogLevel::Notice,
                    entry: LogEntry {
                        logger: Some("x".into()),
                        data: LogData::Json(json!([1]))
                    }
                },
            ]
        );
    }
}
