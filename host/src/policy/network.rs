//! Which outbound destinations a component may reach.
//!
//! A request is checked twice: its scheme, host and port against the
//! allowlist before anything else happens, then every address its host
//! resolves to. An address in a loopback, private, link-local or otherwise
//! special range is refused unless an allow rule names it by IP or CIDR, so a
//! public name that resolves to an internal address (DNS rebinding, or a
//! cloud metadata endpoint at 169.254.169.254) is refused even though the
//! name itself is allowed.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::UpstreamLimits;

/// A component's network grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkPolicy {
    pub allow: Vec<AllowRule>,
    pub limits: UpstreamLimits,
    /// The roots HTTPS requests trust: the web PKI, plus `ca_certs`.
    pub trust: super::tls::TrustRoots,
}

/// `http` or `https`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

impl Scheme {
    pub fn default_port(self) -> u16 {
        match self {
            Self::Http => 80,
            Self::Https => 443,
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_lowercase().as_str() {
            "http" => Some(Self::Http),
            "https" => Some(Self::Https),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum HostPattern {
    /// A DNS name, lower case, without a trailing dot.
    Name(String),
    /// `*.example.com`: any name ending in `.example.com` (not the apex).
    Subdomains(String),
    Ip(IpAddr),
    Cidr(IpAddr, u8),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PortPattern {
    /// The scheme's default port.
    Default,
    Any,
    Exact(u16),
}

/// One allowlist entry: `SCHEME://HOST[:PORT]`.
///
/// - SCHEME: `http`, `https`, or `*` for both.
/// - HOST: a name (`api.example.com`), a wildcard for its subdomains
///   (`*.example.com`), an IP address (`127.0.0.1`, `[::1]`), or a CIDR block
///   (`10.0.0.0/8`, `[fd00::/8]`).
/// - PORT: a number, or `*` for any; the scheme's default port when left out.
#[derive(Clone, PartialEq, Eq)]
pub struct AllowRule {
    text: String,
    scheme: Option<Scheme>,
    host: HostPattern,
    port: PortPattern,
}

impl fmt::Debug for AllowRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Display for AllowRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl AllowRule {
    pub fn parse(text: &str) -> Result<Self, String> {
        let (scheme, rest) = text
            .split_once("://")
            .ok_or("expected SCHEME://HOST[:PORT]")?;
        let scheme = match scheme {
            "*" => None,
            s => Some(Scheme::parse(s).ok_or("the scheme must be http, https or *")?),
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains(['/', '?', '#', '@']) && !is_cidr_authority(rest) {
            return Err("an allow rule names a destination only: no path, query or user".into());
        }
        let (host, port) = split_host_port(rest)?;
        let port = match port {
            None => PortPattern::Default,
            Some("*") => PortPattern::Any,
            Some(p) => PortPattern::Exact(
                digits(p)
                    .and_then(|p| p.parse::<u16>().ok())
                    .filter(|p| *p != 0)
                    .ok_or("the port must be 1-65535 or *")?,
            ),
        };
        Ok(Self {
            text: text.to_owned(),
            scheme,
            host: parse_host_pattern(host)?,
            port,
        })
    }

    /// Whether a request to `scheme://host:port` passes this rule. `host` is
    /// as in the URL: a name, or an IP literal without brackets.
    pub fn allows(&self, scheme: Scheme, host: &str, port: u16) -> bool {
        if !self.scheme_and_port_match(scheme, port) {
            return false;
        }
        let host = normalize_host(host);
        match (&self.host, host.parse::<IpAddr>()) {
            (HostPattern::Name(name), Err(_)) => *name == host,
            (HostPattern::Subdomains(suffix), Err(_)) => {
                host.len() > suffix.len() && host.ends_with(suffix.as_str())
            }
            (HostPattern::Ip(_) | HostPattern::Cidr(..), Ok(ip)) => self.covers(ip),
            _ => false,
        }
    }

    /// Whether this rule names `ip` explicitly (by IP or CIDR), which is what
    /// lets a request reach a special-range address.
    pub fn names_address(&self, scheme: Scheme, ip: IpAddr, port: u16) -> bool {
        self.scheme_and_port_match(scheme, port) && self.covers(ip)
    }

    fn scheme_and_port_match(&self, scheme: Scheme, port: u16) -> bool {
        if self.scheme.is_some_and(|s| s != scheme) {
            return false;
        }
        match self.port {
            PortPattern::Any => true,
            PortPattern::Exact(p) => p == port,
            PortPattern::Default => port == scheme.default_port(),
        }
    }

    fn covers(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match self.host {
            HostPattern::Ip(rule) => canonical(rule) == ip,
            HostPattern::Cidr(net, bits) => in_cidr(ip, net, bits),
            _ => false,
        }
    }
}

impl NetworkPolicy {
    /// The first rule that allows `scheme://host:port`.
    pub fn rule_for(&self, scheme: Scheme, host: &str, port: u16) -> Option<&AllowRule> {
        self.allow.iter().find(|r| r.allows(scheme, host, port))
    }

    /// Why `ip` may not be reached, or `None` if it may: a special-range
    /// address is refused unless a rule names it.
    pub fn refuse_address(&self, scheme: Scheme, ip: IpAddr, port: u16) -> Option<&'static str> {
        let range = special_range(ip)?;
        if self.allow.iter().any(|r| r.names_address(scheme, ip, port)) {
            return None;
        }
        Some(range)
    }
}

/// The name of the special range `ip` is in, or `None` for an ordinary public
/// address. IPv4 addresses embedded in IPv6 (mapped, NAT64, 6to4) are judged
/// by the IPv4 address.
pub fn special_range(ip: IpAddr) -> Option<&'static str> {
    match canonical(ip) {
        IpAddr::V4(v4) => special_v4(v4),
        IpAddr::V6(v6) => special_v6(v6),
    }
}

fn special_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let o = ip.octets();
    Some(match o {
        [0, ..] => "unspecified",
        [127, ..] => "loopback",
        [10, ..] => "private",
        [172, b, ..] if (16..=31).contains(&b) => "private",
        [192, 168, ..] => "private",
        [169, 254, ..] => "link-local",
        [100, b, ..] if (64..=127).contains(&b) => "shared (carrier-grade NAT)",
        [192, 0, 0, _] => "reserved",
        [192, 0, 2, _] | [198, 51, 100, _] | [203, 0, 113, _] => "documentation",
        [198, 18 | 19, ..] => "reserved",
        // The 6to4 relay anycast block (deprecated, RFC 7526).
        [192, 88, 99, _] => "reserved",
        [a, ..] if (224..240).contains(&a) => "multicast",
        [a, ..] if a >= 240 => "reserved",
        _ => return None,
    })
}

fn special_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carry an IPv4 address.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let v4 = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
        return special_v4(v4);
    }
    if s[0] == 0x2002 {
        let v4 = Ipv4Addr::new((s[1] >> 8) as u8, s[1] as u8, (s[2] >> 8) as u8, s[2] as u8);
        return special_v4(v4);
    }
    Some(match s[0] {
        x if x & 0xfe00 == 0xfc00 => "private (unique local)",
        x if x & 0xffc0 == 0xfe80 => "link-local",
        x if x & 0xffc0 == 0xfec0 => "reserved (site-local)",
        x if x & 0xff00 == 0xff00 => "multicast",
        0x2001 if s[1] == 0x0db8 => "documentation",
        // IETF protocol assignments (2001::/23), Teredo (2001::/32) among
        // them, which tunnels to an IPv4 address it obscures.
        0x2001 if s[1] < 0x0200 => "reserved",
        // Anything else below 2000::/3 is not global unicast.
        x if x & 0xe000 != 0x2000 => "reserved",
        _ => return None,
    })
}

/// An IPv4-mapped IPv6 address as the IPv4 address it is.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// A CIDR rule, stored in the form the matcher compares against: an
/// IPv4-mapped IPv6 block (`::ffff:a.b.c.d/N`) is the IPv4 block it maps,
/// with the 96 bits of the mapping prefix taken off its length. A mapped
/// block shorter than /96 would cover addresses outside the mapped range,
/// which no rule should do by accident, so it is refused.
fn cidr_pattern(net: IpAddr, bits: u8) -> Result<HostPattern, String> {
    let IpAddr::V6(v6) = net else {
        return Ok(HostPattern::Cidr(net, bits));
    };
    match v6.to_ipv4_mapped() {
        None => Ok(HostPattern::Cidr(net, bits)),
        Some(v4) => match bits.checked_sub(96) {
            Some(v4_bits) => Ok(HostPattern::Cidr(IpAddr::V4(v4), v4_bits)),
            None => Err(format!(
                "the IPv4-mapped block {v6}/{bits} must be /96 or longer; \
                 write the IPv4 block instead (e.g. {v4}/{})",
                bits.saturating_sub(96)
            )),
        },
    }
}

/// Whether `ip` is inside `net/bits`. Prefix arithmetic is checked: a length
/// past the address width matches nothing rather than wrapping to a mask
/// that matches everything.
fn in_cidr(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    let bits = u32::from(bits);
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => match 32u32.checked_sub(bits) {
            Some(32) => true,
            Some(host_bits) => {
                let mask = u32::MAX << host_bits;
                u32::from(ip) & mask == u32::from(net) & mask
            }
            None => false,
        },
        (IpAddr::V6(ip), IpAddr::V6(net)) => match 128u32.checked_sub(bits) {
            Some(128) => true,
            Some(host_bits) => {
                let mask = u128::MAX << host_bits;
                u128::from(ip) & mask == u128::from(net) & mask
            }
            None => false,
        },
        _ => false,
    }
}

/// Lower case, without IPv6 brackets or a trailing dot.
pub fn normalize_host(host: &str) -> String {
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase()
}

fn is_cidr_authority(rest: &str) -> bool {
    // `10.0.0.0/8`, `10.0.0.0/8:443`, `[fd00::/8]:443`: one slash, in the host.
    rest.matches('/').count() == 1 && !rest.contains(['?', '#', '@'])
}

fn split_host_port(rest: &str) -> Result<(&str, Option<&str>), String> {
    if let Some(inner) = rest.strip_prefix('[') {
        let (host, after) = inner
            .split_once(']')
            .ok_or("an IPv6 address must be closed by ]")?;
        return match after {
            "" => Ok((host, None)),
            _ => Ok((
                host,
                Some(after.strip_prefix(':').ok_or("expected :PORT after ]")?),
            )),
        };
    }
    Ok(match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    })
}

/// `text` if it is nothing but ASCII digits: Rust's integer parsing also
/// takes a leading `+`, which no URL or CIDR block has.
fn digits(text: &str) -> Option<&str> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then_some(text)
}

fn parse_host_pattern(host: &str) -> Result<HostPattern, String> {
    if host.is_empty() {
        return Err("the host is empty".into());
    }
    if let Some((net, bits)) = host.split_once('/') {
        let net: IpAddr = net
            .parse()
            .map_err(|_| "a CIDR block needs an IP address")?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let bits: u8 = digits(bits)
            .and_then(|b| b.parse().ok())
            .filter(|b| *b <= max)
            .ok_or("the CIDR prefix length is out of range")?;
        return cidr_pattern(net, bits);
    }
    if let Ok(ip) = host.parse::<IpAddr>() {
        return Ok(HostPattern::Ip(ip));
    }
    let name = normalize_host(host);
    let (pattern, label_part) = match name.strip_prefix("*.") {
        Some(suffix) => (HostPattern::Subdomains(format!(".{suffix}")), suffix),
        None => (HostPattern::Name(name.clone()), name.as_str()),
    };
    let valid = !label_part.is_empty()
        && label_part.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        });
    if !valid {
        return Err(format!(
            "{host:?} is not a host name, *.suffix, IP address or CIDR block"
        ));
    }
    Ok(pattern)
}

#[path = "network_exact.rs"]
mod exact;
pub use exact::ExactHost;

#[cfg(test)]
#[path = "network_tests.rs"]
mod tests;
