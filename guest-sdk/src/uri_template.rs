//! Matching a URI against a resource template (RFC 6570) and taking out its
//! variables, so a template's handler gets `city` rather than a URI to
//! parse.
//!
//! The rules are the host's (it routes a read to the component whose
//! template matches): a simple variable (`{id}`) stands for one or more
//! characters other than `/ ? #`, a reserved one (`{+path}`) for one or
//! more of any character. Any other operator is refused when the toolbox is
//! described, since a read could never reach it.

use crate::Arguments;

/// The longest URI matched, in characters: matching keeps a table of
/// (characters × template pieces) to recover the variables, so its size is
/// bounded. A longer URI matches nothing (the read is "not found").
const MAX_URI_CHARS: usize = 16 * 1024;

/// One piece of a parsed template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    /// This character, exactly.
    Char(char),
    /// Variable number `index`: one or more characters; for a simple one,
    /// none of them `/`, `?` or `#`.
    Var { index: usize, reserved: bool },
}

/// A template ready for matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UriTemplate {
    nodes: Vec<Node>,
    names: Vec<String>,
}

impl UriTemplate {
    /// Parses `template`, or says why it cannot be matched.
    pub(crate) fn parse(template: &str) -> Result<Self, String> {
        let (mut nodes, mut names) = (Vec::new(), Vec::<String>::new());
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
            if names.iter().any(|n| n == name) {
                return Err(format!("the variable {name} appears twice"));
            }
            nodes.push(Node::Var {
                index: names.len(),
                reserved,
            });
            names.push(name.to_owned());
            rest = &rest[open + close + 1..];
        }
        if rest.contains('}') {
            return Err("it has a `}` without an opening `{`".into());
        }
        nodes.extend(rest.chars().map(Node::Char));
        Ok(Self { nodes, names })
    }

    /// The variables' names, in order.
    pub(crate) fn variables(&self) -> &[String] {
        &self.names
    }

    /// The variables of `uri`, percent-decoded, if it is one of the URIs
    /// the template names. When several splits fit (`{a}-{b}` and `x-y-z`),
    /// earlier variables take as little as they can.
    ///
    /// Runs the template as an automaton over the URI, keeping which states
    /// each prefix reaches, then walks back from the end: the time and the
    /// table are the product of the lengths, whatever the URI holds.
    pub(crate) fn capture(&self, uri: &str) -> Option<Arguments> {
        let chars: Vec<char> = uri.chars().collect();
        if chars.len() > MAX_URI_CHARS {
            return None;
        }
        let n = self.nodes.len();
        // State i <= n: node i is next. State n + 1 + i: inside variable
        // node i, which has taken at least one character.
        let states = 2 * n + 1;
        let inside = |i: usize| n + 1 + i;
        let mut reach = vec![false; (chars.len() + 1) * states];
        reach[0] = true;
        for (k, &c) in chars.iter().enumerate() {
            let (now, next) = reach.split_at_mut((k + 1) * states);
            let now = &now[k * states..];
            for (i, node) in self.nodes.iter().enumerate() {
                match *node {
                    Node::Char(expected) if now[i] && expected == c => next[i + 1] = true,
                    Node::Char(_) => {}
                    Node::Var { reserved, .. } => {
                        if (now[i] || now[inside(i)]) && allowed(reserved, c) {
                            next[inside(i)] = true;
                            next[i + 1] = true;
                        }
                    }
                }
            }
        }
        let reached = |k: usize, state: usize| reach[k * states + state];
        if !reached(chars.len(), n) {
            return None;
        }
        // Each variable's characters, last first.
        let mut values = vec![Vec::new(); self.names.len()];
        let mut state = n;
        for k in (1..=chars.len()).rev() {
            // The node that took character k - 1 on the way into `state`.
            let node = if state <= n { state - 1 } else { state - n - 1 };
            state = match self.nodes[node] {
                Node::Char(_) => node,
                Node::Var { index, .. } => {
                    values[index].push(chars[k - 1]);
                    if reached(k - 1, inside(node)) {
                        inside(node)
                    } else {
                        node
                    }
                }
            };
        }
        let pairs = self.names.iter().zip(values);
        Some(
            pairs
                .map(|(name, raw)| (name.clone(), decode(&raw.iter().rev().collect::<String>())))
                .collect(),
        )
    }
}

fn allowed(reserved: bool, c: char) -> bool {
    reserved || !matches!(c, '/' | '?' | '#')
}

/// Percent-decodes `raw`; kept as it is when the bytes are not UTF-8. A
/// decoded value may hold any character (`/` and `..` included), so a
/// handler that makes a path of it must check it like any other input.
fn decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&hi), Some(&lo)) if hex(hi).is_some() && hex(lo).is_some() => {
                out.push((hex(hi).unwrap() * 16 + hex(lo).unwrap()) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture(template: &str, uri: &str) -> Option<Vec<(String, String)>> {
        let captured = UriTemplate::parse(template).unwrap().capture(uri)?;
        Some(
            captured
                .iter()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect(),
        )
    }

    fn pairs(list: &[(&str, &str)]) -> Option<Vec<(String, String)>> {
        Some(
            list.iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn simple_variables_are_one_segment_or_part_of_one() {
        let t = "test://template/{id}/data";
        assert_eq!(
            capture(t, "test://template/123/data"),
            pairs(&[("id", "123")])
        );
        assert_eq!(capture(t, "test://template//data"), None);
        assert_eq!(capture(t, "test://template/1/2/data"), None);
        assert_eq!(
            capture("weather://{city}", "weather://Zürich"),
            pairs(&[("city", "Zürich")])
        );
        assert_eq!(capture("weather://{city}", "weather://a?b"), None);
        assert_eq!(
            capture("file:///{name}.txt", "file:///a.b.txt"),
            pairs(&[("name", "a.b")])
        );
    }

    #[test]
    fn reserved_variables_span_segments() {
        assert_eq!(
            capture("repo://{owner}/{+path}", "repo://me/src/lib.rs"),
            pairs(&[("owner", "me"), ("path", "src/lib.rs")])
        );
        assert_eq!(capture("file:///{+path}", "file:///"), None);
    }

    #[test]
    fn earlier_variables_take_as_little_as_they_can() {
        assert_eq!(
            capture("a://{x}-{y}", "a://1-2-3"),
            pairs(&[("x", "1"), ("y", "2-3")])
        );
        assert_eq!(capture("test://static", "test://static"), pairs(&[]));
        assert_eq!(capture("test://static", "test://static/"), None);
    }

    #[test]
    fn values_are_percent_decoded_when_that_gives_text() {
        assert_eq!(
            capture("weather://{city}", "weather://S%C3%A3o%20Paulo"),
            pairs(&[("city", "São Paulo")])
        );
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz%4"), "%zz%4");
        assert_eq!(decode("%FF"), "%FF");
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
        assert!(
            UriTemplate::parse("a://{x}/{x}")
                .unwrap_err()
                .contains("twice")
        );
        let ok = UriTemplate::parse("a://{x}/{+y}").unwrap();
        assert_eq!(ok.variables(), ["x", "y"]);
    }

    #[test]
    fn long_uris_are_matched_in_bounded_time_or_refused() {
        let template = UriTemplate::parse("a://{x}-{y}-{z}.end").unwrap();
        assert_eq!(template.capture(&format!("a://{}", "-".repeat(2000))), None);
        let long = format!("a://{}-b-c.end", "x".repeat(MAX_URI_CHARS));
        assert_eq!(template.capture(&long), None);
    }
}
