//! `toolhost call`: one tool call outside any MCP client, to reproduce what a
//! client saw.
//!
//! The call takes the path a `tools/call` takes in `serve`: the same
//! dispatcher, argument validation, limits, policy and error table, in a
//! session of the newest `initialize`-era version (invalid arguments are a
//! tool error there, as at 2026-07-28, and results carry no era metadata).
//! The difference is who reads the outcome: an operator, so the exit status
//! says what kind of outcome it was, and the host's log (stderr) keeps its
//! full detail.

use std::process::ExitCode;

use rmcp::model::{ErrorCode, JsonObject};
use serde_json::Value;
use tokio::runtime::Runtime;

use crate::server::era::LEGACY_VERSIONS;
use crate::server::jsonrpc::Message;
use crate::server::{CallDetail, Dispatch, Outbox, ReplyBody, Server, Session};

/// What kind of outcome a call had, each with its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A result (exit 0).
    Success,
    /// A result with `isError: true`: the tool failed (exit 1).
    ToolError,
    /// A JSON-RPC error other than -32603: the request was refused, for
    /// instance an unknown tool (exit 2).
    Refused,
    /// -32603: the host failed; its log has the detail (exit 3).
    HostFault,
}

impl Outcome {
    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(match self {
            Outcome::Success => 0,
            Outcome::ToolError => 1,
            Outcome::Refused => 2,
            Outcome::HostFault => 3,
        })
    }
}

/// What one call gave: what a client would have received (the `result`, or
/// the `error` object), its kind, and what the call did beyond that.
pub struct Called {
    pub printed: Value,
    pub outcome: Outcome,
    pub detail: CallDetail,
}

/// Calls `tool` with `arguments`.
pub fn call(server: &Server, runtime: &Runtime, tool: &str, arguments: Value) -> Called {
    let mut session = Session {
        negotiated: Some(LEGACY_VERSIONS[0].clone()),
        ..Session::default()
    };
    let mut params = JsonObject::new();
    params.insert("name".into(), Value::from(tool));
    params.insert("arguments".into(), arguments);
    let request = Message::Request {
        id: Value::from(1),
        method: "tools/call".into(),
        params,
    };
    let (reply, detail) = match server.handle(Ok(request), &mut session) {
        Dispatch::Call(call) => runtime.block_on(call.run_detailed(Outbox::detached())),
        Dispatch::Reply(reply) | Dispatch::Initialized(reply) => (reply, CallDetail::default()),
        // A request is always answered or run; should that ever change,
        // say so rather than invent an outcome.
        Dispatch::Response(_) | Dispatch::Listen(_) | Dispatch::Cancel(_) | Dispatch::Nothing => {
            tracing::error!("the dispatcher neither answered nor ran the call");
            return Called {
                printed: Value::Null,
                outcome: Outcome::HostFault,
                detail: CallDetail::default(),
            };
        }
    };
    let (printed, outcome) = match reply.body {
        ReplyBody::Result(raw) => {
            let result: Value =
                serde_json::from_str(raw.get()).expect("a reply holds the JSON it was made from");
            let outcome = if result["isError"] == Value::Bool(true) {
                Outcome::ToolError
            } else {
                Outcome::Success
            };
            (result, outcome)
        }
        ReplyBody::Error { error, .. } => {
            let outcome = if error.code == ErrorCode::INTERNAL_ERROR {
                Outcome::HostFault
            } else {
                Outcome::Refused
            };
            let error = serde_json::to_value(&error).expect("ErrorData serializes");
            (error, outcome)
        }
    };
    Called {
        printed,
        outcome,
        detail,
    }
}

/// What the call did beyond its reply, for the operator's terminal: the
/// trap with its wasm backtrace (Rust names demangled), the guest's own
/// output, each upstream request, and the fuel. Empty when the call never
/// ran or had nothing to show but its fuel.
pub fn render_detail(detail: &CallDetail) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let indent = |text: &str| -> String {
        text.lines()
            .map(|line| format!("  {}\n", demangle_line(line)))
            .collect()
    };
    if let Some(trap) = &detail.trap {
        let _ = write!(out, "trap:\n{}", indent(trap));
    }
    if let Some(text) = &detail.guest_output {
        let _ = write!(out, "guest output:\n{}", indent(text));
    }
    if !detail.upstream.is_empty() {
        out.push_str("upstream requests:\n");
        for request in &detail.upstream {
            let _ = writeln!(out, "  {request}");
        }
    }
    if out.is_empty() {
        return out;
    }
    if let Some(fuel) = detail.fuel {
        let _ = writeln!(out, "fuel: {fuel}");
    }
    out
}

/// A backtrace line (`0: 0xe4ee - misbehave.wasm!_ZN…E`) with its Rust
/// symbol demangled; any other line as it is.
fn demangle_line(line: &str) -> String {
    let Some((before, symbol)) = line.rsplit_once('!') else {
        return line.to_owned();
    };
    match rustc_demangle::try_demangle(symbol) {
        Ok(name) => format!("{before}!{name:#}"),
        Err(_) => line.to_owned(),
    }
}

/// The arguments as given on the command line: JSON, `@FILE`, or `-` for
/// standard input.
pub fn read_arguments(spec: &str) -> anyhow::Result<Value> {
    use anyhow::Context;
    let (text, from) = match spec {
        "-" => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut text)
                .context("cannot read the arguments from standard input")?;
            (text, "standard input".to_owned())
        }
        _ => match spec.strip_prefix('@') {
            Some(path) => (
                std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the arguments from {path}"))?,
                path.to_owned(),
            ),
            None => (spec.to_owned(), "--args".to_owned()),
        },
    };
    serde_json::from_str(&text)
        .with_context(|| format!("the arguments in {from} are not valid JSON"))
}
