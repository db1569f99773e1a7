//! Outbound HTTPS against a real TLS server on 127.0.0.1 whose certificate a
//! private CA signed: refused as untrusted by default, reached once the
//! component's policy names the CA in `network.ca_certs`, and only for that
//! component.

use crate::support;

use support::tls_upstream::{CA_PEM, TlsUpstream};
use support::{text, tool_error};

use super::*;

fn https_policy(component: &str, upstream: &TlsUpstream, extra: &str) -> String {
    format!(
        "[components.{component}.network]\nallow = [\"https://127.0.0.1:{}\"]\n{extra}\n",
        upstream.port
    )
}

#[test]
fn a_private_ca_is_trusted_only_where_the_policy_names_it() {
    let upstream = TlsUpstream::start();
    let dir = tempfile::tempdir().unwrap();
    let ca = dir.path().join("internal-ca.pem");
    std::fs::write(&ca, CA_PEM).unwrap();

    let mut untrusting = started(&["fetch"], &https_policy("fetch", &upstream, ""), &[]);
    let refused = fetch(&mut untrusting, &upstream.url("/ok"));
    let message = tool_error(&refused);
    assert!(
        message.contains("a secure connection to 127.0.0.1")
            && message.contains("could not be established"),
        "{message}"
    );
    assert_eq!(upstream.served(), 0, "no request got past the handshake");

    let extra = format!("ca_certs = [{:?}]", ca.display().to_string());
    let mut trusting = started(&["fetch"], &https_policy("fetch", &upstream, &extra), &[]);
    let reply = fetch(&mut trusting, &upstream.url("/ok"));
    assert_eq!(reply["result"]["isError"], false, "{reply}");
    assert!(text(&reply).contains("hello over tls"), "{reply}");
    assert_eq!(upstream.served(), 1);
}

#[test]
fn an_unusable_ca_file_fails_the_policy_with_the_reason() {
    let upstream = TlsUpstream::start();
    let dir = tempfile::tempdir().unwrap();
    let not_pem = dir.path().join("not-a-cert.pem");
    std::fs::write(&not_pem, "just text\n").unwrap();
    for (path, reason) in [
        (dir.path().join("missing.pem"), "cannot read"),
        (not_pem, "holds no certificate"),
    ] {
        let extra = format!("ca_certs = [{:?}]", path.display().to_string());
        let mut server = started(
            &["fetch", "echo"],
            &https_policy("fetch", &upstream, &extra),
            &[],
        );
        server.wait_for_log(&["component not served", "network.ca_certs", reason]);
        let reply = fetch(&mut server, &upstream.url("/ok"));
        assert_eq!(
            reply["error"]["code"], -32602,
            "fetch was not loaded: {reply}"
        );
        let echo = server.call("echo", json!({"message": "still here"}));
        assert_eq!(text(&echo), "still here", "the other components load");
    }
}
