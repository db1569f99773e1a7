//! Scrubs a component's secret values out of what its calls return and log.
//!
//! This is a guard against accidents (a tool that echoes its token in an
//! error message or a debug line), not against a hostile tool, which can
//! always encode a secret it was given. Granting a secret is trusting the
//! tool with it.

use std::borrow::Cow;
use std::sync::Arc;

/// Secrets shorter than this are not scrubbed: replacing every occurrence of
/// a two-letter string would garble output and reveal the secret anyway.
pub const MIN_REDACTED_CHARS: usize = 4;

/// What a secret is replaced with.
pub const REDACTED: &str = "[REDACTED]";

#[derive(Clone, Default)]
pub struct Redactor {
    /// Each secret as written in text, and as it appears inside a JSON
    /// string, longest first so that a secret containing another is
    /// replaced whole.
    needles: Arc<[String]>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The needles are the secrets themselves.
        write!(f, "Redactor({} patterns)", self.needles.len())
    }
}

impl Redactor {
    pub fn new(secrets: impl IntoIterator<Item = Arc<str>>) -> Self {
        let mut needles = Vec::new();
        for secret in secrets {
            if secret.chars().count() < MIN_REDACTED_CHARS {
                tracing::warn!(
                    "a secret is shorter than {MIN_REDACTED_CHARS} characters and will not be redacted from output"
                );
                continue;
            }
            let in_json = serde_json::to_string(&*secret).unwrap_or_default();
            let in_json = &in_json[1..in_json.len().saturating_sub(1).max(1)];
            if in_json != &*secret {
                needles.push(in_json.to_owned());
            }
            needles.push(secret.to_string());
        }
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        needles.dedup();
        Self {
            needles: needles.into(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// `text` with every secret replaced by [`REDACTED`].
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut out = Cow::Borrowed(text);
        for needle in self.needles.iter() {
            if out.contains(needle.as_str()) {
                out = Cow::Owned(out.replace(needle.as_str(), REDACTED));
            }
        }
        out
    }

    /// Redacts `text` in place.
    pub fn redact_in_place(&self, text: &mut String) {
        if let Cow::Owned(clean) = self.redact(text) {
            *text = clean;
        }
    }

    /// [`Self::redact`] on raw bytes, such as a guest's stdout. Redaction
    /// must come before anything that changes the bytes (decoding, escaping
    /// control characters): a secret with a newline in it no longer matches
    /// once the newline is written as `\n`.
    pub fn redact_bytes<'a>(&self, bytes: &'a [u8]) -> Cow<'a, [u8]> {
        let mut out = Cow::Borrowed(bytes);
        for needle in self.needles.iter() {
            let needle = needle.as_bytes();
            if memchr::memmem::find(&out, needle).is_none() {
                continue;
            }
            let mut replaced = Vec::with_capacity(out.len());
            let mut rest: &[u8] = &out;
            while let Some(at) = memchr::memmem::find(rest, needle) {
                replaced.extend_from_slice(&rest[..at]);
                replaced.extend_from_slice(REDACTED.as_bytes());
                rest = &rest[at + needle.len()..];
            }
            replaced.extend_from_slice(rest);
            out = Cow::Owned(replaced);
        }
        out
    }

    /// The length of the longest end of `bytes` that is the start of a
    /// secret. Where text was cut at a length cap, that end may be a secret
    /// split in two, which redaction can no longer recognise; it must go.
    pub fn partial_secret_at_end(&self, bytes: &[u8]) -> usize {
        self.needles
            .iter()
            .filter_map(|needle| {
                let needle = needle.as_bytes();
                (1..needle.len().min(bytes.len() + 1))
                    .rev()
                    .find(|&len| bytes.ends_with(&needle[..len]))
            })
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_replaced_in_text_and_inside_json_strings() {
        let redactor = Redactor::new(["tok-123".into(), "a\"quoted\\one".into(), "ab".into()]);
        assert_eq!(redactor.redact("use tok-123 now"), "use [REDACTED] now");
        let json = serde_json::json!({ "v": "a\"quoted\\one" }).to_string();
        let clean = redactor.redact(&json);
        assert_eq!(clean, r#"{"v":"[REDACTED]"}"#);
        assert!(serde_json::from_str::<serde_json::Value>(&clean).is_ok());
        assert_eq!(
            redactor.redact("ab stays"),
            "ab stays",
            "too short to redact"
        );
        assert!(matches!(redactor.redact("nothing"), Cow::Borrowed(_)));
    }

    #[test]
    fn raw_bytes_are_redacted_before_anything_else_touches_them() {
        let redactor = Redactor::new(["two\r\nlines\u{7}".into()]);
        let raw = b"say two\r\nlines\x07 and \xff two\r\nlines\x07";
        assert_eq!(
            &*redactor.redact_bytes(raw),
            b"say [REDACTED] and \xff [REDACTED]"
        );
        assert!(matches!(redactor.redact_bytes(b"clean"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_secret_cut_in_two_is_found_by_its_start() {
        let redactor = Redactor::new(["tok-123456".into()]);
        assert_eq!(redactor.partial_secret_at_end(b"xx tok-12"), 6);
        assert_eq!(redactor.partial_secret_at_end(b"xx t"), 1);
        assert_eq!(
            redactor.partial_secret_at_end(b"xx tok-123456"),
            0,
            "whole: redacted"
        );
        assert_eq!(redactor.partial_secret_at_end(b"xx"), 0);
        assert_eq!(redactor.partial_secret_at_end(b""), 0);
    }
}
