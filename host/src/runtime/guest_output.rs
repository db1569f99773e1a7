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

use crate::errors::sanitize_for_log;
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

    /// What the guest wrote, lossily decoded and made safe for one log line,
    /// with a note on what was dropped.
    pub fn text(&self) -> Option<String> {
        let captured = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if captured.bytes.is_empty() {
            return None;
        }
        let mut text = sanitize_for_log(&String::from_utf8_lossy(&captured.bytes), usize::MAX);
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
        assert_eq!(out.text(), None);
        out.append(b"ab\ncdef");
        out.append(b"gh");
        assert_eq!(out.text().unwrap(), "ab\\nc [5 more bytes dropped]");
    }
}
