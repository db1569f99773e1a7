//! MCP over stdio: one JSON-RPC message per line on stdin, replies on stdout.
//!
//! The calling thread reads stdin and dispatches each message. A tool call is
//! polled once right there: most calls (a fresh instance, a quick function)
//! finish in that first poll and their reply is written at once, without
//! crossing a thread. A call that is not done yet (it waits on I/O, or used
//! up its fuel slice and yielded) moves to the tokio runtime and finishes
//! concurrently, so a slow tool holds up the next message by one fuel slice
//! at most. stdout carries nothing but JSON-RPC: replies, and what a running
//! call sends the client before its reply (its [`Outbox`], whose answers come
//! back on stdin and are routed to it). Logs go to stderr, and guest output is
//! captured.
//!
//! Every request gets exactly one reply, except one the client cancelled
//! (`notifications/cancelled`), which gets none: the in-flight table decides
//! under one lock whether the call's reply or the cancellation came first.

use std::future::Future;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

use serde_json::Value;
use tokio::runtime::Handle;
use tokio::task::JoinHandle;

mod notify;

use super::in_flight::InFlight;
use crate::server::jsonrpc::error_line;
use crate::server::outbound::{Closed, Outgoing, Sink};
use crate::server::{Dispatch, Outbox, Peer, PendingCall, Server, Session};

/// Longest message accepted. A longer line is discarded as it streams in
/// (never buffered whole) and answered with -32600.
pub const MAX_MESSAGE_BYTES: usize = 16 << 20;

/// Serves `server` on this process's stdin and stdout until stdin closes, then
/// lets calls in flight finish (each is bounded by its deadline).
pub fn serve(server: Arc<Server>, runtime: &Handle) -> io::Result<()> {
    serve_on(server, runtime, io::stdin().lock(), io::stdout())
}

/// [`serve`] over any reader and writer.
pub fn serve_on(
    server: Arc<Server>,
    runtime: &Handle,
    input: impl Read,
    output: impl Write + Send + 'static,
) -> io::Result<()> {
    // Timers and the fuel-yield wakeups need the runtime's context, also for
    // the first poll that happens on this thread.
    let _context = runtime.enter();
    let out = Replies::new(output);
    // What calls send the client before their replies shares stdout.
    let peer = Peer::new(Arc::new(out.clone()));
    let in_flight = Arc::new(InFlight::default());
    let mut tasks: Vec<JoinHandle<()>> = Vec::new();
    let mut session = Session::default();
    let announcer = notify::Announcer::start(&server, runtime, &out, session.subscriptions.clone());
    let mut streams: Vec<JoinHandle<()>> = Vec::new();
    let mut reader = BufReader::with_capacity(64 * 1024, input);
    let mut line = Vec::with_capacity(4096);
    loop {
        let status = match read_line(&mut reader, &mut line, MAX_MESSAGE_BYTES) {
            Ok(Some(status)) => status,
            Ok(None) => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => {
                tracing::error!(error = %e, "cannot read stdin; stopping");
                break;
            }
        };
        if status == LineStatus::TooLong {
            let error = rmcp::model::ErrorData::invalid_request(
                format!("Invalid Request: message longer than {MAX_MESSAGE_BYTES} bytes"),
                None,
            );
            out.write_line(&error_line(None, &error));
            continue;
        }
        let message = trim(&line);
        if message.is_empty() {
            continue;
        }
        match server.handle_line(message, &mut session) {
            Dispatch::Reply(reply) => {
                out.write_line(&reply.to_line());
            }
            Dispatch::Initialized(reply) => {
                out.write_line(&reply.to_line());
                announcer.initialized(server.catalog());
            }
            Dispatch::Call(call) => {
                if tasks.len() >= 1024 {
                    tasks.retain(|task| !task.is_finished());
                }
                let outbox = Outbox::to(peer.clone());
                if let Some(task) = start_call(call, outbox, runtime, &in_flight, &out) {
                    tasks.push(task);
                }
            }
            Dispatch::Response(response) => {
                peer.deliver(response);
            }
            Dispatch::Listen(listen) => {
                streams.retain(|task| !task.is_finished());
                streams.extend(notify::start_listen(listen, runtime, &in_flight, &out));
            }
            Dispatch::Cancel(id) => cancel(&in_flight, &id),
            Dispatch::Nothing => {}
        }
    }
    // No answer can arrive now: a call waiting on one stops waiting.
    peer.close();
    announcer.stop();
    // Nobody is left to notify; a stream never ends by itself.
    for stream in streams {
        stream.abort();
    }

    runtime.block_on(async {
        for task in tasks {
            let _ = task.await;
        }
    });
    out.finish()
}

/// Runs `call` until it first waits; if it is not done, moves it to the
/// runtime and registers it as cancellable.
fn start_call(
    call: PendingCall,
    outbox: Outbox,
    runtime: &Handle,
    in_flight: &Arc<InFlight>,
    out: &Replies,
) -> Option<JoinHandle<()>> {
    if in_flight.contains(call.id()) {
        let error = rmcp::model::ErrorData::invalid_request(
            "Invalid Request: a request with this id is already in flight",
            None,
        );
        out.write_line(&error_line(Some(call.id()), &error));
        return None;
    }
    let id = call.id().clone();
    let mut reply = Box::pin(call.run(outbox));
    // A no-op waker is enough: if the call is pending, the runtime polls it
    // again as soon as it is spawned, which registers the real waker.
    if let Poll::Ready(line) = reply.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        out.write_line(&line.to_line());
        return None;
    }
    // Only this thread registers calls, so the id is still free.
    let (done, out) = (in_flight.clone(), out.clone());
    in_flight.start(&id.clone(), move || {
        runtime.spawn(async move {
            let line = reply.await;
            // Not if the client cancelled it, even if it then reused the id.
            if done.finish(&id, tokio::task::id()) {
                out.write_line(&line.to_line());
            }
        })
    })
}

fn cancel(in_flight: &InFlight, id: &Value) {
    // Dropping the call's future drops its store and instance and frees its
    // permits; it will write nothing.
    if in_flight.cancel(id) {
        tracing::debug!(request_id = %id, "request cancelled by the client");
    }
}

/// stdout, shared by the reader thread and calls finishing on the runtime.
/// Each reply is one write of a whole line, flushed at once.
#[derive(Clone)]
struct Replies {
    inner: Arc<Mutex<ReplySink>>,
}

struct ReplySink {
    writer: Box<dyn Write + Send>,
    /// Set once a write fails (the client closed its end): later replies are
    /// dropped instead of failing one by one.
    closed: bool,
}

impl Replies {
    fn new(output: impl Write + Send + 'static) -> Self {
        Self {
            inner: Arc::new(Mutex::new(ReplySink {
                writer: Box::new(output),
                closed: false,
            })),
        }
    }

    /// Writes one line; `false` once stdout is closed.
    fn write_line(&self, line: &[u8]) -> bool {
        let mut sink = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if sink.closed {
            return false;
        }
        if let Err(e) = sink
            .writer
            .write_all(line)
            .and_then(|()| sink.writer.flush())
        {
            tracing::warn!(error = %e, "cannot write to stdout; dropping replies from now on");
            sink.closed = true;
        }
        !sink.closed
    }

    fn finish(&self) -> io::Result<()> {
        let mut sink = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if sink.closed {
            return Ok(());
        }
        sink.writer.flush()
    }
}

/// A call's notifications and requests are lines on stdout like its reply.
impl Sink for Replies {
    fn send(&self, message: &Outgoing) -> Result<(), Closed> {
        if self.write_line(&message.to_line()) {
            Ok(())
        } else {
            Err(Closed)
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum LineStatus {
    Complete,
    TooLong,
}

/// Reads one line into `line` (without its newline), never holding more than
/// `max` bytes of it. `None` at end of input.
fn read_line(
    reader: &mut impl BufRead,
    line: &mut Vec<u8>,
    max: usize,
) -> io::Result<Option<LineStatus>> {
    line.clear();
    let mut too_long = false;
    let mut seen_any = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(seen_any.then_some(if too_long {
                LineStatus::TooLong
            } else {
                LineStatus::Complete
            }));
        }
        seen_any = true;
        let (chunk, consumed, end) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], i + 1, true),
            None => (available, available.len(), false),
        };
        if !too_long && line.len() + chunk.len() <= max {
            line.extend_from_slice(chunk);
        } else {
            too_long = true;
            line.clear();
        }
        reader.consume(consumed);
        if end {
            return Ok(Some(if too_long {
                LineStatus::TooLong
            } else {
                LineStatus::Complete
            }));
        }
    }
}

fn trim(line: &[u8]) -> &[u8] {
    let start = line
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(line.len());
    let end = line
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(start, |i| i + 1);
    &line[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<(LineStatus, Vec<u8>)> {
        let mut reader = BufReader::with_capacity(4, input);
        let mut line = Vec::new();
        let mut out = Vec::new();
        while let Some(status) = read_line(&mut reader, &mut line, max).unwrap() {
            out.push((status, line.clone()));
        }
        out
    }

    #[test]
    fn splits_lines_and_discards_overlong_ones_without_losing_the_next() {
        let got = lines(b"ab\nabcdefgh\ncd", 5);
        assert_eq!(
            got,
            vec![
                (LineStatus::Complete, b"ab".to_vec()),
                (LineStatus::TooLong, vec![]),
                (LineStatus::Complete, b"cd".to_vec()),
            ]
        );
    }

    #[test]
    fn trims_whitespace_and_carriage_returns() {
        assert_eq!(trim(b"  {}\r"), b"{}");
        assert_eq!(trim(b" \t "), b"");
    }
}
