//! What keeps a sick upstream from costing every call its timeouts: each
//! request goes through its destination's circuit breaker
//! ([`super::breaker`]), and, when the policy asks, a failed GET or HEAD is
//! sent again ([`super::retry`]).

use std::sync::Arc;

use tokio::sync::Semaphore;
use wasmtime_wasi_http::{Error, RequestOptions, WasiBody};

use super::breaker::{Breakers, Ticket};
use super::network::NetworkPolicy;
use super::outbound::{BodyFailure, Caller, IoFuture, send};
use super::retry;

/// [`guarded`], sent again after a transient failure when the policy asks
/// for retries and the request can be repeated (see [`retry`]).
pub(super) async fn retried(
    policy: &NetworkPolicy,
    destination: &str,
    permits: Arc<Semaphore>,
    caller: &Caller,
    body_failure: BodyFailure,
    request: http::Request<WasiBody>,
    options: Option<RequestOptions>,
) -> Result<(http::Response<WasiBody>, IoFuture), Error> {
    let retries = policy.limits.retries;
    let (parts, body) = request.into_parts();
    if retries == 0 || !retry::retryable(&parts) {
        let request = http::Request::from_parts(parts, body);
        return guarded(
            policy,
            destination,
            permits,
            caller,
            body_failure,
            request,
            options,
        )
        .await;
    }
    drop(body);
    let mut attempt = 0;
    loop {
        let request = retry::again(&parts);
        let outcome = guarded(
            policy,
            destination,
            permits.clone(),
            caller,
            body_failure.clone(),
            request,
            options,
        )
        .await;
        let Some(wait) = retry::wait_after(&outcome, attempt).filter(|_| attempt < retries) else {
            return outcome;
        };
        attempt += 1;
        tracing::info!(component = %caller.component, tool = %caller.tool, correlation_id = %caller.correlation,
            destination, attempt, wait_ms = wait.as_millis() as u64, "retrying an upstream request");
        drop(outcome);
        tokio::time::sleep(wait).await;
    }
}

/// [`send`] behind the destination's circuit breaker: refused at once while
/// it is open, and its outcome recorded (a connection failure, a timeout or
/// a 5xx counts against the destination; a denial by the policy does not).
async fn guarded(
    policy: &NetworkPolicy,
    destination: &str,
    permits: Arc<Semaphore>,
    caller: &Caller,
    body_failure: BodyFailure,
    request: http::Request<WasiBody>,
    options: Option<RequestOptions>,
) -> Result<(http::Response<WasiBody>, IoFuture), Error> {
    let rule = policy.limits.breaker;
    let component = &*caller.component;
    let ticket = Breakers::admit(component, destination, rule, std::time::Instant::now()).map_err(
        |open| {
            tracing::warn!(component, tool = %caller.tool, correlation_id = %caller.correlation,
                destination, reason = %open.message, "outbound request refused: breaker open");
            // The SDK shows the model what follows this mark, and nothing
            // of any other internal error.
            Error::InternalError(Some(format!("toolhost: {}", open.message)))
        },
    )?;
    // Dropped with its call, the request hands a probe on.
    struct Release<'a>(&'a str, &'a str, Option<Ticket>);
    impl Drop for Release<'_> {
        fn drop(&mut self) {
            if let Some(ticket) = self.2.take() {
                Breakers::release(self.0, self.1, ticket, std::time::Instant::now());
            }
        }
    }
    let mut release = Release(component, destination, Some(ticket));
    let result = send(policy, permits, caller, body_failure, request, options).await;
    let failed = match &result {
        Ok((response, _)) => Some(response.status().is_server_error()),
        Err(Error::HttpRequestDenied | Error::ConnectionLimitReached) => None,
        Err(_) => Some(true),
    };
    if let Some(failed) = failed {
        release.2 = None;
        Breakers::record(
            component,
            destination,
            rule,
            ticket,
            failed,
            std::time::Instant::now(),
        );
    }
    result
}
