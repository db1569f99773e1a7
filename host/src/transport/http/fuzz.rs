//! One connection on any byte stream, served exactly as [`super::serve`]
//! serves a TCP connection: the same hyper settings, state, guard, routes and
//! `/mcp` endpoint, every cap and timeout at its default. This is the
//! entry point of the `http_request` fuzz target (`crate::fuzzing`), not an
//! API.

use std::convert::Infallible;
use std::sync::{Arc, OnceLock};

use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite};

use super::guard::Guard;
use super::{HttpSettings, HttpTable, State, connection_builder, route};
use crate::server::Server;

/// The bearer token the fuzzing guard requires.
pub const FUZZ_TOKEN: &str = "fuzz-token";
/// A `Host` the fuzzing guard accepts besides the loopback names.
pub const FUZZ_HOST: &str = "mcp.example";
/// An `Origin` the fuzzing guard accepts besides the loopback origins.
pub const FUZZ_ORIGIN: &str = "https://app.example";

/// Serves one connection on `stream` until the client closes it or hyper
/// ends it. The guard is fixed: bound to 127.0.0.1:8080, [`FUZZ_HOST`] and
/// [`FUZZ_ORIGIN`] allowed, [`FUZZ_TOKEN`] required.
#[doc(hidden)]
pub async fn serve_one_connection<S>(server: Arc<Server>, stream: S) -> hyper::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
{
    static SETTINGS: OnceLock<HttpSettings> = OnceLock::new();
    let settings = SETTINGS.get_or_init(|| {
        HttpTable::default()
            .resolve(&HttpTable::default())
            .expect("the defaults are valid")
    });
    let guard = Guard::new(
        ([127, 0, 0, 1], 8080).into(),
        &[FUZZ_HOST.to_owned()],
        &[FUZZ_ORIGIN.to_owned()],
        Some(FUZZ_TOKEN.as_bytes().to_vec()),
    );
    let state = Arc::new(State::new(server, guard, settings));
    let _slot = state.connections.try_take();
    let service = service_fn(move |request| {
        let state = state.clone();
        async move { Ok::<_, Infallible>(route(&state, request).await) }
    });
    connection_builder(settings)
        .serve_connection(TokioIo::new(stream), service)
        .await
}
