//! Tests of `outbound.rs`.

use super::*;

#[test]
fn credentials_in_the_authority_are_never_shown() {
    let uri: http::Uri = "http://user:s3cret@example.com:8080/x".parse().unwrap();
    assert_eq!(shown_authority(&uri), "example.com:8080");
    let uri: http::Uri = "https://example.com/x".parse().unwrap();
    assert_eq!(shown_authority(&uri), "example.com");
}
