//! A sink for the guest's stdout and stderr that keeps the first bytes and
//! silently drops the rest.
//!
//! wasmtime-wasi's `MemoryOutputPipe` closes the stream once it is full, and a
//! Rust guest's `eprintln!` panics on a closed stderr: a chatty tool would
//! then crash because of its logging. This sink accepts every write. What it
//! keeps goes to the host log with the call's correlation id, never to the
//! host's own stdout, which carries the protocol.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;

use crate::policy::redact::{REDACTED, Redactor};
use crate::sanitize::sanitize;
use wasmtime_wasi::async_trait;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamResult};

/// Largest write the guest is offered at once.
const WRITE_BUDGET: usize = 64 * 1024;

#[derive(Clone)]
pub struct GuestOutput {
    inner: Arc<Mutex<Captured>>,
}

#[derive(Default)]
struct Captured {
    bytes: Vec<u8>,
    cap: usize,
    dropped: usize,
}

impl GuestOutput {
    pub fn new(cap: usize) -> Self {
        Self {
            inner: Arc::new(Mutex::new(Captured {
                cap,
                ..Default::default()
            })),
        }
    }

    fn append(&self, bytes: &[u8]) {
        let mut captured = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let room = captured.cap - captured.bytes.len();
        let kept = bytes.len().min(room);
        captured.bytes.extend_from_slice(&bytes[..kept]);
        captured.dropped += bytes.len() - kept;
    }

    /// What the guest wrote: secrets redacted from the raw bytes first
    /// (before decoding or sanitizing could change a secret's bytes), a
    /// secret split by the cap removed, then decoded lossily and stripped of
    /// control characters but for line breaks and tabs (a log line escapes
    /// those), with a note on what was dropped.
    pub fn text(&self, redactor: &Redactor) -> Option<String> {
        let captured = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if captured.bytes.is_empty() {
            return None;
        }
        let redacted = redactor.redact_bytes(&captured.bytes);
        let mut kept: &[u8] = &redacted;
        let mut split_secret = false;
        if captured.dropped > 0 {
            let partial = redactor.partial_secret_at_end(kept);
            kept = &kept[..kept.len() - partial];
            split_secret = partial > 0;
        }
        // Lines kept: the log escapes them, `toolhost call` shows them.
        let mut text = sanitize(&String::from_utf8_lossy(kept), usize::MAX);
        if split_secret {
            text.push_str(REDACTED);
        }
        if captured.dropped > 0 {
            text.push_str(&format!(" [{} more bytes dropped]", captured.dropped));
        }
        Some(text)
    }
}

impl IsTerminal for GuestOutput {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for GuestOutput {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn tokio::io::AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

#[async_trait]
impl OutputStream for GuestOutput {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        self.append(&bytes);
        Ok(())
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        Ok(WRITE_BUDGET)
    }
}

#[async_trait]
impl Pollable for GuestOutput {
    async fn ready(&mut self) {}
}

impl tokio::io::AsyncWrite for GuestOutput {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        self.append(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_bytes_and_counts_the_rest() {
        let out = GuestOutput::new(4);
        let none = Redactor::default();
        assert_eq!(out.text(&none), None);
        out.append(b"ab\ncdef");
        out.append(b"gh");
        assert_eq!(out.text(&none).unwrap(), "ab\nc [5 more bytes dropped]");
    }

    #[test]
    fn secrets_with_control_characters_are_redacted_before_sanitizing() {
        let redactor = Redactor::new(["sk\r\nline\u{1b}two".into()]);
        let out = GuestOutput::new(1024);
        out.append(b"token=sk\r\n");
        out.append(b"line\x1btwo\n");
        assert_eq!(out.text(&redactor).unwrap(), "token=[REDACTED]\n");
    }

    #[test]
    fn a_secret_cut_by_the_cap_leaves_no_prefix_behind() {
        let redactor = Redactor::new(["Zq9-secret-77".into()]);
        let out = GuestOutput::new(10);
        out.append(b"abcdeZq9-secret-77 and more");
        let text = out.text(&redactor).unwrap();
        assert!(!text.contains("Zq9"), "{text}");
        assert_eq!(text, "abcde[REDACTED] [17 more bytes dropped]");
    }
}
