//! Caps on what the HTTP transport holds at once: connections open and MCP
//! requests being served. Over a cap the answer is an immediate 503, never a
//! queue: a client that waits in a queue holds a socket all the same.

use std::io::Write;
use std::sync::Arc;

use tokio::net::TcpStream;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// A taken slot of a [`Cap`]; free again when dropped.
pub type Slot = OwnedSemaphorePermit;

/// How many requests may be served beyond `--http-max-requests` when each
/// can only stop work: DELETE of a session, and a POST that turns out to
/// carry a notification (`notifications/cancelled`) or a response. Without
/// them a client whose slots are all held by long calls could not cancel
/// one. Each costs at most a body read.
pub const CONTROL_SLOTS: usize = 16;

/// A request's place: a slot of the request cap, or, when that cap is full,
/// one of the [`CONTROL_SLOTS`], good only for a request that stops work.
pub struct Admission {
    pub slot: Slot,
    /// The slot is a control slot: anything that would start work (a
    /// request, a malformed message) is refused as busy.
    pub control_only: bool,
}

/// A number of slots; a taken slot is free again when its permit drops.
pub struct Cap {
    slots: Arc<Semaphore>,
    max: usize,
}

impl Cap {
    pub fn new(max: usize) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(max)),
            max,
        }
    }

    /// A slot, or `None` at the cap. Never waits.
    pub fn try_take(&self) -> Option<Slot> {
        self.slots.clone().try_acquire_owned().ok()
    }

    /// Slots taken now, for `/metrics`.
    pub fn in_use(&self) -> usize {
        self.max - self.slots.available_permits()
    }
}

/// What a connection over `--http-max-connections` gets, in place of hyper.
const TOO_MANY_CONNECTIONS: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
    Retry-After: 1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";

/// Turns a connection over the cap away as cheaply as it can be done: one
/// write that never waits, then the close. No task, no parser, no buffer,
/// no timer: a flood of connections costs the server a syscall or two each
/// and never more descriptors than the cap plus the one being turned away.
///
/// The write goes through the standard library socket, not tokio's: tokio
/// writes only once its reactor has seen the socket writable, which a socket
/// accepted a moment ago usually has not. A fresh socket's send buffer is
/// empty, so these few bytes go out at once or not at all; a client whose request arrived
/// before the close may see a reset instead of the 503.
pub fn turn_away(stream: TcpStream) {
    if let Ok(stream) = stream.into_std() {
        let _ = (&stream).write(TOO_MANY_CONNECTIONS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_is_free_again_when_its_permit_drops() {
        let cap = Cap::new(2);
        let first = cap.try_take().unwrap();
        let _second = cap.try_take().unwrap();
        assert_eq!(cap.in_use(), 2);
        assert!(cap.try_take().is_none(), "never more than the cap");
        drop(first);
        assert_eq!(cap.in_use(), 1);
        assert!(cap.try_take().is_some());
    }

    #[test]
    fn the_refusal_is_a_complete_empty_503() {
        let text = std::str::from_utf8(TOO_MANY_CONNECTIONS).unwrap();
        assert!(text.starts_with("HTTP/1.1 503 "));
        assert!(text.ends_with("Content-Length: 0\r\n\r\n"));
        assert!(text.contains("\r\nRetry-After: 1\r\n"));
        assert!(text.contains("\r\nConnection: close\r\n"));
    }
}
