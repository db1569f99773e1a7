//! Opt-in retries of outbound requests (`network.retries = N`): only GET and
//! HEAD without a body, only after a connection that could not be made or a
//! 429, 502, 503 or 504; with exponential backoff and jitter, or the wait
//! `Retry-After` asks for. Every attempt goes through the policy and the
//! breaker again, and all of them run inside the call's deadline (the call's
//! future, sleeps included, ends with it).

use std::time::Duration;

use bytes::Bytes;
use http::request::Parts;
use http_body_util::{BodyExt, Empty};
use wasmtime_wasi_http::{Error, WasiBody};

/// The longest wait before a retry; an upstream asking for longer gets its
/// answer passed to the tool instead.
pub const MAX_WAIT: Duration = Duration::from_secs(10);
/// The first backoff; each retry doubles it.
const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// Whether a request may be sent again: GET or HEAD, with no body.
pub fn retryable(parts: &Parts) -> bool {
    let no_body = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .is_none_or(|length| length.as_bytes() == b"0")
        && !parts.headers.contains_key(http::header::TRANSFER_ENCODING);
    matches!(parts.method, http::Method::GET | http::Method::HEAD) && no_body
}

/// The request of `parts` again, with its empty body.
pub fn again(parts: &Parts) -> http::Request<WasiBody> {
    let mut request = http::Request::new(
        Empty::<Bytes>::new()
            .map_err(|never| match never {})
            .boxed_unsync(),
    );
    *request.method_mut() = parts.method.clone();
    *request.uri_mut() = parts.uri.clone();
    *request.version_mut() = parts.version;
    *request.headers_mut() = parts.headers.clone();
    request
}

/// How long to wait before retry number `attempt + 1` after `outcome`, or
/// `None` when it is not worth retrying.
pub fn wait_after<T>(
    outcome: &Result<(http::Response<T>, impl Sized), Error>,
    attempt: u32,
) -> Option<Duration> {
    let backoff = || {
        let base = FIRST_BACKOFF.saturating_mul(1 << attempt.min(16));
        // Jitter of ±50% from the clock's nanoseconds: enough to keep many
        // calls retrying together from hitting the upstream together.
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        base.mul_f64(0.5 + f64::from(nanos % 1000) / 1000.0)
    };
    let wait = match outcome {
        Ok((response, _)) if matches!(response.status().as_u16(), 429 | 502 | 503 | 504) => {
            retry_after(response.headers()).unwrap_or_else(backoff)
        }
        Err(Error::ConnectionRefused | Error::ConnectionTimeout) => backoff(),
        _ => return None,
    };
    (wait <= MAX_WAIT).then_some(wait)
}

/// `Retry-After` in seconds (the HTTP-date form is not honoured: backoff).
fn retry_after(headers: &http::HeaderMap) -> Option<Duration> {
    let seconds: u64 = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, retry_after: Option<&str>) -> Result<(http::Response<()>, ()), Error> {
        let mut response = http::Response::new(());
        *response.status_mut() = http::StatusCode::from_u16(status).unwrap();
        if let Some(value) = retry_after {
            response
                .headers_mut()
                .insert(http::header::RETRY_AFTER, value.parse().unwrap());
        }
        Ok((response, ()))
    }

    #[test]
    fn only_transient_failures_are_retried_and_retry_after_is_honoured() {
        assert_eq!(wait_after(&response(200, None), 0), None);
        assert_eq!(
            wait_after(&response(500, None), 0),
            None,
            "a 500 is not transient"
        );
        assert_eq!(wait_after(&response(404, None), 0), None);
        assert_eq!(
            wait_after(&response(503, Some("2")), 0),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            wait_after(&response(429, Some("60")), 0),
            None,
            "too long a wait"
        );
        let backoff = wait_after(&response(502, None), 3).unwrap();
        assert!(
            (Duration::from_millis(400)..=Duration::from_millis(1200)).contains(&backoff),
            "{backoff:?}"
        );
        let refused: Result<(http::Response<()>, ()), Error> = Err(Error::ConnectionRefused);
        assert!(wait_after(&refused, 0).is_some());
        let denied: Result<(http::Response<()>, ()), Error> = Err(Error::HttpRequestDenied);
        assert_eq!(wait_after(&denied, 0), None);
    }

    #[test]
    fn only_bodiless_gets_and_heads_are_sent_again() {
        let parts = |method: &str, headers: &[(&str, &str)]| {
            let mut builder = http::Request::builder().method(method).uri("http://x/");
            for (k, v) in headers {
                builder = builder.header(*k, *v);
            }
            builder.body(()).unwrap().into_parts().0
        };
        assert!(retryable(&parts("GET", &[])));
        assert!(retryable(&parts("HEAD", &[("content-length", "0")])));
        assert!(!retryable(&parts("POST", &[])));
        assert!(!retryable(&parts("GET", &[("content-length", "5")])));
        assert!(!retryable(&parts(
            "GET",
            &[("transfer-encoding", "chunked")]
        )));
        let again = again(&parts("GET", &[("accept", "text/plain")]));
        assert_eq!(again.headers()["accept"], "text/plain");
    }
}
