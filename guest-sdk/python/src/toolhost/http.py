"""Outgoing HTTP requests, blocking, over ``wasi:http``::

    from toolhost import http, tool

    @tool
    def status_page(url: str) -> str:
        \"\"\"The text of a status page.\"\"\"
        return http.get(url, timeout=10).raise_for_status().text()

The operator's policy decides where a tool may connect: the host checks
every request, each redirect hop included, before anything leaves the
machine. ``wasi:http`` follows no redirects, so this module sends each hop
as a new request, and keeps credentials from crossing to another origin.

Every failure raises :class:`~toolhost.UpstreamError`, a ``ToolError``, so
an unhandled one reaches the client as the tool's error. Its message is
written for a model and names the service by host and path only, never by
query string, header or body: those carry keys, personal data and another
party's text.

Natively (in unit tests) there is no host to send through, and a request
fails saying so; a test plugs in its own transport with :func:`use`.
"""

from __future__ import annotations

import json as json_module
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

from .errors import UpstreamError

DEFAULT_MAX_BODY_BYTES = 10 << 20
"""The default cap on a response body: 10 MiB. A larger body fails the
request rather than being cut short: a truncated document is silently wrong."""
DEFAULT_MAX_REDIRECTS = 5
"""How many redirects a request follows by default."""
USER_AGENT = "toolhost-sdk-python/0.1.0"
#: How the host marks an ``internal-error`` message written for the model.
HOST_MESSAGE = "toolhost: "

_REDIRECTS = (301, 302, 303, 307, 308)
_CREDENTIALS = ("authorization", "cookie", "proxy-authorization")
_BODY_HEADERS = ("content-type", "content-length", "content-encoding", "transfer-encoding")

Headers = Mapping[str, str] | Iterable[tuple[str, str]]
"""Request headers: a mapping, or pairs (a name given twice is sent twice)."""


@dataclass(frozen=True)
class Url:
    """An absolute ``http`` or ``https`` URL, split as ``wasi:http`` takes it."""

    https: bool
    authority: str
    path_and_query: str

    @staticmethod
    def parse(text: str) -> Url:
        """Parses ``text``; errors never repeat it, as its query may carry a secret."""
        parts = urlsplit(text.strip())
        if parts.scheme.lower() not in ("http", "https") or not text.strip()[len(parts.scheme) :].startswith("://"):
            raise UpstreamError("cannot send the request: the URL must start with http:// or https://")
        if not parts.netloc:
            raise UpstreamError("cannot send the request: the URL has no host")
        if "@" in parts.netloc:
            raise UpstreamError(
                "cannot send the request: URLs with a user name or password are not supported; "
                "send credentials in a header"
            )
        if any(c.isspace() or not c.isprintable() for c in parts.netloc):
            raise UpstreamError("cannot send the request: the URL's host contains spaces or control characters")
        path = parts.path if parts.path.startswith("/") else "/" + parts.path
        query = f"?{parts.query}" if parts.query else ""
        return Url(parts.scheme.lower() == "https", parts.netloc.lower(), path + query)

    @property
    def scheme(self) -> str:
        return "https" if self.https else "http"

    def __str__(self) -> str:
        return f"{self.scheme}://{self.authority}{self.path_and_query}"

    def without_query(self) -> str:
        """``host/path``, as messages show a URL."""
        return self.authority + self.path_and_query.split("?", 1)[0]

    def same_origin(self, other: Url) -> bool:
        return (self.https, self.authority) == (other.https, other.authority)


@dataclass
class Hop:
    """One request on the wire: the original, or the one after a redirect."""

    method: str
    url: Url
    headers: list[tuple[str, str]]
    body: bytes

    def describe(self) -> str:
        """``METHOD host/path``, as messages show a request."""
        return f"{self.method} {self.url.without_query()}"


@dataclass(frozen=True)
class Limits:
    #: Seconds each of connecting, the first byte and the gap between two
    #: bytes may take; ``None`` leaves the host's limits alone.
    timeout: float | None
    max_body_bytes: int


@dataclass
class Response:
    """A response, its body read in full."""

    #: The HTTP status of the last response (after any redirects).
    status: int
    #: Names lowercased, values decoded as UTF-8 (invalid bytes replaced),
    #: in the order received.
    headers: list[tuple[str, str]]
    body: bytes
    #: ``METHOD host/path`` of the request that got this response.
    request: str

    def text(self) -> str:
        """The body as text; invalid UTF-8 becomes U+FFFD."""
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON. The error gives the position of the
        problem, never a piece of the body."""
        try:
            return json_module.loads(self.body)
        except ValueError as error:
            line, column = getattr(error, "lineno", "?"), getattr(error, "colno", "?")
            raise UpstreamError(
                f"the response to {self.request} is not the expected JSON (line {line}, column {column})"
            ) from None

    def header(self, name: str) -> str | None:
        """The first value of the header ``name`` (case-insensitive)."""
        name = name.lower()
        return next((value for n, value in self.headers if n == name), None)

    def raise_for_status(self) -> Response:
        """The response itself when its status is 2xx; otherwise raises an
        ``UpstreamError`` with the status, the ``Retry-After`` delay and a
        message like ``GET example.com/path returned HTTP 404``. The body is
        not quoted: it may be large, or carry text meant for someone else."""
        if 200 <= self.status < 300:
            return self
        retry = self.header("retry-after")
        retry_after = int(retry.strip()) if retry and retry.strip().isdigit() else None
        raise UpstreamError(f"{self.request} returned HTTP {self.status}", status=self.status, retry_after=retry_after)


class Transport(Protocol):
    """Sends one hop and reads its whole response, or raises ``UpstreamError``."""

    def exchange(self, hop: Hop, limits: Limits) -> Response: ...


class NativeTransport:
    """No host to send through."""

    def exchange(self, hop: Hop, limits: Limits) -> Response:
        raise UpstreamError(
            f"the request to {hop.url.authority} failed: HTTP needs the toolhost runtime, not plain Python"
        )


_transport: Transport = NativeTransport()


def use(transport: Transport) -> None:
    """Sends requests through ``transport`` from now on (the component's
    glue plugs in ``wasi:http``; a unit test, its own fake)."""
    global _transport
    _transport = transport


def request(
    method: str,
    url: str,
    *,
    headers: Headers | None = None,
    body: bytes | str | None = None,
    json: Any = None,
    timeout: float | None = None,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    follow_redirects: int = DEFAULT_MAX_REDIRECTS,
) -> Response:
    """Sends a request, follows redirects, and reads the whole response.

    ``body`` is sent as given (a ``str`` as UTF-8); ``json`` is serialized
    and sent with ``Content-Type: application/json``. ``timeout`` (seconds)
    can only shorten the host's own limits. With ``follow_redirects=0`` a
    redirect is returned as the response; otherwise one redirect too many
    fails the request. Any status counts as success here: chain
    :meth:`Response.raise_for_status` to treat non-2xx as failure.
    Headers the runtime sets itself (``Host``, ``Connection``) make the
    request fail; ``Authorization`` and ``Cookie`` are not sent on to
    another origin.
    """
    pairs = list(headers.items() if isinstance(headers, Mapping) else headers or [])
    payload = body.encode() if isinstance(body, str) else (body or b"")
    if json is not None:
        if body is not None:
            raise ValueError("pass body or json, not both")
        payload = json_module.dumps(json).encode()
        if not _has(pairs, "content-type"):
            pairs.append(("content-type", "application/json"))
    if (payload or method.upper() in ("POST", "PUT", "PATCH")) and not _has(pairs, "content-length"):
        # Without it the runtime streams the body chunked, which many
        # services refuse (411) or mishandle.
        pairs.append(("content-length", str(len(payload))))
    if not _has(pairs, "user-agent"):
        pairs.append(("user-agent", USER_AGENT))
    hop = Hop(method.upper(), Url.parse(url), pairs, payload)
    limits = Limits(timeout, max_body_bytes)
    original = hop.describe()
    for redirects in range(follow_redirects + 1):
        response = _transport.exchange(hop, limits)
        location = response.header("location")
        if follow_redirects == 0 or response.status not in _REDIRECTS or location is None:
            return response
        if redirects == follow_redirects:
            raise UpstreamError(f"{original} was redirected more than {follow_redirects} times")
        hop = _after_redirect(hop, response, location)
    raise AssertionError("unreachable: the loop returns or raises")


def _after_redirect(hop: Hop, response: Response, location: str) -> Hop:
    """The request a redirect asks for: 303 (and 301 or 302 after a POST)
    turn into a GET without body; credentials stay with their origin."""
    try:
        target = Url.parse(urljoin(str(hop.url), location))
    except UpstreamError as error:
        reason = error.message.removeprefix("cannot send the request: ")
        raise UpstreamError(f"{response.request} redirected to an unusable URL: {reason}") from None
    if response.status == 303 and hop.method == "HEAD":
        method, keeps_body = "HEAD", False
    elif response.status == 303 or (response.status in (301, 302) and hop.method == "POST"):
        method, keeps_body = "GET", False
    else:
        method, keeps_body = hop.method, True
    same_origin = hop.url.same_origin(target)
    headers = [
        (name, value)
        for name, value in hop.headers
        if (same_origin or name.lower() not in _CREDENTIALS) and (keeps_body or name.lower() not in _BODY_HEADERS)
    ]
    return Hop(method, target, headers, hop.body if keeps_body else b"")


def _has(headers: list[tuple[str, str]], name: str) -> bool:
    return any(n.lower() == name for n, _ in headers)


def get(url: str, **options: Any) -> Response:
    """A GET request; ``options`` as for :func:`request`."""
    return request("GET", url, **options)


def post(url: str, **options: Any) -> Response:
    """A POST request; ``options`` as for :func:`request`."""
    return request("POST", url, **options)


def put(url: str, **options: Any) -> Response:
    return request("PUT", url, **options)


def patch(url: str, **options: Any) -> Response:
    return request("PATCH", url, **options)


def delete(url: str, **options: Any) -> Response:
    return request("DELETE", url, **options)


def head(url: str, **options: Any) -> Response:
    return request("HEAD", url, **options)


def failure(host: str, code: str, payload: Any = None) -> UpstreamError:
    """What ``wasi:http`` reported for a request to ``host``, by the WIT
    name of its ``error-code`` (``http-request-denied``), for the model."""
    if code in ("http-request-denied", "destination-ip-prohibited"):
        message = f"network access to {host} is not allowed by this tool's policy"
    elif code in ("dns-error", "dns-timeout", "destination-not-found"):
        message = f"could not resolve {host}"
    elif code == "connection-refused":
        message = f"{host} refused the connection"
    elif code == "connection-timeout":
        message = f"connecting to {host} timed out"
    elif code in ("connection-read-timeout", "http-response-timeout"):
        message = f"{host} did not respond in time"
    elif code == "http-response-body-size":
        return too_large(host, payload)
    elif code == "connection-limit-reached":
        message = "too many requests to upstream services at once"
    elif code in ("tls-protocol-error", "tls-certificate-error", "tls-alert-received"):
        message = f"a secure connection to {host} could not be established"
    elif code == "internal-error" and isinstance(payload, str) and payload.startswith(HOST_MESSAGE):
        # The host's own words for the model (an upstream whose circuit
        # breaker is open); any other internal detail stays out.
        message = payload.removeprefix(HOST_MESSAGE)
    else:
        message = f"the request to {host} failed ({code})"
    return UpstreamError(message)


def too_large(host: str, limit: int | None) -> UpstreamError:
    """The response body is larger than the host's or the tool's limit."""
    if limit is None:
        return UpstreamError(f"the response from {host} is larger than this tool's limit")
    return UpstreamError(f"the response from {host} is larger than the {limit}-byte limit")
