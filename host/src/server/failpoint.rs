//! Test hooks, compiled into debug builds only, that make the host do what no
//! shipped tool can make it do yet, at the real place in the call path, so
//! tests can pin the behaviour through the real binary and transport.
//!
//! - `TOOLHOST_FAILPOINT_PANIC_TOOL=NAME`: the host panics inside the call
//!   path of tool NAME (the -32603 reply and its correlation id).
//! - `TOOLHOST_FAILPOINT_STREAM_TOOL=NAME`: before running tool NAME, the
//!   call sends the client a `notifications/message`, then a `ping` request,
//!   then a second `notifications/message` carrying the client's answer (or
//!   why there was none), and only then runs: the outbound path end to end.

use std::sync::OnceLock;

use rmcp::model::JsonObject;
use serde_json::{Value, json};

use super::outbound::Outbox;

/// The value of a failpoint variable, read once.
fn target(variable: &'static str, cell: &'static OnceLock<Option<String>>) -> Option<&'static str> {
    cell.get_or_init(|| std::env::var(variable).ok()).as_deref()
}

pub fn maybe_panic(tool: &str) {
    static TOOL: OnceLock<Option<String>> = OnceLock::new();
    if target("TOOLHOST_FAILPOINT_PANIC_TOOL", &TOOL) == Some(tool) {
        panic!("failpoint: injected host panic in the call path of {tool}");
    }
}

pub async fn maybe_stream(tool: &str, outbox: &Outbox) {
    static TOOL: OnceLock<Option<String>> = OnceLock::new();
    if target("TOOLHOST_FAILPOINT_STREAM_TOOL", &TOOL) != Some(tool) {
        return;
    }
    let log = |data: Value| {
        let mut params = JsonObject::new();
        params.insert("level".into(), json!("debug"));
        params.insert("logger".into(), json!("toolhost.failpoint"));
        params.insert("data".into(), data);
        outbox.notify("notifications/message", params)
    };
    if log(json!("before the call")).is_err() {
        return;
    }
    let answer = match outbox.request("ping", JsonObject::new()).await {
        Ok(result) => json!({"result": result}),
        Err(e) => json!({"error": e.to_string()}),
    };
    let _ = log(json!({"answer": answer}));
}
