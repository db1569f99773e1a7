//! Probing a component's upstreams before a call needs them: every host its
//! allowlist names exactly is resolved the way a request would resolve it,
//! each address judged by the same policy, and with `--connect` each
//! allowed port is connected to (and for HTTPS, a TLS handshake is made with
//! the component's trust roots).
//!
//! A wildcard or CIDR rule names no host anyone can list, so it is reported
//! as not checkable rather than passed.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Finding, Kind, Status};
use crate::policy::network::{ExactHost, Scheme};
use crate::policy::{AllowRule, NetworkPolicy, outbound, tls};
use crate::registry::Registry;

/// Every component with a network grant, once each, in load order.
pub fn targets(registry: &Registry) -> Vec<(Arc<str>, Arc<NetworkPolicy>)> {
    let mut out: Vec<(Arc<str>, Arc<NetworkPolicy>)> = Vec::new();
    for tool in registry.tools() {
        let component = &tool.component;
        if let Some(policy) = &component.grants.network
            && !out.iter().any(|(label, _)| *label == component.label)
        {
            out.push((component.label.clone(), policy.clone()));
        }
    }
    out
}

/// The findings of every rule of `policy`, probed concurrently; in rule order.
pub async fn probe(policy: Arc<NetworkPolicy>, connect: bool) -> Vec<Finding> {
    let probes = policy.allow.iter().map(|rule| {
        let policy = policy.clone();
        let rule = rule.clone();
        async move { probe_rule(&policy, &rule, connect).await }
    });
    futures::future::join_all(probes)
        .await
        .into_iter()
        .flatten()
        .collect()
}

async fn probe_rule(policy: &NetworkPolicy, rule: &AllowRule, connect: bool) -> Vec<Finding> {
    let Some(exact) = rule.exact_host() else {
        return vec![Finding::new(
            Status::Skipped,
            Kind::Network,
            format!("{rule}: a wildcard or CIDR block names no one host to check"),
        )];
    };
    let timeout = policy.limits.connect_timeout.min(MAX_PROBE_TIMEOUT);
    let addrs = match outbound::resolve_host(&exact.host, 0, timeout).await {
        Ok(addrs) => addrs,
        Err(e) => {
            return vec![
                Finding::new(
                    Status::Warning,
                    Kind::Network,
                    format!("{} does not resolve: {}", exact.host, describe(&e)),
                )
                .fix(format!(
                    "check the name in network.allow ({rule}) and this machine's DNS"
                )),
            ];
        }
    };
    let mut findings = Vec::new();
    for &(scheme, port) in &exact.targets {
        let shown = match port {
            Some(port) => format!("{}://{}:{port}", scheme_name(scheme), bracket(&exact)),
            None => format!("{}://{}:*", scheme_name(scheme), bracket(&exact)),
        };
        let (allowed, refused) = judge(policy, scheme, port, &addrs);
        if allowed.is_empty() {
            let (ip, range) = refused[0];
            findings.push(
                Finding::new(
                    Status::Error,
                    Kind::Network,
                    format!(
                        "{shown}: {} resolves only to addresses the policy refuses, \
                         such as {ip} ({range} address); every request to it will be refused",
                        exact.host
                    ),
                )
                .fix(format!(
                    "if this upstream is meant to be internal, name its address in network.allow \
                     (for example \"{}://{}\")",
                    scheme_name(scheme),
                    address_rule(ip, port)
                )),
            );
            continue;
        }
        if let Some(&(ip, range)) = refused.first() {
            findings.push(
                Finding::new(
                    Status::Warning,
                    Kind::Network,
                    format!(
                        "{shown}: {} also resolves to {ip} ({range} address), which the policy \
                         refuses; requests succeed only while the resolver puts an allowed \
                         address first",
                        exact.host
                    ),
                )
                .fix("point the name at public addresses only, or allow the address by IP"),
            );
        } else if !exact.is_address {
            findings.push(Finding::ok(
                Kind::Network,
                format!("{shown}: {} resolves to {}", exact.host, count(&allowed)),
            ));
        }
        if connect {
            findings.push(connect_to(policy, &exact, scheme, port, &shown, &allowed).await);
        } else if exact.is_address {
            findings.push(Finding::ok(
                Kind::Network,
                format!("{shown}: an address; nothing to resolve (--connect tries it)"),
            ));
        }
    }
    findings
}

/// The addresses a request with `scheme` may reach, and those it may not,
/// each with the special range it is in.
fn judge(
    policy: &NetworkPolicy,
    scheme: Scheme,
    port: Option<u16>,
    addrs: &[SocketAddr],
) -> (Vec<SocketAddr>, Vec<(std::net::IpAddr, &'static str)>) {
    let port = port.unwrap_or(scheme.default_port());
    let mut allowed = Vec::new();
    let mut refused = Vec::new();
    for addr in addrs {
        match policy.refuse_address(scheme, addr.ip(), port) {
            Some(range) => refused.push((addr.ip(), range)),
            None => allowed.push(SocketAddr::new(addr.ip(), port)),
        }
    }
    (allowed, refused)
}

async fn connect_to(
    policy: &NetworkPolicy,
    exact: &ExactHost,
    scheme: Scheme,
    port: Option<u16>,
    shown: &str,
    addrs: &[SocketAddr],
) -> Finding {
    if port.is_none() {
        return Finding::new(
            Status::Skipped,
            Kind::Network,
            format!("{shown}: any port is allowed, so there is no one port to connect to"),
        );
    }
    let timeout = policy.limits.connect_timeout.min(MAX_PROBE_TIMEOUT);
    let started = Instant::now();
    let outcome = async {
        let stream = outbound::connect(addrs, timeout).await?;
        if scheme == Scheme::Https {
            tls::connect(&policy.trust, &exact.host, stream, timeout).await?;
        }
        Ok::<_, wasmtime_wasi_http::Error>(())
    }
    .await;
    let ms = started.elapsed().as_millis();
    match outcome {
        Ok(()) => {
            let what = match scheme {
                Scheme::Http => "accepts a connection",
                Scheme::Https => "completes a TLS handshake",
            };
            Finding::ok(Kind::Network, format!("{shown} {what} ({ms} ms)"))
        }
        Err(e) => {
            let fix = match e {
                wasmtime_wasi_http::Error::TlsCertificateError => {
                    "its certificate is not trusted: if an internal CA signed it, \
                     add the CA's PEM file to network.ca_certs"
                }
                _ => "is the upstream up, and reachable from this machine?",
            };
            Finding::new(
                Status::Warning,
                Kind::Network,
                format!("{shown}: cannot connect: {} ({ms} ms)", describe(&e)),
            )
            .fix(fix)
        }
    }
}

/// An upstream error in words.
fn describe(e: &wasmtime_wasi_http::Error) -> String {
    use wasmtime_wasi_http::Error as E;
    match e {
        E::DnsTimeout => "the lookup timed out".into(),
        E::DnsError { rcode, .. } => rcode.clone().unwrap_or_else(|| "lookup failed".into()),
        E::ConnectionRefused => "connection refused".into(),
        E::ConnectionTimeout => "timed out".into(),
        E::TlsCertificateError => "the certificate is not trusted".into(),
        E::TlsProtocolError => "the TLS handshake failed".into(),
        E::DestinationUnavailable => "the destination is unreachable".into(),
        other => format!("{other:?}"),
    }
}

fn scheme_name(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::Http => "http",
        Scheme::Https => "https",
    }
}

fn bracket(exact: &ExactHost) -> String {
    if exact.host.contains(':') {
        format!("[{}]", exact.host)
    } else {
        exact.host.clone()
    }
}

fn address_rule(ip: std::net::IpAddr, port: Option<u16>) -> String {
    let host = match ip {
        std::net::IpAddr::V4(v4) => v4.to_string(),
        std::net::IpAddr::V6(v6) => format!("[{v6}]"),
    };
    match port {
        Some(port) => format!("{host}:{port}"),
        None => format!("{host}:*"),
    }
}

fn count(addrs: &[SocketAddr]) -> String {
    let mut ips: Vec<String> = addrs.iter().map(|a| a.ip().to_string()).collect();
    ips.dedup();
    match ips.len() {
        1 => ips.remove(0),
        n => format!("{n} addresses ({})", ips.join(", ")),
    }
}

/// Probes never wait longer than this for one host, whatever a policy's
/// connect timeout says, so that `check` finishes in seconds.
pub const MAX_PROBE_TIMEOUT: Duration = Duration::from_secs(10);

#[cfg(test)]
#[path = "network_tests.rs"]
mod tests;
