//! Which tools the operator exposes: the config file's `expose_tools` and
//! `hide_tools`, name patterns where `*` matches any run of characters. A
//! hidden tool is never listed and its name is unknown to clients, as if no
//! component offered it; it claims no name either, so another component's
//! tool of the same name can be served.

use std::sync::atomic::{AtomicBool, Ordering};

/// The operator's choice of tools.
#[derive(Debug, Default)]
pub struct Exposure {
    /// `None`: every tool not hidden.
    expose: Option<Vec<Pattern>>,
    hide: Vec<Pattern>,
}

#[derive(Debug)]
struct Pattern {
    text: String,
    /// Whether any tool matched, to warn about patterns that match nothing.
    used: AtomicBool,
}

impl Exposure {
    pub fn new(expose: Option<&[String]>, hide: &[String]) -> Self {
        let patterns = |texts: &[String]| {
            texts
                .iter()
                .map(|text| Pattern {
                    text: text.clone(),
                    used: AtomicBool::new(false),
                })
                .collect::<Vec<_>>()
        };
        Self {
            expose: expose.map(patterns),
            hide: patterns(hide),
        }
    }

    /// Whether the tool called `name` is served.
    pub fn allows(&self, name: &str) -> bool {
        let matched = |patterns: &[Pattern]| {
            let mut any = false;
            for pattern in patterns {
                if glob(&pattern.text, name) {
                    pattern.used.store(true, Ordering::Relaxed);
                    any = true;
                }
            }
            any
        };
        let exposed = self.expose.as_deref().is_none_or(matched);
        let hidden = matched(&self.hide);
        exposed && !hidden
    }

    /// Patterns that matched no tool: most likely typos.
    pub fn unused(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let expose = self.expose.iter().flatten().map(|p| ("expose_tools", p));
        let hide = self.hide.iter().map(|p| ("hide_tools", p));
        expose
            .chain(hide)
            .filter(|(_, p)| !p.used.load(Ordering::Relaxed))
            .map(|(key, p)| (key, p.text.as_str()))
    }
}

/// Whether `name` matches `pattern`, where `*` matches any run of characters
/// (none included) and every other character matches itself.
fn glob(pattern: &str, name: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty(); // no `*`: an exact name
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stars_match_any_run_of_characters() {
        for (pattern, name, matches) in [
            ("fetch", "fetch", true),
            ("fetch", "fetch2", false),
            ("fetch*", "fetch", true),
            ("fetch*", "fetch_page", true),
            ("*_admin", "user_admin", true),
            ("*_admin", "admin", false),
            ("a*b*c", "abc", true),
            ("a*b*c", "a-b-b-c", true),
            ("a*b*c", "a-c-b", false),
            ("*", "anything", true),
            ("ab*ba", "aba", false),
            ("text.*", "text.stats", true),
            ("text.*", "textXstats", false),
        ] {
            assert_eq!(glob(pattern, name), matches, "{pattern} ~ {name}");
        }
    }

    #[test]
    fn hide_wins_over_expose_and_unused_patterns_are_reported() {
        let exposure = Exposure::new(
            Some(&["text_*".into(), "echo".into(), "typo*".into()]),
            &["text_secret".into()],
        );
        assert!(exposure.allows("text_stats"));
        assert!(exposure.allows("echo"));
        assert!(!exposure.allows("text_secret"), "hidden although exposed");
        assert!(!exposure.allows("fetch"), "not exposed");
        let unused: Vec<_> = exposure.unused().collect();
        assert_eq!(unused, vec![("expose_tools", "typo*")]);

        let everything = Exposure::default();
        assert!(everything.allows("fetch"));
        assert_eq!(everything.unused().count(), 0);
    }
}
