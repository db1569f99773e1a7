use serde_json::json;

use super::*;

fn bound(arguments: &Value) -> Binding<'_> {
    Binding {
        method: "tools/call",
        target: "confirm_delete",
        arguments,
    }
}

#[test]
fn state_comes_back_only_for_its_own_request_under_its_own_key() {
    let key = StateKey::random().unwrap();
    let now = SystemTime::now();
    let args = json!({"path": "/tmp/x", "force": true});
    let sealed = key.seal(&bound(&args), b"step 2", now);
    assert!(!sealed.contains("step"), "the state is not readable");
    assert_eq!(key.open(&sealed, &bound(&args), now).unwrap(), b"step 2");

    // The same arguments in another order are the same request.
    let reordered: Value = serde_json::from_str(r#"{"force": true, "path": "/tmp/x"}"#).unwrap();
    assert!(key.open(&sealed, &bound(&reordered), now).is_ok());

    let other_args = json!({"path": "/etc", "force": true});
    assert_eq!(
        key.open(&sealed, &bound(&other_args), now),
        Err(StateError::OtherRequest)
    );
    let other_tool = Binding {
        method: "tools/call",
        target: "other",
        arguments: &args,
    };
    assert_eq!(
        key.open(&sealed, &other_tool, now),
        Err(StateError::OtherRequest)
    );
    let other_key = StateKey::random().unwrap();
    assert_eq!(
        other_key.open(&sealed, &bound(&args), now),
        Err(StateError::Tampered)
    );
}

#[test]
fn tampered_truncated_and_expired_state_is_refused() {
    let key = StateKey::random().unwrap();
    let now = SystemTime::now();
    let args = json!({});
    let sealed = key.seal(&bound(&args), b"", now);

    let mut bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(&sealed)
        .unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    let flipped = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
    assert_eq!(
        key.open(&flipped, &bound(&args), now),
        Err(StateError::Tampered)
    );
    assert_eq!(
        key.open(&sealed[..10], &bound(&args), now),
        Err(StateError::Malformed)
    );
    assert_eq!(
        key.open("not base64 at all!", &bound(&args), now),
        Err(StateError::Malformed)
    );
    assert_eq!(
        key.open(
            &sealed,
            &bound(&args),
            now + STATE_TTL + Duration::from_secs(1)
        ),
        Err(StateError::Expired)
    );
}

#[test]
fn replicas_sharing_a_configured_key_accept_each_others_state() {
    let text = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
    let (one, two) = (
        StateKey::from_base64(&text).unwrap(),
        StateKey::from_base64(&text).unwrap(),
    );
    let args = json!({"n": 1});
    let now = SystemTime::now();
    let sealed = one.seal(&bound(&args), b"shared", now);
    assert_eq!(two.open(&sealed, &bound(&args), now).unwrap(), b"shared");

    assert!(
        StateKey::from_base64("c2hvcnQ=")
            .unwrap_err()
            .contains("32 bytes")
    );
    assert!(StateKey::from_base64("***").is_err());
}
