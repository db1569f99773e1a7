"""``toolhost.http``'s transport in a component: one request and its
response over ``wasi:http/outgoing-handler``, the only network access a tool
has. ``toolhost.component`` plugs it in; only it and this module touch the
bindings componentize-py generates.

``wasi:http`` resources are children of one another (a body stream of its
body, a body of its response); a parent dropped before its child traps, so
each child is released in a ``with`` inside its parent's.
"""

from __future__ import annotations

import re

from componentize_py_types import Err
from wit_world.imports import outgoing_handler, streams
from wit_world.imports import wasi_http_types as wasi

from .errors import UpstreamError
from .http import Hop, Limits, Response, failure, too_large

#: ``blocking-write-and-flush`` takes at most this many bytes per call.
_WRITE_CHUNK = 4096
_READ_CHUNK = 64 * 1024
_METHODS = {
    "GET": wasi.Method_Get,
    "HEAD": wasi.Method_Head,
    "POST": wasi.Method_Post,
    "PUT": wasi.Method_Put,
    "DELETE": wasi.Method_Delete,
    "PATCH": wasi.Method_Patch,
    "OPTIONS": wasi.Method_Options,
}


class WasiTransport:
    def exchange(self, hop: Hop, limits: Limits) -> Response:
        host = hop.url.authority

        def invalid(what: str) -> UpstreamError:
            return UpstreamError(f"the request to {host} has {what}")

        try:
            fields = wasi.Fields.from_list([(name, value.encode()) for name, value in hop.headers])
        except Err as error:
            if isinstance(error.value, wasi.HeaderError_Forbidden):
                raise invalid("a header the runtime sets itself (such as Host)") from None
            raise invalid("a header with an invalid name or value") from None
        request = wasi.OutgoingRequest(fields)
        method = _METHODS.get(hop.method)
        for setter, value, what in (
            (request.set_method, method() if method else wasi.Method_Other(hop.method), "an invalid method"),
            (request.set_scheme, wasi.Scheme_Https() if hop.url.https else wasi.Scheme_Http(), "an invalid scheme"),
            (request.set_authority, host, "an invalid host name"),
            (request.set_path_with_query, hop.url.path_and_query, "an invalid path or query"),
        ):
            try:
                setter(value)
            except Err:
                raise invalid(what) from None

        body = request.body()
        try:
            future = outgoing_handler.handle(request, _options(limits))
        except Err as error:
            raise _failure(host, error.value) from None
        # Written after `handle`, so a body larger than the runtime's buffer
        # streams out instead of blocking before anything is sent.
        sent = _write_body(body, hop.body)
        with future:
            with future.subscribe() as ready:
                ready.block()
            answer = future.get()
        # Some(Ok(Ok(response))), Some(Ok(Err(code))), or nothing usable.
        if answer is None or isinstance(answer, Err):
            raise UpstreamError(f"the request to {host} failed (no response)")
        if isinstance(answer.value, Err):
            raise _failure(host, answer.value.value)
        # The host's reason for a failed upload, if any, arrived with the
        # response; only a failure it did not explain is reported here.
        if sent is not True:
            raise _failure(host, sent if sent is not None else wasi.ErrorCode_HttpRequestBodySize(None))

        with answer.value.value as response:
            status = response.status()
            with response.headers() as received:
                headers = [(name.lower(), value.decode("utf-8", "replace")) for name, value in received.entries()]
            declared = next((value.strip() for name, value in headers if name == "content-length"), "")
            if declared.isdigit() and int(declared) > limits.max_body_bytes:
                raise too_large(host, limits.max_body_bytes)
            content = _read_body(response, host, limits.max_body_bytes)
        return Response(status, headers, content, hop.describe())


def _options(limits: Limits) -> wasi.RequestOptions | None:
    if limits.timeout is None:
        return None
    nanos = max(0, int(limits.timeout * 1e9))
    options = wasi.RequestOptions()
    for setter in (options.set_connect_timeout, options.set_first_byte_timeout, options.set_between_bytes_timeout):
        # A host that does not support a timeout refuses to set it; its own
        # limits then apply, which is all a tool can ask for anyway.
        try:
            setter(nanos)
        except Err:
            pass
    return options


def _write_body(body: wasi.OutgoingBody, content: bytes) -> wasi.ErrorCode | None | bool:
    """Writes the whole request body and finishes it: ``True``, or the error
    code (``None`` when the stream closed without the runtime saying why)."""
    try:
        with body.write() as stream:
            for start in range(0, len(content), _WRITE_CHUNK):
                stream.blocking_write_and_flush(content[start : start + _WRITE_CHUNK])
    except Err as error:
        # Dropped unfinished, so the host ends the request instead of
        # waiting for the rest of the body.
        body.__exit__(None, None, None)
        if isinstance(error.value, streams.StreamError_LastOperationFailed):
            with error.value.value as problem:
                return wasi.http_error_code(problem)
        return None
    try:
        wasi.OutgoingBody.finish(body, None)
    except Err as error:
        return error.value
    return True


def _read_body(response: wasi.IncomingResponse, host: str, limit: int) -> bytes:
    """Reads the body to its end, failing as soon as it exceeds ``limit``
    bytes: a tool's memory is small, and a truncated document would be
    silently wrong."""
    cut_off = UpstreamError(f"the response from {host} was cut off")
    try:
        incoming = response.consume()
    except Err:
        raise cut_off from None
    chunks: list[bytes] = []
    size = 0
    with incoming:
        with incoming.stream() as stream:
            while True:
                try:
                    chunk = stream.blocking_read(_READ_CHUNK)
                except Err as error:
                    if isinstance(error.value, streams.StreamError_Closed):
                        break
                    with error.value.value as problem:
                        code = wasi.http_error_code(problem)
                    raise (_failure(host, code) if code is not None else cut_off) from None
                size += len(chunk)
                if size > limit:
                    raise too_large(host, limit)
                chunks.append(chunk)
    return b"".join(chunks)


def _failure(host: str, code: wasi.ErrorCode) -> UpstreamError:
    """``code`` by its WIT name (``ErrorCode_HttpRequestDenied`` is
    ``http-request-denied``) with its payload, for ``toolhost.http``."""
    name = type(code).__name__.removeprefix("ErrorCode_")
    return failure(host, re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower(), getattr(code, "value", None))
