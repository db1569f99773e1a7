use std::fmt;
use std::time::Duration;

use super::redirect::{headers_after, is_redirect, method_after};
use super::transport;
use super::url::Url;
use super::{Response, UpstreamError};

/// An HTTP method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Delete,
    Patch,
    Options,
    /// Any other method, spelled as it is to be sent.
    Other(String),
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Patch => "PATCH",
            Method::Options => "OPTIONS",
            Method::Other(method) => method,
        })
    }
}

/// An outgoing request, built step by step and sent with [`Request::send`].
///
/// The host decides where a tool may connect: a destination the operator's
/// policy does not allow fails with an [`UpstreamError`] saying so, as does
/// every other transport failure. The host also caps timeouts, response sizes
/// and concurrent requests; the limits set here can only be tighter.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct Request {
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    limits: Limits,
    max_redirects: u32,
}

/// What one exchange may take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    pub timeout: Option<Duration>,
    pub max_body_bytes: u64,
}

/// One request on the wire: the original, or the one after a redirect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hop {
    pub method: Method,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Hop {
    /// `METHOD host/path`, as messages show a request.
    pub fn describe(&self) -> String {
        format!("{} {}", self.method, self.url.without_query())
    }
}

impl Request {
    /// The default cap on a response body: 10 MiB.
    pub const DEFAULT_MAX_BODY_BYTES: u64 = 10 << 20;
    /// The default number of redirects followed.
    pub const DEFAULT_MAX_REDIRECTS: u32 = 5;

    /// A request with `method` to `url`, an absolute `http://` or `https://`
    /// URL. An invalid URL fails when the request is sent.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Vec::new(),
            limits: Limits {
                timeout: None,
                max_body_bytes: Self::DEFAULT_MAX_BODY_BYTES,
            },
            max_redirects: Self::DEFAULT_MAX_REDIRECTS,
        }
    }

    pub fn get(url: impl Into<String>) -> Self {
        Self::new(Method::Get, url)
    }

    pub fn post(url: impl Into<String>) -> Self {
        Self::new(Method::Post, url)
    }

    /// Adds a header; adding a name twice sends it twice. Headers the
    /// runtime sets itself (`Host`, `Connection`, ...) make the request fail.
    /// `Authorization` and `Cookie` are not sent on to another origin when
    /// the request is redirected.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The request body. Set a `Content-Type` header to say what it is.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// How long connecting, waiting for the first byte of the response and
    /// waiting between two bytes of it may each take. The host's own limits
    /// apply too; this can only shorten them.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.limits.timeout = Some(timeout);
        self
    }

    /// The largest response body accepted, in bytes (default 10 MiB). A
    /// larger one fails the request rather than being cut short.
    pub fn max_body_bytes(mut self, limit: u64) -> Self {
        self.limits.max_body_bytes = limit;
        self
    }

    /// How many redirects to follow (default 5). With 0 a redirect is
    /// returned as the response; otherwise one redirect too many fails the
    /// request.
    pub fn follow_redirects(mut self, max: u32) -> Self {
        self.max_redirects = max;
        self
    }

    /// Sends the request, follows redirects, and reads the whole response.
    /// Any status counts as success here; chain
    /// [`Response::error_for_status`] to treat non-2xx as failure.
    pub fn send(self) -> Result<Response, UpstreamError> {
        self.send_with(transport::exchange)
    }

    /// [`Request::send`] over any transport, so the redirect logic can be
    /// tested natively.
    pub(crate) fn send_with(
        self,
        mut exchange: impl FnMut(&Hop, &Limits) -> Result<Response, UpstreamError>,
    ) -> Result<Response, UpstreamError> {
        let url = Url::parse(&self.url).map_err(|reason| {
            UpstreamError::transport(format!("cannot send the request: {reason}"))
        })?;
        let mut headers = self.headers;
        let has = |headers: &[(String, String)], name: &str| {
            headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
        };
        let sends_body = !self.body.is_empty()
            || matches!(self.method, Method::Post | Method::Put | Method::Patch);
        if sends_body && !has(&headers, "content-length") {
            // Without it the runtime streams the body chunked, which many
            // services refuse (411) or mishandle.
            headers.push(("content-length".into(), self.body.len().to_string()));
        }
        if !has(&headers, "user-agent") {
            let agent = concat!("toolhost-sdk/", env!("CARGO_PKG_VERSION"));
            headers.push(("user-agent".into(), agent.into()));
        }
        let mut hop = Hop {
            method: self.method,
            url,
            headers,
            body: self.body,
        };
        let original = hop.describe();
        let mut redirects = 0;
        loop {
            let response = exchange(&hop, &self.limits)?;
            if self.max_redirects == 0 || !is_redirect(response.status) {
                return Ok(response);
            }
            let Some(location) = response.header("location") else {
                return Ok(response);
            };
            if redirects == self.max_redirects {
                return Err(UpstreamError::transport(format!(
                    "{original} was redirected more than {} times",
                    self.max_redirects
                )));
            }
            let next = hop.url.join(location).map_err(|reason| {
                UpstreamError::transport(format!(
                    "{} redirected to an unusable URL: {reason}",
                    response.request
                ))
            })?;
            let (method, keeps_body) = method_after(response.status, &hop.method);
            hop = Hop {
                headers: headers_after(&hop.headers, &hop.url, &next, keeps_body),
                body: if keeps_body { hop.body } else { Vec::new() },
                method,
                url: next,
            };
            redirects += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fake service: answers each hop from `routes` (URL → status and
    /// Location) and records what was sent.
    fn serve(
        request: Request,
        routes: &[(&str, u16, Option<&str>)],
    ) -> (Result<Response, UpstreamError>, Vec<Hop>) {
        let mut sent = Vec::new();
        let result = request.send_with(|hop, _| {
            sent.push(hop.clone());
            let url = format!(
                "{}://{}{}",
                hop.url.scheme(),
                hop.url.authority,
                hop.url.path_and_query
            );
            let (_, status, location) = routes
                .iter()
                .find(|(u, _, _)| *u == url)
                .unwrap_or_else(|| panic!("no route for {url}"));
            Ok(Response {
                status: *status,
                headers: location
                    .map(|l| vec![("location".to_string(), l.to_string())])
                    .unwrap_or_default(),
                body: url.into_bytes(),
                request: hop.describe(),
            })
        });
        (result, sent)
    }

    #[test]
    fn follows_redirects_with_a_new_request_per_hop() {
        let request = Request::post("https://a.example/start?token=s3cret")
            .header("Authorization", "Bearer t")
            .header("Content-Type", "text/plain")
            .body("payload");
        let (result, sent) = serve(
            request,
            &[
                ("https://a.example/start?token=s3cret", 307, Some("/again")),
                (
                    "https://a.example/again",
                    302,
                    Some("https://b.example/elsewhere"),
                ),
                ("https://b.example/elsewhere", 200, None),
            ],
        );
        let response = result.unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(response.text(), "https://b.example/elsewhere");

        assert_eq!(sent.len(), 3);
        // 307 repeats the request, credentials and body included.
        assert_eq!(sent[1].method, Method::Post);
        assert_eq!(sent[1].body, b"payload");
        assert!(sent[1].headers.iter().any(|(n, _)| n == "Authorization"));
        // A POST moved by 302 becomes a GET without body, and the new host
        // gets no credentials.
        assert_eq!(sent[2].method, Method::Get);
        assert!(sent[2].body.is_empty());
        let names: Vec<&str> = sent[2].headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["user-agent"]);
    }

    #[test]
    fn too_many_redirects_fail_without_the_query() {
        let routes = [
            ("http://loop.example/a?k=secret", 301, Some("/b")),
            ("http://loop.example/b", 301, Some("/a?k=secret")),
        ];
        let (result, sent) = serve(
            Request::get("http://loop.example/a?k=secret").follow_redirects(3),
            &routes,
        );
        assert_eq!(
            result.unwrap_err(),
            UpstreamError::transport("GET loop.example/a was redirected more than 3 times")
        );
        assert_eq!(sent.len(), 4);

        let (result, sent) = serve(
            Request::get("http://loop.example/a?k=secret").follow_redirects(0),
            &routes,
        );
        assert_eq!(result.unwrap().status, 301);
        assert_eq!(sent.len(), 1);
    }

    #[test]
    fn redirects_without_location_or_to_other_schemes() {
        let (result, _) = serve(
            Request::get("http://a.example/"),
            &[("http://a.example/", 302, None)],
        );
        assert_eq!(result.unwrap().status, 302);

        let (result, _) = serve(
            Request::get("http://a.example/"),
            &[("http://a.example/", 302, Some("ftp://a.example/file"))],
        );
        assert_eq!(
            result.unwrap_err().message,
            "GET a.example/ redirected to an unusable URL: \
             the URL must start with http:// or https://"
        );
    }

    #[test]
    fn invalid_urls_fail_before_sending() {
        let (result, sent) = serve(Request::get("file:///etc/passwd"), &[]);
        assert_eq!(
            result.unwrap_err().message,
            "cannot send the request: the URL must start with http:// or https://"
        );
        assert!(sent.is_empty());
    }

    #[test]
    fn a_body_goes_with_its_length_and_a_get_without_one() {
        let routes = [("https://a.example/x", 200, None)];
        let length = |request: Request| {
            let (_, sent) = serve(request, &routes);
            let found = sent[0].headers.iter().find(|(n, _)| n == "content-length");
            found.map(|(_, v)| v.clone())
        };
        let url = "https://a.example/x";
        assert_eq!(
            length(Request::post(url).body("four")).as_deref(),
            Some("4")
        );
        assert_eq!(length(Request::post(url)).as_deref(), Some("0"));
        assert_eq!(length(Request::get(url)), None);
        let given = Request::post(url)
            .header("Content-Length", "4")
            .body("four");
        let (_, sent) = serve(given, &routes);
        let lengths = sent[0].headers.iter();
        assert_eq!(
            lengths
                .filter(|(n, _)| n.eq_ignore_ascii_case("content-length"))
                .count(),
            1
        );
    }

    #[test]
    fn a_user_agent_is_sent_unless_the_tool_sets_one() {
        let routes = [("http://a.example/", 200, None)];
        let (_, sent) = serve(Request::get("http://a.example/"), &routes);
        assert!(sent[0].headers[0].1.starts_with("toolhost-sdk/"));
        let (_, sent) = serve(
            Request::get("http://a.example/").header("User-Agent", "mine"),
            &routes,
        );
        assert_eq!(sent[0].headers, [("User-Agent".into(), "mine".into())]);
    }
}
