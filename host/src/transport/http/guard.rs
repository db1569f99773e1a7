//! Who may talk to the server: the `Host` allowlist (DNS rebinding), the
//! `Origin` check (browsers), and bearer-token authentication.
//!
//! A browser page on `evil.example` can make a victim's browser POST to a
//! server on `127.0.0.1` by rebinding its own name to that address: the
//! request then carries `Host: evil.example` and, from script, an `Origin`.
//! Both are checked before anything else, on every endpoint that says more
//! than "alive". Clients that are not browsers send no `Origin`, so a missing
//! one is allowed; a present one must be on the list.
//!
//! Each of these headers may appear once. With two, the check would read one
//! and a proxy or a later reader might act on the other (RFC 9112 §3.2 makes
//! a repeated `Host` a 400), so a repeat is refused before anything else.

use std::net::{IpAddr, SocketAddr};
use std::path::Path;

use anyhow::{Context, bail};
use hyper::HeaderMap;
use hyper::header::{AUTHORIZATION, HOST, HeaderName, ORIGIN};

/// Why a request was turned away before it reached the MCP endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The named header (`Host`, `Origin` or `Authorization`) appears more
    /// than once: 400.
    Repeated(&'static str),
    /// `Host` missing or not on the allowlist: 403.
    Host,
    /// `Origin` present and not on the allowlist: 403.
    Origin,
    /// Bearer token missing or wrong: 401 with `WWW-Authenticate`.
    Unauthorized,
}

/// The checks every protected request passes, fixed at start.
#[derive(Debug, Clone)]
pub struct Guard {
    /// Lower-case host names or IP literals (IPv6 in brackets), without port.
    /// `None`: any host (`--allowed-host '*'`).
    hosts: Option<Vec<String>>,
    /// Lower-case `scheme://host[:port]`, exactly as browsers send them.
    origins: Vec<String>,
    token: Option<Vec<u8>>,
}

/// Loopback names, allowed as `Host` and (with http or https) as `Origin`
/// with any port.
const LOOPBACK_NAMES: &[&str] = &["localhost", "127.0.0.1", "[::1]"];

/// The headers the checks read, each allowed once, with the name a refusal
/// shows.
const SINGLE: [(HeaderName, &str); 3] = [
    (HOST, "Host"),
    (ORIGIN, "Origin"),
    (AUTHORIZATION, "Authorization"),
];

impl Guard {
    /// `extra_hosts` and `extra_origins` come from the command line; the
    /// loopback names are always allowed, and so is the address bound to.
    pub fn new(
        bound: SocketAddr,
        extra_hosts: &[String],
        extra_origins: &[String],
        token: Option<Vec<u8>>,
    ) -> Self {
        let hosts = if extra_hosts.iter().any(|h| h == "*") {
            None
        } else {
            let mut hosts: Vec<String> = LOOPBACK_NAMES.iter().map(|s| s.to_string()).collect();
            if !bound.ip().is_unspecified() {
                hosts.push(match bound.ip() {
                    IpAddr::V4(ip) => ip.to_string(),
                    IpAddr::V6(ip) => format!("[{ip}]"),
                });
            }
            hosts.extend(extra_hosts.iter().map(|h| h.to_ascii_lowercase()));
            Some(hosts)
        };
        let origins = extra_origins
            .iter()
            .map(|o| o.trim_end_matches('/').to_ascii_lowercase())
            .collect();
        Self {
            hosts,
            origins,
            token,
        }
    }

    pub fn requires_token(&self) -> bool {
        self.token.is_some()
    }

    /// Runs the checks in order: no repeats, Host, Origin, then the token.
    pub fn check(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        for (name, shown) in &SINGLE {
            if headers.get_all(name).iter().nth(1).is_some() {
                return Err(Refusal::Repeated(shown));
            }
        }
        if let Some(hosts) = &self.hosts {
            let host = headers.get(HOST).and_then(|v| v.to_str().ok());
            let name = host.map(|h| strip_port(h).to_ascii_lowercase());
            if !name.is_some_and(|name| hosts.contains(&name)) {
                return Err(Refusal::Host);
            }
        }
        if let Some(origin) = headers.get(ORIGIN) {
            let origin = origin.to_str().map_err(|_| Refusal::Origin)?;
            if !self.origin_allowed(origin) {
                return Err(Refusal::Origin);
            }
        }
        if let Some(expected) = &self.token {
            let presented = headers
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(bearer_token);
            if !presented.is_some_and(|token| constant_time_eq(token.as_bytes(), expected)) {
                return Err(Refusal::Unauthorized);
            }
        }
        Ok(())
    }

    fn origin_allowed(&self, origin: &str) -> bool {
        let origin = origin.to_ascii_lowercase();
        if self.origins.contains(&origin) {
            return true;
        }
        let Some(rest) = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
        else {
            return false;
        };
        LOOPBACK_NAMES.contains(&strip_port(rest))
    }
}

/// `host[:port]` without the port; IPv6 literals keep their brackets.
fn strip_port(authority: &str) -> &str {
    if authority.starts_with('[') {
        return match authority.find(']') {
            Some(end) => &authority[..=end],
            None => authority,
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    }
}

/// The token of an `Authorization: Bearer TOKEN` header (scheme is
/// case-insensitive, RFC 7235).
fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Compares without an early exit, so the time taken does not tell an
/// attacker how many leading bytes of a guess were right. The length of the
/// secret is not hidden (a guess of another length fails fast).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.ct_eq(b).into()
}

/// The bearer token, from `--auth-token-file` or `TOOLHOST_AUTH_TOKEN`
/// (the file wins). Surrounding whitespace (a trailing newline) is dropped; an
/// empty token is refused rather than taken to mean "no auth".
pub fn load_token(file: Option<&Path>) -> anyhow::Result<Option<Vec<u8>>> {
    let (token, source) = match file {
        Some(path) => (
            std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the token file {}", path.display()))?,
            "the token file",
        ),
        None => match std::env::var("TOOLHOST_AUTH_TOKEN") {
            Ok(token) => (token, "TOOLHOST_AUTH_TOKEN"),
            Err(_) => return Ok(None),
        },
    };
    let token = token.trim();
    if token.is_empty() {
        bail!("{source} is empty");
    }
    if !token.bytes().all(|b| b.is_ascii_graphic()) {
        bail!("{source} must be printable ASCII without spaces");
    }
    Ok(Some(token.as_bytes().to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hyper::header::HeaderValue;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(
                hyper::header::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                HeaderValue::from_str(v).unwrap(),
            );
        }
        map
    }

    fn local(token: Option<&str>) -> Guard {
        Guard::new(
            "127.0.0.1:8080".parse().unwrap(),
            &["mcp.internal".into()],
            &["https://app.example".into()],
            token.map(|t| t.as_bytes().to_vec()),
        )
    }

    #[test]
    fn hosts_are_loopback_or_listed_with_any_port() {
        let guard = local(None);
        for ok in ["localhost:1", "127.0.0.1", "[::1]:9", "MCP.internal:443"] {
            assert_eq!(guard.check(&headers(&[("host", ok)])), Ok(()), "{ok}");
        }
        for bad in ["evil.example", "evil.example:8080", "127.0.0.1.nip.io"] {
            assert_eq!(
                guard.check(&headers(&[("host", bad)])),
                Err(Refusal::Host),
                "{bad}"
            );
        }
        assert_eq!(guard.check(&headers(&[])), Err(Refusal::Host));
    }

    #[test]
    fn origins_are_optional_but_checked_when_present() {
        let guard = local(None);
        let with = |origin| guard.check(&headers(&[("host", "localhost"), ("origin", origin)]));
        assert_eq!(with("http://localhost:3000"), Ok(()));
        assert_eq!(with("https://app.example"), Ok(()));
        assert_eq!(with("https://evil.example"), Err(Refusal::Origin));
        assert_eq!(with("null"), Err(Refusal::Origin));
        assert_eq!(with("http://localhost.evil.example"), Err(Refusal::Origin));
    }

    #[test]
    fn bearer_tokens_must_match_exactly() {
        let guard = local(Some("s3cret"));
        let with =
            |auth: &str| guard.check(&headers(&[("host", "localhost"), ("authorization", auth)]));
        assert_eq!(with("Bearer s3cret"), Ok(()));
        assert_eq!(with("bearer s3cret"), Ok(()));
        assert_eq!(with("Bearer s3cre"), Err(Refusal::Unauthorized));
        assert_eq!(with("Basic s3cret"), Err(Refusal::Unauthorized));
        assert_eq!(
            guard.check(&headers(&[("host", "localhost")])),
            Err(Refusal::Unauthorized)
        );
    }

    #[test]
    fn a_repeated_host_origin_or_authorization_is_refused() {
        let guard = local(Some("s3cret"));
        let good = [
            ("host", "localhost"),
            ("origin", "http://localhost:3000"),
            ("authorization", "Bearer s3cret"),
        ];
        assert_eq!(guard.check(&headers(&good)), Ok(()));
        for ((name, value), shown) in good.into_iter().zip(["Host", "Origin", "Authorization"]) {
            // The same good value twice is refused too: which one counts
            // would depend on who reads the request.
            for second in [value, "evil.example"] {
                let mut map = headers(&good);
                map.append(name, HeaderValue::from_str(second).unwrap());
                assert_eq!(
                    guard.check(&map),
                    Err(Refusal::Repeated(shown)),
                    "{name}: {second}"
                );
            }
        }
    }

    #[test]
    fn a_star_allows_any_host() {
        let guard = Guard::new("0.0.0.0:1".parse().unwrap(), &["*".into()], &[], None);
        assert_eq!(guard.check(&headers(&[("host", "anything")])), Ok(()));
    }
}
