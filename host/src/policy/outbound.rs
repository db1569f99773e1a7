//! Sends a guest's `wasi:http` requests, within its component's policy.
//!
//! wasmtime-wasi-http's default client resolves and connects in one step,
//! with 600 s timeouts. Ours checks the destination against the allowlist,
//! resolves the host once, refuses special-range addresses the policy does
//! not name, and connects to the address it checked, never re-resolving; then
//! it bounds every phase (connect, first byte, between bytes, total) and the
//! body size. wasi:http follows no redirects itself, so each redirect hop
//! the guest follows comes back through here and is checked like the first.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use http_body_util::BodyExt;
use tokio::net::TcpStream;
use tokio::sync::Semaphore;
use tokio::time::Instant;
use wasmtime_wasi_http::io::TokioIo;
use wasmtime_wasi_http::{Error, RequestOptions, WasiBody, WasiHttpHooks};

use super::capped_body::CappedBody;
use super::network::{NetworkPolicy, Scheme, normalize_host};
use super::resilience;
use super::tls;
pub use super::upstream_request::{UpstreamOutcome, UpstreamRequest};
use crate::correlation::CorrelationId;

pub(super) type IoFuture = Box<dyn Future<Output = Result<(), Error>> + Send>;
type SendFuture =
    Box<dyn Future<Output = Result<(http::Response<WasiBody>, IoFuture), Error>> + Send>;

/// Who is sending, for the log lines that explain a refusal.
#[derive(Clone, Debug)]
pub struct Caller {
    pub component: Arc<str>,
    pub tool: Arc<str>,
    pub correlation: CorrelationId,
}

/// The `wasi:http` hooks of one call.
pub struct Outbound {
    policy: Option<Arc<NetworkPolicy>>,
    /// Outbound requests this call may have open at once.
    permits: Arc<Semaphore>,
    caller: Caller,
    body_failure: BodyFailure,
    requests: Arc<std::sync::Mutex<Vec<UpstreamRequest>>>,
}

/// Requests remembered per call for its access-log line; a call that sends
/// more has the rest left out of the line.
const MAX_RECORDED_REQUESTS: usize = 32;

/// Why the call's last response body failed, in words for the model.
///
/// wasmtime-wasi-http 48 gives a guest no error code for a failed body read
/// (`http-error-code` finds none on a body-stream error), so a tool can only
/// say the body was cut off. The host knows why, and words it instead.
pub type BodyFailure = Arc<std::sync::Mutex<Option<String>>>;

impl Outbound {
    pub fn new(policy: Option<Arc<NetworkPolicy>>, caller: Caller) -> Self {
        let permits = policy
            .as_ref()
            .map_or(0, |p| p.limits.max_concurrent_requests as usize);
        Self {
            policy,
            permits: Arc::new(Semaphore::new(permits)),
            caller,
            body_failure: BodyFailure::default(),
            requests: Arc::default(),
        }
    }

    /// The requests the call sent, in the order they ended.
    pub fn take_requests(&self) -> Vec<UpstreamRequest> {
        self.requests
            .lock()
            .map(|mut requests| std::mem::take(&mut *requests))
            .unwrap_or_default()
    }

    /// Takes the reason the last response body failed, if one did.
    pub fn take_body_failure(&self) -> Option<String> {
        self.body_failure.lock().ok()?.take()
    }
}

impl WasiHttpHooks for Outbound {
    fn send_request(
        &mut self,
        request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        _fut: IoFuture,
    ) -> SendFuture {
        let policy = self.policy.clone();
        let permits = self.permits.clone();
        let caller = self.caller.clone();
        let body_failure = self.body_failure.clone();
        let requests = self.requests.clone();
        Box::new(async move {
            let started = Instant::now();
            let destination = shown_authority(request.uri()).to_owned();
            let result = match policy {
                Some(policy) => {
                    resilience::retried(
                        &policy,
                        &destination,
                        permits,
                        &caller,
                        body_failure,
                        request,
                        options,
                    )
                    .await
                }
                None => {
                    tracing::warn!(component = %caller.component, tool = %caller.tool, correlation_id = %caller.correlation,
                        destination = %destination, reason = "no network grant", "outbound request denied");
                    Err(Error::HttpRequestDenied)
                }
            };
            let outcome = match &result {
                Ok((response, _)) => UpstreamOutcome::Status(response.status().as_u16()),
                Err(Error::HttpRequestDenied) => UpstreamOutcome::Denied,
                Err(Error::InternalError(Some(_))) => UpstreamOutcome::BreakerOpen,
                Err(Error::ConnectionTimeout | Error::ConnectionReadTimeout) => {
                    UpstreamOutcome::TimedOut
                }
                Err(_) => UpstreamOutcome::Failed,
            };
            if let Ok(mut requests) = requests.lock()
                && requests.len() < MAX_RECORDED_REQUESTS
            {
                requests.push(UpstreamRequest {
                    destination,
                    outcome,
                    millis: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                });
            }
            result
        })
    }
}

/// A request that passed the allowlist, and where it goes.
struct Destination {
    host: String,
    port: u16,
}

pub(super) async fn send(
    policy: &NetworkPolicy,
    permits: Arc<Semaphore>,
    caller: &Caller,
    body_failure: BodyFailure,
    mut request: http::Request<WasiBody>,
    options: Option<RequestOptions>,
) -> Result<(http::Response<WasiBody>, IoFuture), Error> {
    let deny = |destination: &str, reason: &str| {
        tracing::warn!(component = %caller.component, tool = %caller.tool, correlation_id = %caller.correlation,
            destination, reason, "outbound request denied");
        Error::HttpRequestDenied
    };
    let uri = request.uri();
    let authority = shown_authority(uri).to_owned();
    let scheme = uri
        .scheme_str()
        .and_then(Scheme::parse)
        .ok_or_else(|| deny(&authority, "the scheme is not http or https"))?;
    let host = uri
        .host()
        .map(normalize_host)
        .filter(|h| !h.is_empty())
        .ok_or_else(|| deny(&authority, "no host"))?;
    let port = uri.port_u16().unwrap_or(scheme.default_port());
    let dest = Destination { host, port };
    let shown = format!("{}:{}", dest.host, dest.port);
    if policy.rule_for(scheme, &dest.host, port).is_none() {
        return Err(deny(&shown, "not in the allowlist"));
    }
    let permit = permits.try_acquire_owned().map_err(|_| {
        tracing::warn!(component = %caller.component, tool = %caller.tool, correlation_id = %caller.correlation,
            destination = %shown, "outbound request refused: too many requests in flight for this call");
        Error::ConnectionLimitReached
    })?;

    let limits = &policy.limits;
    // The guest may ask for shorter timeouts, never longer ones.
    let shorter = |asked: Option<Duration>, cap: Duration| asked.map_or(cap, |a| a.min(cap));
    let options = options.unwrap_or_default();
    let connect_timeout = shorter(options.connect_timeout, limits.connect_timeout);
    let first_byte_timeout = shorter(options.first_byte_timeout, limits.first_byte_timeout);
    let between_bytes = shorter(options.between_bytes_timeout, limits.between_bytes_timeout);
    let total_deadline = Instant::now() + limits.total_timeout;

    let addrs = resolve(&dest, connect_timeout).await?;
    for addr in &addrs {
        if let Some(range) = policy.refuse_address(scheme, addr.ip(), port) {
            return Err(deny(
                &shown,
                &format!("resolves to {} ({range} address)", addr.ip()),
            ));
        }
    }
    let stream = connect(&addrs, connect_timeout).await?;
    let io: Box<dyn Io> = match scheme {
        Scheme::Http => Box::new(stream),
        Scheme::Https => {
            Box::new(tls::connect(&policy.trust, &dest.host, stream, connect_timeout).await?)
        }
    };
    let (mut sender, conn) = tokio::time::timeout(
        connect_timeout,
        hyper::client::conn::http1::handshake(TokioIo::new(io)),
    )
    .await
    .map_err(|_| Error::ConnectionTimeout)??;

    // HTTP/1 wants the origin form (`/path?query`); the `Host` header is
    // already set from the authority by wasmtime-wasi-http.
    let path = uri_path(request.uri());
    *request.uri_mut() = path;

    let first_byte = tokio::time::timeout_at(
        total_deadline.min(Instant::now() + first_byte_timeout),
        sender.send_request(request),
    );
    let mut conn = Box::pin(conn);
    let mut first_byte = std::pin::pin!(first_byte);
    let mut conn_done = false;
    let head = loop {
        tokio::select! {
            head = &mut first_byte => break head,
            result = &mut conn, if !conn_done => {
                conn_done = true;
                result?;
            }
        }
    };
    let response = head
        .map_err(|_| Error::ConnectionReadTimeout)?
        .map_err(Error::from)?;
    if let Some(length) = content_length(&response)
        && length > limits.max_response_bytes
    {
        return Err(Error::HttpResponseBodySize(Some(limits.max_response_bytes)));
    }
    let response = response.map(|incoming| {
        CappedBody {
            incoming,
            received: 0,
            max: limits.max_response_bytes,
            between_bytes,
            idle: Box::pin(tokio::time::sleep(between_bytes)),
            deadline: Box::pin(tokio::time::sleep_until(total_deadline)),
            _permit: permit,
            authority,
            failure: body_failure,
        }
        .boxed_unsync()
    });
    let io: IoFuture = Box::new(async move {
        if !conn_done {
            conn.await?;
        }
        Ok(())
    });
    Ok((response, io))
}

trait Io: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin {}
impl<T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Send + Unpin> Io for T {}

/// Every address of the destination, resolved once.
async fn resolve(dest: &Destination, timeout: Duration) -> Result<Vec<SocketAddr>, Error> {
    resolve_host(&dest.host, dest.port, timeout).await
}

/// Every address of `host` (a name, or an IP address as text), as a request
/// to it would resolve them; `toolhost check` probes with this too.
pub(crate) async fn resolve_host(
    host: &str,
    port: u16,
    timeout: Duration,
) -> Result<Vec<SocketAddr>, Error> {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(vec![SocketAddr::new(ip, port)]);
    }
    let lookup = tokio::net::lookup_host((host, port));
    let addrs: Vec<SocketAddr> = tokio::time::timeout(timeout, lookup)
        .await
        .map_err(|_| Error::DnsTimeout)?
        .map_err(|e| Error::DnsError {
            rcode: Some(e.to_string()),
            info_code: None,
        })?
        .collect();
    if addrs.is_empty() {
        return Err(Error::DnsError {
            rcode: Some("no addresses".into()),
            info_code: None,
        });
    }
    Ok(addrs)
}

/// Connects to the first checked address that answers.
pub(crate) async fn connect(addrs: &[SocketAddr], timeout: Duration) -> Result<TcpStream, Error> {
    let mut last = Error::ConnectionRefused;
    for addr in addrs {
        match tokio::time::timeout(timeout, TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => {
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                last = Error::ConnectionRefused
            }
            Ok(Err(_)) => last = Error::DestinationUnavailable,
            Err(_) => last = Error::ConnectionTimeout,
        }
    }
    Err(last)
}

/// `host[:port]` for logs and messages: never the `user:password@` part a
/// guest may have put in the authority.
fn shown_authority(uri: &http::Uri) -> &str {
    let authority = uri.authority().map_or("", |a| a.as_str());
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
}

fn uri_path(uri: &http::Uri) -> http::Uri {
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    path.parse().unwrap_or_else(|_| http::Uri::from_static("/"))
}

fn content_length<B>(response: &http::Response<B>) -> Option<u64> {
    response
        .headers()
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

#[cfg(test)]
#[path = "outbound_tests.rs"]
mod tests;
