//! Probes against loopback only: a listener of our own, a port nobody
//! listens on, and `localhost`, which the default policy refuses.

use std::net::TcpListener;

use super::*;
use crate::policy::UpstreamLimits;
use crate::policy::tls::TrustRoots;

fn policy(rules: &[&str]) -> Arc<NetworkPolicy> {
    Arc::new(NetworkPolicy {
        allow: rules.iter().map(|r| AllowRule::parse(r).unwrap()).collect(),
        limits: UpstreamLimits::default(),
        trust: TrustRoots::web_pki(),
    })
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// A port nothing listens on: bound, then released.
fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn a_named_address_is_connected_to_with_connect_and_only_then() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let rule = format!("http://127.0.0.1:{port}");

    let without = runtime().block_on(probe(policy(&[&rule]), false));
    assert_eq!(without.len(), 1, "{without:?}");
    assert_eq!(without[0].status, Status::Ok);
    assert!(
        without[0].message.contains("nothing to resolve"),
        "{without:?}"
    );

    let with = runtime().block_on(probe(policy(&[&rule]), true));
    assert_eq!(with.len(), 1, "{with:?}");
    assert_eq!(with[0].status, Status::Ok, "{with:?}");
    assert!(with[0].message.contains("accepts a connection"), "{with:?}");
}

#[test]
fn a_closed_port_is_a_warning_with_a_fix() {
    let rule = format!("http://127.0.0.1:{}", closed_port());
    let findings = runtime().block_on(probe(policy(&[&rule]), true));
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].status, Status::Warning);
    assert!(
        findings[0].message.contains("connection refused"),
        "{findings:?}"
    );
    assert!(findings[0].fix.as_deref().unwrap().contains("upstream up"));
}

#[test]
fn a_name_that_resolves_only_to_refused_addresses_is_an_error() {
    let findings = runtime().block_on(probe(policy(&["http://localhost:8080"]), true));
    assert_eq!(findings.len(), 1, "no connection is tried: {findings:?}");
    let finding = &findings[0];
    assert_eq!(finding.status, Status::Error);
    assert!(
        finding.message.contains("loopback address") && finding.message.contains("refused"),
        "{finding:?}"
    );
    let fix = finding.fix.as_deref().unwrap();
    assert!(
        fix.contains("\"http://127.0.0.1:8080\"") || fix.contains("\"http://[::1]:8080\""),
        "{fix}"
    );
}

#[test]
fn wildcards_blocks_and_any_port_are_not_checkable() {
    let findings = runtime().block_on(probe(
        policy(&[
            "https://*.example.com",
            "http://10.0.0.0/8",
            "http://127.0.0.1:*",
        ]),
        true,
    ));
    let statuses: Vec<Status> = findings.iter().map(|f| f.status).collect();
    assert_eq!(
        statuses,
        [Status::Skipped, Status::Skipped, Status::Skipped],
        "{findings:?}"
    );
    assert!(findings[2].message.contains("any port"), "{findings:?}");
}

#[test]
fn targets_are_listed_in_the_order_of_the_rules() {
    let rules = [
        format!("http://127.0.0.1:{}", closed_port()),
        "https://*.example.com".to_owned(),
    ];
    let rules: Vec<&str> = rules.iter().map(String::as_str).collect();
    let findings = runtime().block_on(probe(policy(&rules), true));
    assert_eq!(findings[0].status, Status::Warning, "{findings:?}");
    assert_eq!(findings[1].status, Status::Skipped, "{findings:?}");
}
