"""Failures a component reports, as the contract names them.

A tool's failure reaches the model as a result with ``isError: true``; a
resource's or a prompt's, as a JSON-RPC error. Raise ``InvalidInput`` when
the arguments passed the schema but are still unusable, ``UpstreamError``
when a service the tool depends on failed, and ``ToolError`` for anything
else. Any other exception is reported as ``ToolError`` too, with a short
message (``"ValueError: ..."``), and its traceback goes to the host's log
for the operator: a bug in a tool never crashes the component.
"""

from __future__ import annotations


class ToolError(Exception):
    """A failure to report to the client; its message is what the model
    reads (the host caps its length and strips control characters)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(ToolError):
    """The arguments passed the schema but are still unusable: say what to
    change, so the model can call again."""


class UpstreamError(ToolError):
    """A service the tool depends on failed.

    Args:
        message: A short explanation for the model; never the upstream
            body verbatim.
        status: The HTTP status, when the failure was an HTTP response.
        retry_after: Seconds to wait before retrying, from ``Retry-After``.
    """

    def __init__(self, message: str, status: int | None = None, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class ResourceNotFound(Exception):
    """Nothing is served at this URI: raise it from a resource template's
    function for an ID that does not exist, and the client gets MCP's
    "resource not found" error."""

    def __init__(self, uri: str) -> None:
        super().__init__(f"no resource at {uri}")
        self.uri = uri


def from_exception(error: Exception) -> ToolError:
    """Any exception as a ``ToolError``: itself when it is one, else its
    type and message (``"KeyError: 'x'"``)."""
    if isinstance(error, ToolError):
        return error
    text = str(error)
    return ToolError(f"{type(error).__name__}: {text}" if text else type(error).__name__)
