//! Just enough URL handling for outgoing requests. `wasi:http` takes a
//! request's scheme, authority and path-with-query as separate fields, and a
//! redirect's `Location` must be resolved against the current URL; the `url`
//! crate would more than double the SDK for that.

/// An `http` or `https` URL, split the way `wasi:http` wants it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Url {
    pub https: bool,
    /// `host[:port]`, lowercased.
    pub authority: String,
    /// Starts with `/`; the fragment, which is never sent, is dropped.
    pub path_and_query: String,
}

impl Url {
    /// Parses an absolute `http://` or `https://` URL. Errors never repeat
    /// the URL, whose query may carry a secret.
    pub fn parse(text: &str) -> Result<Url, String> {
        let text = text.trim();
        let (scheme, rest) =
            split_scheme(text).ok_or("the URL must start with http:// or https://")?;
        let https = match scheme.to_ascii_lowercase().as_str() {
            "http" => false,
            "https" => true,
            _ => return Err("the URL must start with http:// or https://".into()),
        };
        let rest = rest
            .strip_prefix("//")
            .ok_or("the URL must start with http:// or https://")?;
        let rest = without_fragment(rest);
        let (authority, tail) = rest.split_at(rest.find(['/', '?']).unwrap_or(rest.len()));
        if authority.is_empty() {
            return Err("the URL has no host".into());
        }
        if authority.contains('@') {
            return Err(
                "URLs with a user name or password are not supported; send credentials in a header"
                    .into(),
            );
        }
        if authority
            .chars()
            .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err("the URL's host contains spaces or control characters".into());
        }
        Ok(Url {
            https,
            authority: authority.to_ascii_lowercase(),
            path_and_query: if tail.starts_with('/') {
                tail.to_string()
            } else {
                format!("/{tail}")
            },
        })
    }

    /// Resolves a `Location` header (absolute, scheme-relative, absolute-path,
    /// query-only or relative-path) against this URL.
    pub fn join(&self, location: &str) -> Result<Url, String> {
        let location = without_fragment(location.trim());
        if split_scheme(location).is_some() {
            return Url::parse(location);
        }
        if location.starts_with("//") {
            return Url::parse(&format!("{}:{location}", self.scheme()));
        }
        let (path, query) = match location.find('?') {
            Some(at) => location.split_at(at),
            None => (location, ""),
        };
        let path = if path.is_empty() {
            if query.is_empty() {
                return Ok(self.clone());
            }
            self.path().to_string()
        } else if path.starts_with('/') {
            remove_dot_segments(path)
        } else {
            let base = self.path();
            let directory = &base[..=base.rfind('/').unwrap_or(0)];
            remove_dot_segments(&format!("{directory}{path}"))
        };
        Ok(Url {
            path_and_query: format!("{path}{query}"),
            ..self.clone()
        })
    }

    pub fn scheme(&self) -> &'static str {
        if self.https { "https" } else { "http" }
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        let end = self
            .path_and_query
            .find('?')
            .unwrap_or(self.path_and_query.len());
        &self.path_and_query[..end]
    }

    /// `host[:port]/path`: what messages may show of a URL. The query is left
    /// out because APIs put keys and personal data there.
    pub fn without_query(&self) -> String {
        format!("{}{}", self.authority, self.path())
    }

    /// Whether both URLs have the same scheme, host and port, so that
    /// credentials meant for one may go to the other.
    pub fn same_origin(&self, other: &Url) -> bool {
        self.https == other.https && self.authority == other.authority
    }
}

/// Splits `scheme:rest` when `text` starts with an RFC 3986 scheme.
fn split_scheme(text: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some((scheme, rest))
}

fn without_fragment(text: &str) -> &str {
    text.split('#').next().unwrap_or_default()
}

/// RFC 3986 section 5.2.4, for a path that starts with `/`.
fn remove_dot_segments(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let last = segments.len().saturating_sub(1);
    let mut out: Vec<&str> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        match *segment {
            "." | ".." => {
                if *segment == ".." {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            other => out.push(other),
        }
    }
    format!("/{}", out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn splits_scheme_authority_and_path() {
        assert_eq!(
            url("https://Example.COM:8443/a/b?q=1#frag"),
            Url {
                https: true,
                authority: "example.com:8443".into(),
                path_and_query: "/a/b?q=1".into(),
            }
        );
        assert_eq!(url("http://example.com").path_and_query, "/");
        assert_eq!(url("HTTP://example.com?x=1").path_and_query, "/?x=1");
        assert_eq!(url("http://[::1]:80/").authority, "[::1]:80");
        assert!(!url("http://example.com").https);
    }

    #[test]
    fn refuses_what_it_cannot_send() {
        for bad in [
            "ftp://example.com/",
            "example.com/path",
            "localhost:8080/x",
            "http:/example.com",
            "http://",
            "http:///path",
            "http://user:secret@example.com/",
            "http://exa mple.com/",
        ] {
            let error = Url::parse(bad).unwrap_err();
            assert!(!error.contains("secret"), "{error}");
        }
    }

    #[test]
    fn messages_show_host_and_path_but_no_query() {
        assert_eq!(
            url("https://api.example.com/v1/items?key=secret").without_query(),
            "api.example.com/v1/items"
        );
    }

    #[test]
    fn resolves_locations() {
        let base = url("https://example.com/a/b/c?x=1");
        let join = |location: &str| base.join(location).unwrap();
        assert_eq!(join("http://other.org/p"), url("http://other.org/p"));
        assert_eq!(
            join("//cdn.example.com/x"),
            url("https://cdn.example.com/x")
        );
        assert_eq!(join("/top?y=2"), url("https://example.com/top?y=2"));
        assert_eq!(join("d"), url("https://example.com/a/b/d"));
        assert_eq!(join("../d"), url("https://example.com/a/d"));
        assert_eq!(join("./"), url("https://example.com/a/b/"));
        assert_eq!(join("/x/../../y/."), url("https://example.com/y/"));
        assert_eq!(join("?z=3"), url("https://example.com/a/b/c?z=3"));
        assert_eq!(join("#only-a-fragment"), base);
        assert!(base.join("mailto:someone@example.com").is_err());
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let a = url("https://example.com/a");
        assert!(a.same_origin(&url("https://EXAMPLE.com/b?c")));
        assert!(!a.same_origin(&url("http://example.com/a")));
        assert!(!a.same_origin(&url("https://example.com:444/a")));
        assert!(!a.same_origin(&url("https://evil.example/a")));
    }
}
