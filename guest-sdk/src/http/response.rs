use serde::de::DeserializeOwned;

use super::UpstreamError;

/// A response, its body read in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// The HTTP status of the last response (after any redirects).
    pub status: u16,
    /// Header names lowercased, values decoded lossily as UTF-8, in the order
    /// received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// `METHOD host/path` of the request that got this response, for error
    /// messages.
    pub(crate) request: String,
}

impl Response {
    /// The body as text; invalid UTF-8 becomes U+FFFD.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON. The error gives the position of the problem,
    /// never a piece of the body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, UpstreamError> {
        serde_json::from_slice(&self.body).map_err(|e| {
            UpstreamError::transport(format!(
                "the response to {} is not the expected JSON (line {}, column {})",
                self.request,
                e.line(),
                e.column()
            ))
        })
    }

    /// The first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The response itself when its status is 2xx; otherwise an
    /// [`UpstreamError`] with the status, the `Retry-After` delay and a
    /// message like `GET example.com/path returned HTTP 404`. The body is
    /// not quoted: it may be large, or carry text meant for someone else.
    pub fn error_for_status(self) -> Result<Response, UpstreamError> {
        if (200..300).contains(&self.status) {
            return Ok(self);
        }
        Err(UpstreamError {
            status: Some(self.status),
            retry_after_secs: self.header("retry-after").and_then(retry_after_secs),
            message: format!("{} returned HTTP {}", self.request, self.status),
        })
    }
}

/// `Retry-After` in its delta-seconds form. The HTTP-date form would need a
/// clock and a date parser for little gain, so it is ignored.
pub(crate) fn retry_after_secs(value: &str) -> Option<u32> {
    let value = value.trim();
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(value.parse().unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
            request: "GET api.example.com/v1/items".into(),
        }
    }

    #[test]
    fn success_passes_through() {
        let ok = response(204, &[], "");
        assert_eq!(ok.clone().error_for_status(), Ok(ok));
    }

    #[test]
    fn failure_names_request_and_status_only() {
        let error = response(
            429,
            &[("retry-after", " 30 ")],
            "{\"error\":\"secret account detail\"}",
        )
        .error_for_status()
        .unwrap_err();
        assert_eq!(
            error,
            UpstreamError {
                status: Some(429),
                retry_after_secs: Some(30),
                message: "GET api.example.com/v1/items returned HTTP 429".into(),
            }
        );
        let redirect = response(302, &[], "").error_for_status().unwrap_err();
        assert_eq!(redirect.status, Some(302));
    }

    #[test]
    fn retry_after_takes_delta_seconds_only() {
        assert_eq!(retry_after_secs("120"), Some(120));
        assert_eq!(retry_after_secs("0"), Some(0));
        assert_eq!(retry_after_secs("99999999999"), Some(u32::MAX));
        assert_eq!(retry_after_secs("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(retry_after_secs("-5"), None);
        assert_eq!(retry_after_secs(""), None);
    }

    #[test]
    fn headers_text_and_json() {
        let r = response(200, &[("content-type", "application/json")], r#"{"n":1}"#);
        assert_eq!(r.header("Content-Type"), Some("application/json"));
        assert_eq!(r.header("x-missing"), None);
        assert_eq!(r.text(), r#"{"n":1}"#);
        assert_eq!(r.json::<serde_json::Value>().unwrap()["n"], 1);

        let bad = response(200, &[], "{\"n\": \"secret\"");
        let error = bad.json::<serde_json::Value>().unwrap_err();
        assert_eq!(
            error.message,
            "the response to GET api.example.com/v1/items is not the expected JSON (line 1, column 14)"
        );
        let lossy = Response {
            body: vec![b'a', 0xff],
            ..r
        };
        assert_eq!(lossy.text(), "a\u{fffd}");
    }
}
