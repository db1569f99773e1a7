//! The body of an upstream response, held to its component's policy: a size
//! cap, a limit on pauses between bytes, and the call's total deadline.

use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::{Instant, Sleep};
use wasmtime_wasi_http::Error;

use super::outbound::BodyFailure;

/// A response body within the policy: at most `max` bytes, no pause longer
/// than `between_bytes`, done by the total deadline. It holds the call's
/// request permit until it is dropped.
pub(super) struct CappedBody {
    pub(super) incoming: hyper::body::Incoming,
    pub(super) received: u64,
    pub(super) max: u64,
    pub(super) between_bytes: Duration,
    pub(super) idle: Pin<Box<Sleep>>,
    pub(super) deadline: Pin<Box<Sleep>>,
    pub(super) _permit: OwnedSemaphorePermit,
    /// `host[:port]` as the guest wrote it, for the failure message.
    pub(super) authority: String,
    pub(super) failure: BodyFailure,
}

impl CappedBody {
    fn fail(&self, error: Error) -> Poll<Option<Result<Frame<Bytes>, Error>>> {
        let host = &self.authority;
        let reason = match error {
            Error::HttpResponseTimeout | Error::ConnectionReadTimeout => {
                format!("{host} did not respond in time")
            }
            Error::HttpResponseBodySize(_) => format!(
                "the response from {host} is larger than the {}-byte limit",
                self.max
            ),
            _ => format!("the response from {host} was cut off"),
        };
        if let Ok(mut slot) = self.failure.lock() {
            *slot = Some(reason);
        }
        Poll::Ready(Some(Err(error)))
    }
}

impl Body for CappedBody {
    type Data = Bytes;
    type Error = Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Error>>> {
        let this = &mut *self;
        if this.deadline.as_mut().poll(cx).is_ready() {
            return this.fail(Error::HttpResponseTimeout);
        }
        match Pin::new(&mut this.incoming).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    this.received += data.len() as u64;
                    if this.received > this.max {
                        return this.fail(Error::HttpResponseBodySize(Some(this.max)));
                    }
                }
                let next = Instant::now() + this.between_bytes;
                this.idle.as_mut().reset(next);
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => this.fail(Error::from(e)),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                ready!(this.idle.as_mut().poll(cx));
                this.fail(Error::ConnectionReadTimeout)
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.incoming.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.incoming.size_hint()
    }
}
