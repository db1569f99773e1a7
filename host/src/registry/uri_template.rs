//! Matching a URI against a resource template (RFC 6570), to find which
//! component serves a `resources/read` that names no listed resource.
//!
//! Templates with simple (`{id}`) and reserved (`{+path}`) expressions are
//! matched: a simple variable stands for one or more characters other than
//! `/ ? #`, a reserved one for one or more of any character. A template using
//! any other operator is listed but cannot be matched; loading says so.

/// One piece of a parsed template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Node {
    /// This character, exactly.
    Char(char),
    /// A variable: one or more characters; for a simple expression, none of
    /// them `/`, `?` or `#`.
    Var { reserved: bool },
}

/// A template ready for matching.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UriTemplate {
    nodes: Vec<Node>,
}

impl UriTemplate {
    /// Parses `template`, or says why it cannot be matched.
    pub fn parse(template: &str) -> Result<Self, String> {
        let mut nodes = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            nodes.extend(rest[..open].chars().map(Node::Char));
            let Some(close) = rest[open..].find('}') else {
                return Err("it has a `{` without a closing `}`".into());
            };
            let expression = &rest[open + 1..open + close];
            let (reserved, name) = match expression.strip_prefix('+') {
                Some(name) => (true, name),
                None => (false, expression),
            };
            let valid = !name.is_empty()
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'%'));
            if !valid {
                return Err(format!(
                    "the expression {{{expression}}} is not a simple {{name}} or reserved \
                     {{+name}} variable"
                ));
            }
            if matches!(nodes.last(), Some(Node::Var { .. })) {
                return Err("two variables follow each other with nothing between them".into());
            }
            nodes.push(Node::Var { reserved });
            rest = &rest[open + close + 1..];
        }
        if rest.contains('}') {
            return Err("it has a `}` without an opening `{`".into());
        }
        nodes.extend(rest.chars().map(Node::Char));
        Ok(Self { nodes })
    }

    /// Whether `uri` is one of the URIs the template names. Runs the
    /// template as an automaton over the URI's characters, so the time is
    /// the product of their lengths whatever the URI holds.
    pub fn matches(&self, uri: &str) -> bool {
        let n = self.nodes.len();
        // `at[i]`: node i is next; `inside[i]`: within variable i, which has
        // matched at least one character.
        let mut at = vec![false; n + 1];
        let mut inside = vec![false; n];
        at[0] = true;
        for c in uri.chars() {
            let mut next_at = vec![false; n + 1];
            let mut next_inside = vec![false; n];
            for (i, node) in self.nodes.iter().enumerate() {
                match *node {
                    Node::Char(expected) if at[i] && expected == c => next_at[i + 1] = true,
                    Node::Char(_) => {}
                    Node::Var { reserved } => {
                        let allowed = reserved || !matches!(c, '/' | '?' | '#');
                        if (at[i] || inside[i]) && allowed {
                            next_inside[i] = true;
                            // A variable may end after any character.
                            next_at[i + 1] = true;
                        }
                    }
                }
            }
            if !next_at.contains(&true) && !next_inside.contains(&true) {
                return false;
            }
            at = next_at;
            inside = next_inside;
        }
        at[n]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(template: &str, uri: &str) -> bool {
        UriTemplate::parse(template).unwrap().matches(uri)
    }

    #[test]
    fn a_simple_variable_is_one_path_segment_or_part_of_one() {
        assert!(matches(
            "test://template/{id}/data",
            "test://template/123/data"
        ));
        assert!(!matches(
            "test://template/{id}/data",
            "test://template//data"
        ));
        assert!(!matches(
            "test://template/{id}/data",
            "test://template/1/2/data"
        ));
        assert!(!matches(
            "test://template/{id}/data",
            "test://template/123/dat"
        ));
        assert!(matches("weather://{city}", "weather://Zürich"));
        assert!(!matches("weather://{city}", "weather://a?b"));
        assert!(matches("file:///{name}.txt", "file:///notes.txt"));
        assert!(matches("file:///{name}.txt", "file:///a.b.txt"));
    }

    #[test]
    fn a_reserved_variable_spans_segments() {
        assert!(matches("file:///{+path}", "file:///a/b/c.txt"));
        assert!(!matches("file:///{+path}", "file:///"));
        assert!(matches("repo://{owner}/{+path}", "repo://me/src/lib.rs"));
    }

    #[test]
    fn literals_match_exactly() {
        assert!(matches("test://static", "test://static"));
        assert!(!matches("test://static", "test://static/"));
    }

    #[test]
    fn templates_that_cannot_be_matched_say_why() {
        assert!(
            UriTemplate::parse("search://{?q}")
                .unwrap_err()
                .contains("{?q}")
        );
        assert!(UriTemplate::parse("a://{x").is_err());
        assert!(UriTemplate::parse("a://x}").is_err());
        assert!(UriTemplate::parse("a://{x}{y}").is_err());
        assert!(UriTemplate::parse("a://{}").is_err());
    }

    #[test]
    fn long_uris_that_almost_match_are_refused() {
        let template = UriTemplate::parse("a://{x}-{y}-{z}.end").unwrap();
        let uri = format!("a://{}", "-".repeat(2000));
        assert!(!template.matches(&uri));
    }
}
