//! How failed requests read to a model. Every message names the service by
//! host (and, for HTTP statuses, path), never by query string, header or
//! body: those carry keys, personal data and another party's text.

use std::fmt;

use wasip2::http::types::ErrorCode;

use crate::ToolError;

/// How the host marks an `internal-error` message written for the model
/// (wasmtime's own internal errors carry detail that must not reach it).
pub(crate) const HOST_MESSAGE: &str = "toolhost: ";

/// A request that failed: the transport failed (`status` is `None`), or the
/// service answered with a status the tool treats as failure.
///
/// Converts into [`ToolError::Upstream`] with `?`. Like [`ToolError`], it
/// does not implement [`std::error::Error`]: the SDK's blanket conversion of
/// standard errors would otherwise turn it into `ToolError::Other` and lose
/// the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpstreamError {
    /// The HTTP status, when the service answered.
    pub status: Option<u16>,
    /// Seconds to wait before retrying, from the response's `Retry-After`.
    pub retry_after_secs: Option<u32>,
    /// A short explanation for the model.
    pub message: String,
}

impl UpstreamError {
    /// A failure with no HTTP status.
    pub(crate) fn transport(message: impl Into<String>) -> Self {
        Self {
            status: None,
            retry_after_secs: None,
            message: message.into(),
        }
    }

    /// What `wasi:http` reported for a request to `host`.
    // Natively nothing is sent, so only the tests use it.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn from_code(host: &str, code: &ErrorCode) -> Self {
        use ErrorCode as E;
        Self::transport(match code {
            E::HttpRequestDenied | E::DestinationIpProhibited => {
                format!("network access to {host} is not allowed by this tool's policy")
            }
            E::DnsError(_) | E::DnsTimeout | E::DestinationNotFound => {
                format!("could not resolve {host}")
            }
            E::ConnectionRefused => format!("{host} refused the connection"),
            E::ConnectionTimeout => format!("connecting to {host} timed out"),
            E::ConnectionReadTimeout | E::HttpResponseTimeout => {
                format!("{host} did not respond in time")
            }
            E::HttpResponseBodySize(limit) => return Self::too_large(host, *limit),
            E::ConnectionLimitReached => "too many requests to upstream services at once".into(),
            E::TlsProtocolError | E::TlsCertificateError | E::TlsAlertReceived(_) => {
                format!("a secure connection to {host} could not be established")
            }
            // The host's own words for the model (an upstream whose circuit
            // breaker is open), marked as such; any other internal detail
            // stays out of the tool's message.
            E::InternalError(Some(message)) if message.starts_with(HOST_MESSAGE) => {
                message[HOST_MESSAGE.len()..].to_owned()
            }
            other => format!("the request to {host} failed ({})", code_name(other)),
        })
    }

    /// The response body is larger than the host's or the tool's limit.
    // Natively nothing is sent, so only the tests use it.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn too_large(host: &str, limit: Option<u64>) -> Self {
        Self::transport(match limit {
            Some(limit) => {
                format!("the response from {host} is larger than the {limit}-byte limit")
            }
            None => format!("the response from {host} is larger than this tool's limit"),
        })
    }
}

impl fmt::Display for UpstreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<UpstreamError> for ToolError {
    fn from(error: UpstreamError) -> Self {
        ToolError::upstream(error.status, error.retry_after_secs, error.message)
    }
}

/// The WIT name of an error code. Payloads are left out: the free-form ones
/// (`internal-error`, coding names) are whatever the runtime wrote.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
fn code_name(code: &ErrorCode) -> &'static str {
    use ErrorCode as E;
    match code {
        E::DnsTimeout => "dns-timeout",
        E::DnsError(_) => "dns-error",
        E::DestinationNotFound => "destination-not-found",
        E::DestinationUnavailable => "destination-unavailable",
        E::DestinationIpProhibited => "destination-ip-prohibited",
        E::DestinationIpUnroutable => "destination-ip-unroutable",
        E::ConnectionRefused => "connection-refused",
        E::ConnectionTerminated => "connection-terminated",
        E::ConnectionTimeout => "connection-timeout",
        E::ConnectionReadTimeout => "connection-read-timeout",
        E::ConnectionWriteTimeout => "connection-write-timeout",
        E::ConnectionLimitReached => "connection-limit-reached",
        E::TlsProtocolError => "tls-protocol-error",
        E::TlsCertificateError => "tls-certificate-error",
        E::TlsAlertReceived(_) => "tls-alert-received",
        E::HttpRequestDenied => "http-request-denied",
        E::HttpRequestLengthRequired => "http-request-length-required",
        E::HttpRequestBodySize(_) => "http-request-body-size",
        E::HttpRequestMethodInvalid => "http-request-method-invalid",
        E::HttpRequestUriInvalid => "http-request-uri-invalid",
        E::HttpRequestUriTooLong => "http-request-uri-too-long",
        E::HttpRequestHeaderSectionSize(_) => "http-request-header-section-size",
        E::HttpRequestHeaderSize(_) => "http-request-header-size",
        E::HttpRequestTrailerSectionSize(_) => "http-request-trailer-section-size",
        E::HttpRequestTrailerSize(_) => "http-request-trailer-size",
        E::HttpResponseIncomplete => "http-response-incomplete",
        E::HttpResponseHeaderSectionSize(_) => "http-response-header-section-size",
        E::HttpResponseHeaderSize(_) => "http-response-header-size",
        E::HttpResponseBodySize(_) => "http-response-body-size",
        E::HttpResponseTrailerSectionSize(_) => "http-response-trailer-section-size",
        E::HttpResponseTrailerSize(_) => "http-response-trailer-size",
        E::HttpResponseTransferCoding(_) => "http-response-transfer-coding",
        E::HttpResponseContentCoding(_) => "http-response-content-coding",
        E::HttpResponseTimeout => "http-response-timeout",
        E::HttpUpgradeFailed => "http-upgrade-failed",
        E::HttpProtocolError => "http-protocol-error",
        E::LoopDetected => "loop-detected",
        E::ConfigurationError => "configuration-error",
        E::InternalError(_) => "internal-error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasip2::http::types::{DnsErrorPayload, TlsAlertReceivedPayload};

    fn message(code: ErrorCode) -> String {
        let error = UpstreamError::from_code("api.example.com:8443", &code);
        assert_eq!((error.status, error.retry_after_secs), (None, None));
        error.message
    }

    #[test]
    fn each_failure_has_its_sentence() {
        let host = "api.example.com:8443";
        let dns = DnsErrorPayload {
            rcode: Some("NXDOMAIN".into()),
            info_code: None,
        };
        let cases = [
            (
                ErrorCode::HttpRequestDenied,
                format!("network access to {host} is not allowed by this tool's policy"),
            ),
            (
                ErrorCode::DnsError(dns),
                format!("could not resolve {host}"),
            ),
            (
                ErrorCode::ConnectionRefused,
                format!("{host} refused the connection"),
            ),
            (
                ErrorCode::ConnectionTimeout,
                format!("connecting to {host} timed out"),
            ),
            (
                ErrorCode::ConnectionReadTimeout,
                format!("{host} did not respond in time"),
            ),
            (
                ErrorCode::HttpResponseTimeout,
                format!("{host} did not respond in time"),
            ),
            (
                ErrorCode::HttpResponseBodySize(Some(1024)),
                format!("the response from {host} is larger than the 1024-byte limit"),
            ),
            (
                ErrorCode::HttpResponseBodySize(None),
                format!("the response from {host} is larger than this tool's limit"),
            ),
            (
                ErrorCode::ConnectionLimitReached,
                "too many requests to upstream services at once".into(),
            ),
            (
                ErrorCode::TlsAlertReceived(TlsAlertReceivedPayload {
                    alert_id: Some(40),
                    alert_message: None,
                }),
                format!("a secure connection to {host} could not be established"),
            ),
            (
                ErrorCode::TlsCertificateError,
                format!("a secure connection to {host} could not be established"),
            ),
            (
                ErrorCode::ConnectionTerminated,
                format!("the request to {host} failed (connection-terminated)"),
            ),
            (
                ErrorCode::InternalError(Some("secret detail".into())),
                format!("the request to {host} failed (internal-error)"),
            ),
            (
                ErrorCode::InternalError(Some(format!("{HOST_MESSAGE}{host} has failed 5 times"))),
                format!("{host} has failed 5 times"),
            ),
        ];
        for (code, expected) in cases {
            assert_eq!(message(code), expected);
        }
    }

    #[test]
    fn converts_to_an_upstream_tool_error() {
        let error = UpstreamError {
            status: Some(429),
            retry_after_secs: Some(7),
            message: "slow down".into(),
        };
        assert_eq!(error.to_string(), "slow down");
        assert_eq!(
            ToolError::from(error),
            ToolError::upstream(Some(429), Some(7), "slow down")
        );
    }
}
