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
}
