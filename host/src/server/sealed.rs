//! `requestState` for `input_required` (2026-07-28): a component's opaque
//! state, sealed so that the client that carries it between rounds can
//! neither read nor change it, and bound to the one request it belongs to.
//!
//! The state is encrypted and authenticated with ChaCha20-Poly1305 under a
//! key from the config file (so replicas that share it accept each other's
//! state) or drawn at start. Inside, beside the component's bytes: when the
//! state expires, and a digest of the request it was issued for (method,
//! target, arguments). A retry is accepted only if all of it checks out:
//! state that was changed, has expired, or comes back on another request is
//! refused, since the spec makes `requestState` attacker-controlled input.
//!
//! Layout, base64url without padding: version (1 byte) | nonce (12) |
//! ciphertext of [expiry, seconds since the epoch (8, big-endian) | request
//! digest (32) | the component's state] | tag (16).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use ring::aead::{self, Aad, LessSafeKey, Nonce, UnboundKey};
use ring::digest;
use serde_json::Value;

/// How long sealed state stays valid: long enough for a person to answer.
pub const STATE_TTL: Duration = Duration::from_secs(15 * 60);

const VERSION: u8 = 1;
const AAD: &[u8] = b"toolhost requestState v1";
const HEADER: usize = 1 + aead::NONCE_LEN;

/// Why sealed state was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StateError {
    #[error("requestState is not state this server issued")]
    Malformed,
    #[error("requestState was altered or sealed under another key")]
    Tampered,
    #[error("requestState has expired; start the request again")]
    Expired,
    #[error("requestState belongs to another request")]
    OtherRequest,
}

/// The key state is sealed with.
pub struct StateKey {
    key: LessSafeKey,
}

impl std::fmt::Debug for StateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StateKey(..)")
    }
}

impl StateKey {
    /// A key from its text in the config: 32 bytes, base64 (standard or
    /// url-safe alphabet, padded or not).
    pub fn from_base64(text: &str) -> Result<Self, String> {
        let text = text.trim().trim_end_matches('=');
        let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(text)
            .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text))
            .map_err(|_| "state_key must be base64".to_owned())?;
        if bytes.len() != 32 {
            return Err(format!(
                "state_key must be 32 bytes (44 base64 characters), not {}",
                bytes.len()
            ));
        }
        Ok(Self::from_bytes(&bytes))
    }

    /// A key of 32 random bytes from the OS: state survives only as long as
    /// this process.
    pub fn random() -> Result<Self, String> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| format!("no randomness for the state key: {e}"))?;
        Ok(Self::from_bytes(&bytes))
    }

    fn from_bytes(bytes: &[u8]) -> Self {
        let unbound =
            UnboundKey::new(&aead::CHACHA20_POLY1305, bytes).expect("a 32-byte ChaCha20 key");
        Self {
            key: LessSafeKey::new(unbound),
        }
    }

    /// Seals `state` for the request `bound`, valid until `now` + [`STATE_TTL`].
    pub fn seal(&self, bound: &Binding<'_>, state: &[u8], now: SystemTime) -> String {
        let expires = now
            .checked_add(STATE_TTL)
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(u64::MAX, |d| d.as_secs());
        let mut sealed = Vec::with_capacity(HEADER + 40 + state.len() + aead::MAX_TAG_LEN);
        sealed.push(VERSION);
        let mut nonce = [0u8; aead::NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the OS random source");
        sealed.extend_from_slice(&nonce);
        let body_start = sealed.len();
        sealed.extend_from_slice(&expires.to_be_bytes());
        sealed.extend_from_slice(&bound.digest());
        sealed.extend_from_slice(state);
        let mut body = sealed.split_off(body_start);
        self.key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(AAD),
                &mut body,
            )
            .expect("sealing in memory cannot fail");
        sealed.extend_from_slice(&body);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sealed)
    }

    /// The component's state from `sealed`, if it was sealed under this key
    /// for the request `bound` and has not expired.
    pub fn open(
        &self,
        sealed: &str,
        bound: &Binding<'_>,
        now: SystemTime,
    ) -> Result<Vec<u8>, StateError> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(sealed)
            .map_err(|_| StateError::Malformed)?;
        if bytes.len() < HEADER + 40 + aead::MAX_TAG_LEN || bytes[0] != VERSION {
            return Err(StateError::Malformed);
        }
        let nonce: [u8; aead::NONCE_LEN] = bytes[1..HEADER].try_into().expect("12 bytes");
        let mut body = bytes[HEADER..].to_vec();
        let plain = self
            .key
            .open_in_place(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(AAD),
                &mut body,
            )
            .map_err(|_| StateError::Tampered)?;
        let expires = u64::from_be_bytes(plain[..8].try_into().expect("8 bytes"));
        let now = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        if now > expires {
            return Err(StateError::Expired);
        }
        if plain[8..40] != bound.digest() {
            return Err(StateError::OtherRequest);
        }
        Ok(plain[40..].to_vec())
    }
}

/// What sealed state is bound to: the request's method, its target (a tool
/// or prompt name, a resource URI) and its arguments.
pub struct Binding<'a> {
    pub method: &'a str,
    pub target: &'a str,
    pub arguments: &'a Value,
}

impl Binding<'_> {
    fn digest(&self) -> [u8; 32] {
        let mut ctx = digest::Context::new(&digest::SHA256);
        ctx.update(self.method.as_bytes());
        ctx.update(&[0]);
        ctx.update(self.target.as_bytes());
        ctx.update(&[0]);
        let mut canonical = Vec::new();
        write_canonical(self.arguments, &mut canonical);
        ctx.update(&canonical);
        ctx.finish().as_ref().try_into().expect("32 bytes")
    }
}

/// `value` as JSON with object keys sorted at every level, so that the same
/// arguments give the same digest whatever order a client sends them in.
fn write_canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(members) => {
            let mut keys: Vec<&String> = members.keys().collect();
            keys.sort();
            out.push(b'{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(&serde_json::to_vec(key).expect("a string serializes"));
                out.push(b':');
                write_canonical(&members[key], out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        scalar => out.extend_from_slice(&serde_json::to_vec(scalar).expect("a value serializes")),
    }
}

#[cfg(test)]
#[path = "sealed_tests.rs"]
mod tests;
