//! One request and its response over `wasi:http/outgoing-handler`, the only
//! network access a tool component has. The host checks each request against
//! the operator's policy before anything leaves the machine.
//!
//! `wasi:http` resources are children of one another (a body stream of its
//! body, a body of its response); a parent dropped before its child traps,
//! so every child here lives in an inner scope.

use super::request::{Hop, Limits};
use super::{Response, UpstreamError};

#[cfg(target_arch = "wasm32")]
pub(crate) fn exchange(hop: &Hop, limits: &Limits) -> Result<Response, UpstreamError> {
    use wasip2::http::outgoing_handler;
    use wasip2::http::types::{
        ErrorCode, Fields, HeaderError, Method as WasiMethod, OutgoingRequest, RequestOptions,
        Scheme,
    };

    use super::Method;

    let host = hop.url.authority.as_str();
    let invalid =
        |what: &str| UpstreamError::transport(format!("the request to {host} has {what}"));

    let entries: Vec<(String, Vec<u8>)> = hop
        .headers
        .iter()
        .map(|(name, value)| (name.clone(), value.clone().into_bytes()))
        .collect();
    let fields = Fields::from_list(&entries).map_err(|e| match e {
        HeaderError::Forbidden => invalid("a header the runtime sets itself (such as Host)"),
        _ => invalid("a header with an invalid name or value"),
    })?;
    let request = OutgoingRequest::new(fields);
    let method = match &hop.method {
        Method::Get => WasiMethod::Get,
        Method::Head => WasiMethod::Head,
        Method::Post => WasiMethod::Post,
        Method::Put => WasiMethod::Put,
        Method::Delete => WasiMethod::Delete,
        Method::Patch => WasiMethod::Patch,
        Method::Options => WasiMethod::Options,
        Method::Other(other) => WasiMethod::Other(other.clone()),
    };
    let scheme = if hop.url.https {
        Scheme::Https
    } else {
        Scheme::Http
    };
    request
        .set_method(&method)
        .map_err(|()| invalid("an invalid method"))?;
    request
        .set_scheme(Some(&scheme))
        .map_err(|()| invalid("an invalid scheme"))?;
    request
        .set_authority(Some(host))
        .map_err(|()| invalid("an invalid host name"))?;
    request
        .set_path_with_query(Some(&hop.url.path_and_query))
        .map_err(|()| invalid("an invalid path or query"))?;

    let options = limits.timeout.map(|timeout| {
        let nanos = u64::try_from(timeout.as_nanos()).unwrap_or(u64::MAX);
        let options = RequestOptions::new();
        // A host that does not support a timeout refuses to set it; its own
        // limits then apply, which is all a tool can ask for anyway.
        let _ = options.set_connect_timeout(Some(nanos));
        let _ = options.set_first_byte_timeout(Some(nanos));
        let _ = options.set_between_bytes_timeout(Some(nanos));
        options
    });

    let body = request.body().map_err(|()| invalid("no body"))?;
    let future = outgoing_handler::handle(request, options)
        .map_err(|code| UpstreamError::from_code(host, &code))?;
    // Written after `handle`, so a body larger than the runtime's buffer
    // streams out instead of blocking before anything is sent.
    let sent = write_body(body, &hop.body);

    future.subscribe().block();
    let response = match future.get() {
        Some(Ok(Ok(response))) => response,
        Some(Ok(Err(code))) => return Err(UpstreamError::from_code(host, &code)),
        Some(Err(())) | None => {
            return Err(UpstreamError::transport(format!(
                "the request to {host} failed (no response)"
            )));
        }
    };
    // The host's reason for a failed body upload, if any, arrives with the
    // response future; only a failure it did not explain is reported here.
    if let Err(code) = sent {
        let code = code.unwrap_or(ErrorCode::HttpRequestBodySize(None));
        return Err(UpstreamError::from_code(host, &code));
    }

    let status = response.status();
    let headers: Vec<(String, String)> = {
        let fields = response.headers();
        fields
            .entries()
            .into_iter()
            .map(|(name, value)| {
                (
                    name.to_ascii_lowercase(),
                    String::from_utf8_lossy(&value).into_owned(),
                )
            })
            .collect()
    };
    let declared = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > limits.max_body_bytes) {
        return Err(UpstreamError::too_large(host, Some(limits.max_body_bytes)));
    }
    let body = read_body(&response, host, limits.max_body_bytes)?;
    Ok(Response {
        status,
        headers,
        body,
        request: hop.describe(),
    })
}

/// Writes the whole request body and finishes it. `None` as the error means
/// the stream closed without the runtime saying why.
#[cfg(target_arch = "wasm32")]
fn write_body(
    body: wasip2::http::types::OutgoingBody,
    bytes: &[u8],
) -> Result<(), Option<wasip2::http::types::ErrorCode>> {
    use wasip2::http::types::{OutgoingBody, http_error_code};
    use wasip2::io::streams::StreamError;

    {
        let stream = body.write().map_err(|()| None)?;
        // `blocking-write-and-flush` takes at most 4096 bytes per call.
        for chunk in bytes.chunks(4096) {
            stream
                .blocking_write_and_flush(chunk)
                .map_err(|e| match e {
                    StreamError::LastOperationFailed(e) => http_error_code(&e),
                    StreamError::Closed => None,
                })?;
        }
    }
    OutgoingBody::finish(body, None).map_err(Some)
}

/// Reads the response body to its end, failing as soon as it exceeds
/// `limit` bytes: a tool's memory is small, and a truncated document would
/// be silently wrong.
#[cfg(target_arch = "wasm32")]
fn read_body(
    response: &wasip2::http::types::IncomingResponse,
    host: &str,
    limit: u64,
) -> Result<Vec<u8>, UpstreamError> {
    use wasip2::http::types::{IncomingBody, http_error_code};
    use wasip2::io::streams::StreamError;

    let cut_off = || UpstreamError::transport(format!("the response from {host} was cut off"));
    let incoming = response.consume().map_err(|()| cut_off())?;
    let mut bytes = Vec::new();
    {
        let stream = incoming.stream().map_err(|()| cut_off())?;
        loop {
            match stream.blocking_read(64 * 1024) {
                Ok(chunk) => {
                    if (bytes.len() + chunk.len()) as u64 > limit {
                        return Err(UpstreamError::too_large(host, Some(limit)));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Err(StreamError::Closed) => break,
                Err(StreamError::LastOperationFailed(e)) => {
                    return Err(match http_error_code(&e) {
                        Some(code) => UpstreamError::from_code(host, &code),
                        None => cut_off(),
                    });
                }
            }
        }
    }
    drop(IncomingBody::finish(incoming));
    Ok(bytes)
}

/// Natively (in unit tests) there is no host to send through.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn exchange(hop: &Hop, _: &Limits) -> Result<Response, UpstreamError> {
    Err(UpstreamError::transport(format!(
        "the request to {} failed: HTTP needs the toolhost runtime, not a native build",
        hop.url.authority
    )))
}
