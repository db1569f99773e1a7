//! Tests of `network.rs`.

use super::*;

fn rule(text: &str) -> AllowRule {
    AllowRule::parse(text).unwrap()
}

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

#[test]
fn names_match_exactly_and_wildcards_match_subdomains_only() {
    let exact = rule("https://api.example.com");
    assert!(exact.allows(Scheme::Https, "api.example.com", 443));
    assert!(exact.allows(Scheme::Https, "API.Example.COM.", 443));
    assert!(!exact.allows(Scheme::Http, "api.example.com", 80), "scheme");
    assert!(
        !exact.allows(Scheme::Https, "api.example.com", 8443),
        "port"
    );
    assert!(!exact.allows(Scheme::Https, "evil-api.example.com", 443));
    assert!(!exact.allows(Scheme::Https, "api.example.com.evil.net", 443));

    let wild = rule("*://*.example.com:*");
    assert!(wild.allows(Scheme::Http, "a.b.example.com", 8080));
    assert!(
        !wild.allows(Scheme::Https, "example.com", 443),
        "not the apex"
    );
    assert!(!wild.allows(Scheme::Https, "badexample.com", 443));
}

#[test]
fn ip_and_cidr_rules_match_addresses_not_names() {
    let loopback = rule("http://127.0.0.1:8080");
    assert!(loopback.allows(Scheme::Http, "127.0.0.1", 8080));
    assert!(!loopback.allows(Scheme::Http, "localhost", 8080));
    let block = rule("http://10.0.0.0/8:*");
    assert!(block.allows(Scheme::Http, "10.1.2.3", 9));
    assert!(!block.allows(Scheme::Http, "11.0.0.1", 9));
    let v6 = rule("https://[fd00::/8]");
    assert!(v6.allows(Scheme::Https, "[fd12::1]", 443));
    assert!(v6.names_address(Scheme::Https, ip("fd12::1"), 443));
    assert!(rule("http://[::1]:80").allows(Scheme::Http, "[::1]", 80));
}

#[test]
fn ipv4_mapped_blocks_are_their_ipv4_blocks() {
    // `::ffff:10.1.2.3/128` is 10.1.2.3/32: it must not wrap into a
    // rule that matches every IPv4 address.
    let one = rule("http://[::ffff:10.1.2.3/128]:*");
    assert!(one.names_address(Scheme::Http, ip("10.1.2.3"), 80));
    assert!(one.names_address(Scheme::Http, ip("::ffff:10.1.2.3"), 80));
    for other in ["127.0.0.1", "169.254.169.254", "10.1.2.4", "0.0.0.0"] {
        assert!(
            !one.names_address(Scheme::Http, ip(other), 80),
            "{other} matched ::ffff:10.1.2.3/128"
        );
        assert!(!one.allows(Scheme::Http, other, 80), "{other}");
    }
    let block = rule("http://[::ffff:10.1.0.0/112]:*");
    assert!(block.names_address(Scheme::Http, ip("10.1.200.7"), 80));
    assert!(!block.names_address(Scheme::Http, ip("10.2.0.1"), 80));
    assert!(!block.names_address(Scheme::Http, ip("127.0.0.1"), 80));
    let policy = NetworkPolicy {
        allow: vec![one],
        limits: UpstreamLimits::default(),
        trust: crate::policy::tls::TrustRoots::web_pki(),
    };
    assert_eq!(
        policy.refuse_address(Scheme::Http, ip("169.254.169.254"), 80),
        Some("link-local")
    );
    let err = AllowRule::parse("http://[::ffff:10.0.0.0/95]").unwrap_err();
    assert!(err.contains("/96 or longer"), "{err}");
}

#[test]
fn prefix_lengths_never_wrap() {
    assert!(in_cidr(ip("1.2.3.4"), ip("9.9.9.9"), 0), "/0 is everything");
    assert!(!in_cidr(ip("1.2.3.4"), ip("1.2.3.4"), 33));
    assert!(!in_cidr(ip("::1"), ip("::1"), 129));
    assert!(in_cidr(ip("::1"), ip("::1"), 128));
    assert!(!in_cidr(ip("::2"), ip("::1"), 128));
}

#[test]
fn bad_rules_are_refused_with_a_reason() {
    for bad in [
        "example.com",
        "ftp://example.com",
        "https://example.com/path",
        "https://user@example.com",
        "https://example.com:0",
        "https://example.com:99999",
        "https://10.0.0.0/33",
        "https://example.com:+443",
        "https://10.0.0.0/+8",
        "https://exa mple.com",
        "https://",
    ] {
        assert!(AllowRule::parse(bad).is_err(), "{bad} should be refused");
    }
}

#[test]
fn special_ranges_are_named() {
    for (addr, range) in [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "shared (carrier-grade NAT)"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("255.255.255.255", "reserved"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private (unique local)"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:169.254.169.254", "link-local"),
        ("64:ff9b::a9fe:a9fe", "link-local"),
        ("2002:0a00:0001::1", "private"),
        ("ff02::1", "multicast"),
        ("192.88.99.1", "reserved"),
        ("2001::1", "reserved"),
        ("2001:1ff:ffff::1", "reserved"),
        ("2001:db8::1", "documentation"),
    ] {
        assert_eq!(special_range(ip(addr)), Some(range), "{addr}");
    }
    for public in [
        "93.184.216.34",
        "1.1.1.1",
        "172.32.0.1",
        "192.88.100.1",
        "2606:4700::1111",
        "2001:200::1",
        "2001:4860::8888",
    ] {
        assert_eq!(special_range(ip(public)), None, "{public}");
    }
}

#[test]
fn special_addresses_pass_only_when_a_rule_names_them() {
    let policy = NetworkPolicy {
        allow: vec![rule("http://localhost:8080"), rule("http://127.0.0.1:9000")],
        limits: UpstreamLimits::default(),
        trust: crate::policy::tls::TrustRoots::web_pki(),
    };
    // `localhost` is allowed by name, but what it resolves to is not named.
    assert!(policy.rule_for(Scheme::Http, "localhost", 8080).is_some());
    assert_eq!(
        policy.refuse_address(Scheme::Http, ip("127.0.0.1"), 8080),
        Some("loopback")
    );
    assert_eq!(
        policy.refuse_address(Scheme::Http, ip("127.0.0.1"), 9000),
        None
    );
    assert_eq!(
        policy.refuse_address(Scheme::Http, ip("::ffff:127.0.0.1"), 9000),
        None,
        "a mapped address is the IPv4 address"
    );
    assert_eq!(
        policy.refuse_address(Scheme::Http, ip("169.254.169.254"), 80),
        Some("link-local")
    );
    assert_eq!(
        policy.refuse_address(Scheme::Http, ip("93.184.216.34"), 8080),
        None
    );
}
