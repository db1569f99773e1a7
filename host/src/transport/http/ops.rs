//! Endpoints for operators: `/healthz` (the process answers), `/readyz`
//! (tools are loaded) and `/metrics` (Prometheus text).

use hyper::{Response, StatusCode};

use super::reply::{self, Body};
use crate::metrics;
use crate::server::Server;

const PLAIN: &str = "text/plain; charset=utf-8";
const PROMETHEUS: &str = "text/plain; version=0.0.4; charset=utf-8";

pub fn healthz() -> Response<Body> {
    reply::text(StatusCode::OK, PLAIN, "ok\n".into())
}

/// Ready once at least one tool is loaded: a server whose every component
/// failed to load answers but cannot do anything useful.
pub fn readyz(server: &Server) -> Response<Body> {
    match server.catalog().registry.tools().len() {
        0 => reply::text(
            StatusCode::SERVICE_UNAVAILABLE,
            PLAIN,
            "not ready: no tools loaded\n".into(),
        ),
        n => reply::text(StatusCode::OK, PLAIN, format!("ready: {n} tools\n")),
    }
}

pub fn metrics(
    server: &Server,
    sessions: usize,
    requests_in_flight: usize,
    connections_open: usize,
) -> Response<Body> {
    let catalog = server.catalog();
    let tools = catalog.registry.tools();
    let mut text = metrics::render(tools.iter().map(|t| &t.name));
    text.push_str(
        "# HELP toolhost_tool_quarantined 1 while a tool is out of service because its calls kept crashing.\n\
         # TYPE toolhost_tool_quarantined gauge\n",
    );
    for tool in tools {
        text.push_str(&format!(
            "toolhost_tool_quarantined{{tool=\"{}\"}} {}\n",
            metrics::escape(&tool.name),
            u8::from(tool.health.is_quarantined())
        ));
    }
    text.push_str(
        "# HELP toolhost_upstream_breaker_open 1 while a component's circuit breaker for a destination is open (its requests fail at once); 0 once a probe may go. Only destinations that failed lately are listed.\n\
         # TYPE toolhost_upstream_breaker_open gauge\n",
    );
    for (component, destination, open) in
        crate::policy::breaker::Breakers::states(std::time::Instant::now())
    {
        text.push_str(&format!(
            "toolhost_upstream_breaker_open{{component=\"{}\",destination=\"{}\"}} {}\n",
            metrics::escape(&component),
            metrics::escape(&destination),
            u8::from(open)
        ));
    }
    text.push_str(&format!(
        "# HELP toolhost_http_sessions Legacy (initialize-era) HTTP sessions alive.\n\
         # TYPE toolhost_http_sessions gauge\n\
         toolhost_http_sessions {sessions}\n\
         # HELP toolhost_http_requests_in_flight MCP HTTP requests being served.\n\
         # TYPE toolhost_http_requests_in_flight gauge\n\
         toolhost_http_requests_in_flight {requests_in_flight}\n\
         # HELP toolhost_http_connections_open HTTP connections open (this one included).\n\
         # TYPE toolhost_http_connections_open gauge\n\
         toolhost_http_connections_open {connections_open}\n"
    ));
    reply::text(StatusCode::OK, PROMETHEUS, text)
}
