//! MCP over Streamable HTTP: one endpoint, `/mcp`, plus `/healthz`,
//! `/readyz` and `/metrics`.
//!
//! Built on hyper directly rather than rmcp's `StreamableHttpService`: that
//! service drives an rmcp service handler, and our dispatch is our own
//! ([`crate::server::Server::handle`], shared with stdio so both
//! transports validate, limit and map errors the same way). rmcp's defaults
//! (loopback-only hosts, no Origin check when the list is empty, 4 MiB
//! bodies, disconnect cancels only when stateless) are each a deliberate,
//! documented setting here instead.
//!
//! Defences, in the order a request meets them:
//! - a cap on connections open: over it, a static 503 and the close, before
//!   hyper sees the connection;
//! - header read timeout (also the idle keep-alive timeout: hyper starts it
//!   whenever it waits for a request head), so a slow client cannot hold a
//!   connection open;
//! - a repeated `Host`, `Origin` or `Authorization` header: 400;
//! - `Host` allowlist (DNS rebinding) and `Origin` check: 403;
//! - bearer token, when configured: 401 with `WWW-Authenticate: Bearer`;
//! - a cap on requests being served: 503 with `Retry-After`;
//! - media types (415, 406), body size (413) and body read time (408);
//! - then the shared dispatcher, with its per-tool and server-wide call limits.
//!
//! SIGTERM or SIGINT stops accepting connections, lets requests in flight
//! finish within the grace period, then returns.

mod call_stream;
mod cap;
mod fuzz;
mod guard;
mod headers;
mod legacy;
mod mcp;
mod ops;
mod reply;
mod sessions;
mod settings;
mod sse;
mod stream;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Args;
use hyper::body::Incoming;
use hyper::header::{HeaderValue, WWW_AUTHENTICATE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use rmcp::model::ErrorCode;
use tokio::net::TcpListener;
use tokio::signal::unix::{SignalKind, signal};

use crate::server::Server;
use cap::{Admission, Cap};
#[doc(hidden)]
pub use fuzz::{FUZZ_HOST, FUZZ_ORIGIN, FUZZ_TOKEN, serve_one_connection};
use guard::{Guard, Refusal};
use mcp::Endpoint;
use reply::Body;
use sessions::Sessions;
pub use settings::{HttpSettings, HttpTable};

/// Command-line settings of the HTTP transport.
#[derive(Args, Debug, Clone)]
pub struct HttpArgs {
    /// Serve MCP over Streamable HTTP on ADDR (e.g. 127.0.0.1:8080) instead of stdio.
    #[arg(long, value_name = "ADDR")]
    pub http: Option<SocketAddr>,
    /// Also accept this Host header (repeatable; `*` accepts any). Loopback names are always accepted.
    #[arg(long = "allowed-host", value_name = "HOST", requires = "http")]
    pub allowed_hosts: Vec<String>,
    /// Also accept this Origin, e.g. `https://app.example` (repeatable). Loopback origins are always accepted.
    #[arg(long = "allowed-origin", value_name = "ORIGIN", requires = "http")]
    pub allowed_origins: Vec<String>,
    /// Require `Authorization: Bearer TOKEN`, TOKEN read from FILE (else from TOOLHOST_AUTH_TOKEN).
    #[arg(long, value_name = "FILE", requires = "http")]
    pub auth_token_file: Option<PathBuf>,
    /// Allow a non-loopback address without a token.
    #[arg(long, requires = "http")]
    pub allow_unauthenticated_remote: bool,
    // The caps and timeouts below also have keys in the config file's
    // `[http]` table (see `settings`); a flag wins over its key.
    /// Largest request body, in KiB [default: 4096].
    #[arg(long, value_name = "KIB")]
    pub http_max_body_kib: Option<usize>,
    /// Time allowed for a request's headers (and for an idle keep-alive connection), and again for its body, in ms [default: 10000].
    #[arg(long, value_name = "MS")]
    pub http_header_timeout_ms: Option<u64>,
    /// MCP requests served at once; more get 503 with Retry-After [default: 256].
    #[arg(long, value_name = "N")]
    pub http_max_requests: Option<usize>,
    /// Connections open at once; more get a bare 503 and are closed [default: 1024].
    #[arg(long, value_name = "N")]
    pub http_max_connections: Option<usize>,
    /// Legacy sessions alive at once; at the cap a new one replaces the least recently used idle one [default: 1024].
    #[arg(long, value_name = "N")]
    pub http_max_sessions: Option<usize>,
    /// A legacy session unused this long ends (its id then gets 404), in seconds [default: 3600].
    #[arg(long, value_name = "SECS")]
    pub http_session_idle_secs: Option<u64>,
    /// On SIGTERM/SIGINT, how long requests in flight may take to finish, in ms [default: 10000].
    #[arg(long, value_name = "MS")]
    pub shutdown_grace_ms: Option<u64>,
}

impl HttpArgs {
    /// The caps and timeouts as given on the command line.
    pub fn flags(&self) -> HttpTable {
        HttpTable {
            max_body_kib: self.http_max_body_kib,
            header_timeout_ms: self.http_header_timeout_ms,
            max_requests: self.http_max_requests,
            max_connections: self.http_max_connections,
            max_sessions: self.http_max_sessions,
            session_idle_secs: self.http_session_idle_secs,
            shutdown_grace_ms: self.shutdown_grace_ms,
        }
    }
}

/// The 503 text over `--http-max-requests`.
const BUSY: &str = "Too many requests in flight; retry shortly";

/// Shared by every connection.
struct State {
    guard: Guard,
    endpoint: Endpoint,
    requests: Cap,
    /// Beyond `requests`, for requests that only stop work.
    control: Cap,
    connections: Cap,
}

/// Serves `server` on `args.http` until SIGTERM or SIGINT, then drains.
/// `settings` are resolved by the caller, from the flags and the config file.
pub async fn serve(
    server: Arc<Server>,
    args: &HttpArgs,
    settings: HttpSettings,
) -> anyhow::Result<()> {
    let addr = args.http.context("no address to listen on")?;
    let token = guard::load_token(args.auth_token_file.as_deref())?;
    if !addr.ip().is_loopback() && token.is_none() && !args.allow_unauthenticated_remote {
        bail!(
            "refusing to serve {addr} without authentication: it is not a loopback address. \
             Set --auth-token-file or TOOLHOST_AUTH_TOKEN, or pass --allow-unauthenticated-remote"
        );
    }
    // Installed before the first connection, so a signal never finds the
    // default action (exit without draining).
    let mut term = signal(SignalKind::terminate()).context("cannot install a SIGTERM handler")?;
    let mut int = signal(SignalKind::interrupt()).context("cannot install a SIGINT handler")?;
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let bound = listener.local_addr()?;
    let guard = Guard::new(bound, &args.allowed_hosts, &args.allowed_origins, token);
    let state = Arc::new(State::new(server, guard, &settings));
    let http = connection_builder(&settings);
    tracing::info!(
        auth = state.guard.requires_token(),
        "listening on http://{bound}/mcp"
    );

    let graceful = GracefulShutdown::new();
    let mut stop = pin!(async {
        tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
        }
    });
    let signal = loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => {
                    // Held by the connection's task until the connection ends.
                    let Some(slot) = state.connections.try_take() else {
                        tracing::debug!("connection cap reached; connection turned away");
                        cap::turn_away(stream);
                        continue;
                    };
                    let _ = stream.set_nodelay(true);
                    let state = state.clone();
                    let service = service_fn(move |request| {
                        let state = state.clone();
                        async move { Ok::<_, Infallible>(route(&state, request).await) }
                    });
                    let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
                    tokio::spawn(async move {
                        if let Err(e) = connection.await {
                            tracing::debug!(error = %e, "HTTP connection ended with an error");
                        }
                        drop(slot);
                    });
                }
                Err(e) => {
                    // Out of file descriptors and the like: do not spin.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            signal = &mut stop => break signal,
        }
    };
    drop(listener);
    // Streams have no last message to wait for: they end now, so that their
    // connections can close with the rest.
    state.endpoint.shutdown.send_replace(true);
    let grace = Duration::from_millis(settings.shutdown_grace_ms);
    tracing::info!(
        signal,
        grace_ms = settings.shutdown_grace_ms,
        "shutting down: no new connections; letting requests in flight finish"
    );
    match tokio::time::timeout(grace, graceful.shutdown()).await {
        Ok(()) => tracing::info!("all connections closed; exiting"),
        Err(_) => tracing::warn!("grace period over; dropping the requests still in flight"),
    }
    Ok(())
}

impl State {
    fn new(server: Arc<Server>, guard: Guard, settings: &HttpSettings) -> Self {
        Self {
            guard,
            endpoint: Endpoint {
                server,
                sessions: Sessions::new(
                    settings.max_sessions,
                    Duration::from_secs(settings.session_idle_secs),
                ),
                max_body_bytes: settings.max_body_bytes,
                body_timeout: Duration::from_millis(settings.header_timeout_ms),
                shutdown: tokio::sync::watch::Sender::new(false),
            },
            requests: Cap::new(settings.max_requests),
            control: Cap::new(cap::CONTROL_SLOTS),
            connections: Cap::new(settings.max_connections),
        }
    }
}

/// How every connection is served: HTTP/1.1 with the header read timeout
/// (also the keep-alive idle timeout) and a 64 KiB read buffer.
fn connection_builder(settings: &HttpSettings) -> http1::Builder {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_millis(settings.header_timeout_ms))
        .max_buf_size(64 * 1024);
    http
}

async fn route(state: &State, request: Request<Incoming>) -> Response<Body> {
    let metrics = match request.uri().path() {
        "/mcp" => false,
        "/metrics" => true,
        // Liveness and readiness say nothing worth protecting, and probes
        // rarely send the right Host.
        "/healthz" => return ops::healthz(),
        "/readyz" => return ops::readyz(&state.endpoint.server),
        _ => {
            return reply::refuse(
                StatusCode::NOT_FOUND,
                ErrorCode::INVALID_REQUEST,
                "Not found: the MCP endpoint is /mcp",
            );
        }
    };
    if let Err(refusal) = state.guard.check(request.headers()) {
        return refused(refusal);
    }
    if metrics {
        return ops::metrics(
            &state.endpoint.server,
            state.endpoint.sessions.count(),
            state.requests.in_use(),
            state.connections.in_use(),
        );
    }
    let admission = match state.requests.try_take() {
        Some(slot) => Admission {
            slot,
            control_only: false,
        },
        None => match state.control.try_take() {
            Some(slot) => Admission {
                slot,
                control_only: true,
            },
            None => return reply::busy(BUSY),
        },
    };
    state.endpoint.handle(request, admission).await
}

fn refused(refusal: Refusal) -> Response<Body> {
    match refusal {
        Refusal::Repeated(header) => reply::refuse(
            StatusCode::BAD_REQUEST,
            ErrorCode::INVALID_REQUEST,
            &format!("Bad Request: more than one {header} header"),
        ),
        Refusal::Host => reply::refuse(
            StatusCode::FORBIDDEN,
            ErrorCode::INVALID_REQUEST,
            "Forbidden: Host not allowed",
        ),
        Refusal::Origin => reply::refuse(
            StatusCode::FORBIDDEN,
            ErrorCode::INVALID_REQUEST,
            "Forbidden: Origin not allowed",
        ),
        Refusal::Unauthorized => {
            let mut response = reply::refuse(
                StatusCode::UNAUTHORIZED,
                ErrorCode::INVALID_REQUEST,
                "Unauthorized: a valid bearer token is required",
            );
            response.headers_mut().insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"toolhost\""),
            );
            response
        }
    }
}
