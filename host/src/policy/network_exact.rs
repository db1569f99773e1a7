//! What `toolhost check` can probe of an allow rule: only a rule that names
//! one host (a name or an address) has something to resolve or connect to;
//! a wildcard or a CIDR block stands for hosts no one can list.

use super::{AllowRule, HostPattern, PortPattern, Scheme};

/// The one host an allow rule names, with what it allows of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExactHost {
    /// A DNS name, or an IP address as text.
    pub host: String,
    /// Whether `host` is an IP address (nothing to resolve).
    pub is_address: bool,
    /// Each scheme the rule allows (both for `*://`), with its port; `None`
    /// when the rule allows any port.
    pub targets: Vec<(Scheme, Option<u16>)>,
}

impl AllowRule {
    /// The host this rule names, or `None` for a wildcard or CIDR block.
    pub fn exact_host(&self) -> Option<ExactHost> {
        let (host, is_address) = match &self.host {
            HostPattern::Name(name) => (name.clone(), false),
            HostPattern::Ip(ip) => (ip.to_string(), true),
            HostPattern::Subdomains(_) | HostPattern::Cidr(..) => return None,
        };
        let schemes = match self.scheme {
            Some(scheme) => vec![scheme],
            None => vec![Scheme::Http, Scheme::Https],
        };
        let targets = schemes
            .into_iter()
            .map(|scheme| {
                let port = match self.port {
                    PortPattern::Exact(port) => Some(port),
                    PortPattern::Default => Some(scheme.default_port()),
                    PortPattern::Any => None,
                };
                (scheme, port)
            })
            .collect();
        Some(ExactHost {
            host,
            is_address,
            targets,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(rule: &str) -> Option<ExactHost> {
        AllowRule::parse(rule).unwrap().exact_host()
    }

    #[test]
    fn names_and_addresses_are_exact_with_their_ports() {
        let named = exact("https://API.example.com").unwrap();
        assert_eq!(named.host, "api.example.com");
        assert!(!named.is_address);
        assert_eq!(named.targets, [(Scheme::Https, Some(443))]);

        let both = exact("*://[::1]:8080").unwrap();
        assert_eq!(both.host, "::1");
        assert!(both.is_address);
        assert_eq!(
            both.targets,
            [(Scheme::Http, Some(8080)), (Scheme::Https, Some(8080))]
        );

        let defaults = exact("*://127.0.0.1").unwrap();
        assert_eq!(
            defaults.targets,
            [(Scheme::Http, Some(80)), (Scheme::Https, Some(443))]
        );
        assert_eq!(
            exact("http://example.com:*").unwrap().targets,
            [(Scheme::Http, None)]
        );
    }

    #[test]
    fn wildcards_and_blocks_cannot_be_probed() {
        assert_eq!(exact("https://*.example.com"), None);
        assert_eq!(exact("http://10.0.0.0/8"), None);
        assert_eq!(exact("http://[fd00::/8]:443"), None);
    }
}
