//! `allow_rule`: an allow rule and addresses, checked against a reference
//! model built on `ipnet`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

use crate::policy::UpstreamLimits;
use crate::policy::network::{AllowRule, NetworkPolicy, Scheme, special_range};

/// Addresses checked per input at most, so that a long input stays fast.
const MAX_ADDRESSES: usize = 256;

/// Reads `data` as an allow rule (its first line) followed by addresses
/// (see [`addresses`]), and checks, for both schemes and ports 80, 443 and
/// one the input picks:
///
/// - a rule whose host is an IP address or CIDR block parses exactly when
///   the reference model says it is valid, and then names (`names_address`,
///   and `allows` for the address written as a host) exactly the addresses
///   its `ipnet` network contains, an IPv4-mapped address counting as its
///   IPv4 address and a mapped block (/96 or longer) as its IPv4 block;
/// - a rule for a name never names an address;
/// - every address in a special range of the reference table is named by
///   `special_range`, and `refuse_address` lets one through only when the
///   rule names it.
pub fn allow_rule(data: &[u8]) {
    let (text, rest) = match memchr::memchr(b'\n', data) {
        Some(end) => (&data[..end], &data[end + 1..]),
        None => (data, &[][..]),
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let reference = Reference::parse(text);
    let rule = AllowRule::parse(text);
    let rule = match (&reference, rule) {
        (
            Some(Reference {
                net: Host::Net(_), ..
            }),
            Err(e),
        ) => {
            panic!("a valid IP or CIDR rule was refused: {e}")
        }
        (
            Some(Reference {
                net: Host::Invalid, ..
            }),
            Ok(_),
        ) => {
            panic!("an IP or CIDR rule the reference refuses was accepted")
        }
        (_, Ok(rule)) => rule,
        (_, Err(_)) => return,
    };
    let policy = NetworkPolicy {
        allow: vec![rule.clone()],
        limits: UpstreamLimits::default(),
        trust: crate::policy::tls::TrustRoots::web_pki(),
    };
    let near = reference.as_ref().and_then(|r| match &r.net {
        Host::Net(net) => Some(net.addr()),
        _ => None,
    });
    for (ip, picked_port) in addresses(rest, near) {
        let in_special_range = special_range(ip).is_some();
        assert!(
            !reference_special(ip) || in_special_range,
            "{ip} is special but special_range says it is not"
        );
        for scheme in [Scheme::Http, Scheme::Https] {
            for port in [80, 443, picked_port] {
                let names = rule.names_address(scheme, ip, port);
                let expected = reference
                    .as_ref()
                    .is_some_and(|r| r.names(scheme, ip, port));
                assert_eq!(names, expected, "{rule} names {ip} ({scheme:?}, {port})");
                let as_host = ip.to_string();
                assert_eq!(rule.allows(scheme, &as_host, port), expected, "{as_host}");
                if ip.is_ipv6() {
                    let bracketed = format!("[{ip}]");
                    assert_eq!(rule.allows(scheme, &bracketed, port), expected);
                }
                let refused = policy.refuse_address(scheme, ip, port).is_some();
                assert_eq!(
                    refused,
                    in_special_range && !expected,
                    "refuse_address({ip}, {scheme:?}, {port}) under {rule}"
                );
            }
        }
    }
}

/// An allow rule as the reference model reads it, from its documented form
/// `SCHEME://HOST[:PORT]`, IPv6 in brackets, a trailing `/` allowed.
struct Reference {
    http: bool,
    https: bool,
    port: Port,
    net: Host,
}

enum Port {
    Default,
    Any,
    Exact(u16),
}

enum Host {
    /// An IP address (a /32 or /128) or a CIDR block, IPv4-mapped ones as
    /// their IPv4 form.
    Net(IpNet),
    /// An IP address or CIDR block that no rule may name: a prefix past the
    /// address width, or a mapped block shorter than /96.
    Invalid,
    /// Anything else: a name, or text that is no host at all.
    Other,
}

impl Reference {
    /// `None` when the scheme or port is not valid, whatever the host.
    fn parse(text: &str) -> Option<Self> {
        let (scheme, rest) = text.split_once("://")?;
        let (http, https) = match scheme.to_ascii_lowercase().as_str() {
            "*" => (true, true),
            "http" => (true, false),
            "https" => (false, true),
            _ => return None,
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let (host, port) = match rest.strip_prefix('[') {
            Some(inner) => {
                let (host, after) = inner.split_once(']')?;
                match after {
                    "" => (host, None),
                    _ => (host, Some(after.strip_prefix(':')?)),
                }
            }
            None => match rest.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (rest, None),
            },
        };
        let port = match port {
            None => Port::Default,
            Some("*") => Port::Any,
            Some(p) if !p.bytes().all(|b| b.is_ascii_digit()) => return None,
            Some(p) => Port::Exact(p.parse().ok().filter(|p| *p != 0)?),
        };
        Some(Self {
            http,
            https,
            port,
            net: host_net(host),
        })
    }

    fn names(&self, scheme: Scheme, ip: IpAddr, port: u16) -> bool {
        let scheme_ok = match scheme {
            Scheme::Http => self.http,
            Scheme::Https => self.https,
        };
        let port_ok = match self.port {
            Port::Default => port == scheme.default_port(),
            Port::Any => true,
            Port::Exact(p) => p == port,
        };
        let Host::Net(net) = &self.net else {
            return false;
        };
        scheme_ok && port_ok && net.contains(&canonical(ip))
    }
}

fn host_net(host: &str) -> Host {
    let (address, prefix) = match host.split_once('/') {
        Some((address, prefix)) => (address, Some(prefix)),
        None => (host, None),
    };
    let Ok(address) = address.parse::<IpAddr>() else {
        return Host::Other;
    };
    let prefix = match prefix {
        None => None,
        // URLs and CIDR blocks have no sign: `+8` is refused.
        Some(prefix) if !prefix.bytes().all(|b| b.is_ascii_digit()) => return Host::Invalid,
        Some(prefix) => match prefix.parse::<u8>() {
            Ok(prefix) => Some(prefix),
            Err(_) => return Host::Other,
        },
    };
    let mapped = match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped(),
        IpAddr::V4(_) => None,
    };
    let net = match (mapped, prefix) {
        (Some(v4), None) => Ok(IpNet::from(IpAddr::V4(v4))),
        (None, None) => Ok(IpNet::from(address)),
        (Some(v4), Some(prefix)) if prefix >= 96 => Ipv4Net::new(v4, prefix - 96).map(IpNet::V4),
        (Some(_), Some(_)) => return Host::Invalid,
        (None, Some(prefix)) => IpNet::new(address, prefix),
    };
    net.map_or(Host::Invalid, Host::Net)
}

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The addresses after the rule: records of a tag byte, the address, and a
/// port (two bytes). The tag's low two bits say what follows: 0, 4 bytes of
/// IPv4; 1, 16 bytes of IPv6; 2, 4 bytes of IPv4 written IPv4-mapped; 3, a
/// byte `k` and 16 bytes whose lowest `k` bits replace those of the rule's
/// own address (so that addresses in and next to its block come up often),
/// IPv4-mapped when the tag's bit 2 is set.
fn addresses(mut data: &[u8], near: Option<IpAddr>) -> Vec<(IpAddr, u16)> {
    let mut take = |n: usize| -> Option<Vec<u8>> {
        let (head, tail) = data.split_at_checked(n)?;
        data = tail;
        Some(head.to_vec())
    };
    let mut out = Vec::new();
    while out.len() < MAX_ADDRESSES {
        let Some(tag) = take(1) else { break };
        let tag = tag[0];
        let ip = match tag & 3 {
            0 | 2 => {
                let Some(b) = take(4) else { break };
                let v4 = Ipv4Addr::new(b[0], b[1], b[2], b[3]);
                match tag & 3 {
                    0 => IpAddr::V4(v4),
                    _ => IpAddr::V6(v4.to_ipv6_mapped()),
                }
            }
            1 => {
                let Some(b) = take(16) else { break };
                IpAddr::V6(Ipv6Addr::from(<[u8; 16]>::try_from(b).unwrap()))
            }
            _ => {
                let Some(b) = take(17) else { break };
                let low = u128::from_be_bytes(b[1..].try_into().unwrap());
                let ip = near_address(near.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)), b[0], low);
                match (ip, tag & 4 != 0) {
                    (IpAddr::V4(v4), true) => IpAddr::V6(v4.to_ipv6_mapped()),
                    (ip, _) => ip,
                }
            }
        };
        let Some(port) = take(2) else { break };
        out.push((ip, u16::from_be_bytes([port[0], port[1]])));
    }
    out
}

/// `base` with its lowest `bits` bits (modulo its width + 1) from `low`.
fn near_address(base: IpAddr, bits: u8, low: u128) -> IpAddr {
    match base {
        IpAddr::V4(v4) => {
            let bits = u32::from(bits) % 33;
            let mask = u32::MAX
                .checked_shr(32 - bits)
                .filter(|_| bits > 0)
                .unwrap_or(0);
            let v4 = (u32::from(v4) & !mask) | (low as u32 & mask);
            IpAddr::V4(Ipv4Addr::from(v4))
        }
        IpAddr::V6(v6) => {
            let bits = u32::from(bits) % 129;
            let mask = u128::MAX
                .checked_shr(128 - bits)
                .filter(|_| bits > 0)
                .unwrap_or(0);
            IpAddr::V6(Ipv6Addr::from((u128::from(v6) & !mask) | (low & mask)))
        }
    }
}

/// IPv4 ranges that are not ordinary public addresses (IANA special-purpose
/// registry, the ones the host documents).
const V4_SPECIAL: &[Ipv4Net] = &[
    Ipv4Net::new_assert(Ipv4Addr::new(0, 0, 0, 0), 8),
    Ipv4Net::new_assert(Ipv4Addr::new(10, 0, 0, 0), 8),
    Ipv4Net::new_assert(Ipv4Addr::new(100, 64, 0, 0), 10),
    Ipv4Net::new_assert(Ipv4Addr::new(127, 0, 0, 0), 8),
    Ipv4Net::new_assert(Ipv4Addr::new(169, 254, 0, 0), 16),
    Ipv4Net::new_assert(Ipv4Addr::new(172, 16, 0, 0), 12),
    Ipv4Net::new_assert(Ipv4Addr::new(192, 0, 0, 0), 24),
    Ipv4Net::new_assert(Ipv4Addr::new(192, 0, 2, 0), 24),
    Ipv4Net::new_assert(Ipv4Addr::new(192, 88, 99, 0), 24),
    Ipv4Net::new_assert(Ipv4Addr::new(192, 168, 0, 0), 16),
    Ipv4Net::new_assert(Ipv4Addr::new(198, 18, 0, 0), 15),
    Ipv4Net::new_assert(Ipv4Addr::new(198, 51, 100, 0), 24),
    Ipv4Net::new_assert(Ipv4Addr::new(203, 0, 113, 0), 24),
    Ipv4Net::new_assert(Ipv4Addr::new(224, 0, 0, 0), 4),
    Ipv4Net::new_assert(Ipv4Addr::new(240, 0, 0, 0), 4),
];

/// IPv6 ranges inside global unicast (2000::/3) that are not ordinary
/// public addresses; everything outside 2000::/3 is special too.
const V6_SPECIAL: &[Ipv6Net] = &[
    Ipv6Net::new_assert(Ipv6Addr::new(0x2001, 0, 0, 0, 0, 0, 0, 0), 23),
    Ipv6Net::new_assert(Ipv6Addr::new(0x2001, 0x0db8, 0, 0, 0, 0, 0, 0), 32),
];

const GLOBAL_UNICAST: Ipv6Net = Ipv6Net::new_assert(Ipv6Addr::new(0x2000, 0, 0, 0, 0, 0, 0, 0), 3);
const NAT64: Ipv6Net = Ipv6Net::new_assert(Ipv6Addr::new(0x64, 0xff9b, 0, 0, 0, 0, 0, 0), 96);
const SIX_TO_FOUR: Ipv6Net = Ipv6Net::new_assert(Ipv6Addr::new(0x2002, 0, 0, 0, 0, 0, 0, 0), 16);

/// Whether `ip` is special by the reference table. Addresses that embed an
/// IPv4 address (mapped, NAT64, 6to4) are judged by it.
fn reference_special(ip: IpAddr) -> bool {
    let v4_special = |v4: Ipv4Addr| V4_SPECIAL.iter().any(|net| net.contains(&v4));
    match canonical(ip) {
        IpAddr::V4(v4) => v4_special(v4),
        IpAddr::V6(v6) => {
            let bits = u128::from(v6);
            if NAT64.contains(&v6) {
                v4_special(Ipv4Addr::from(bits as u32))
            } else if SIX_TO_FOUR.contains(&v6) {
                v4_special(Ipv4Addr::from((bits >> 80) as u32))
            } else {
                !GLOBAL_UNICAST.contains(&v6) || V6_SPECIAL.iter().any(|net| net.contains(&v6))
            }
        }
    }
}
