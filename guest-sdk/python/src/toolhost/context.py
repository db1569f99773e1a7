"""What a request runs with besides its arguments, and its line to the
client while it runs.

A function gets the request's ``Context`` by declaring a parameter
annotated ``Context``. Every round of a request runs in a fresh instance:
the previous round's answers and state are all that is left of it.

Natively (in unit tests) there is no client: build a ``Context`` with the
client, answers and state a round would have, run the function, and check
``notifications``, which records what it sent. In the component the same
calls go to the host at once.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from . import decode, encode
from .content import Role
from .errors import ToolError

LogLevel = Literal["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"]
"""The client's log levels (RFC 5424), lowest first."""

LOG_LEVELS: tuple[str, ...] = typing.get_args(LogLevel)

T = TypeVar("T")


@dataclass(frozen=True)
class ClientCapabilities:
    """What the client said it can answer. Ask only for what it can: the
    host refuses a request whose questions the client did not declare."""

    elicitation: bool = False
    sampling: bool = False
    roots: bool = False


@dataclass(frozen=True)
class Progress:
    """A progress report, as recorded natively."""

    progress: float
    total: float | None = None
    message: str | None = None


@dataclass(frozen=True)
class LogEntry:
    """An entry for the client's log, as recorded natively: ``data`` is a
    message (a string) or any JSON value."""

    level: LogLevel
    data: Any
    logger: str | None = None


Notification = Progress | LogEntry


@dataclass(frozen=True)
class Elicited:
    """The user's answer to a form: what they did, and the values they
    filled in (empty unless they accepted)."""

    action: Literal["accept", "decline", "cancel"]
    content: dict[str, Any] = field(default_factory=dict)

    @property
    def accepted(self) -> bool:
        """Whether the user submitted the form."""
        return self.action == "accept"

    def content_as(self, cls: type[T]) -> T:
        """The values as an instance of the dataclass (or ``TypedDict``) the
        form was made from. A ``ToolError`` when the user did not accept or
        the values do not fit (a client need not enforce the form)."""
        if not self.accepted:
            raise ToolError("the user did not fill in the form")
        try:
            value: T = decode.from_json(self.content, cls, "the form")
        except decode.DecodeError as error:
            raise ToolError(f"the user's answer does not fit: {error}") from error
        return value


@dataclass(frozen=True)
class Sampled:
    """What the client's model wrote: ``content`` is one MCP content block,
    or a list of them, as sent."""

    role: Role
    content: Any
    model: str = ""
    stop_reason: str | None = None

    @property
    def text(self) -> str | None:
        """The text of the first text block, if any."""
        blocks = self.content if isinstance(self.content, list) else [self.content]
        return next((b["text"] for b in blocks if isinstance(b, dict) and b.get("type") == "text"), None)


@dataclass(frozen=True)
class Root:
    """A root the client exposes (a folder, a repository)."""

    uri: str
    name: str | None = None


class Context:
    """A request's context: what the client can answer, the previous
    round's answers and state, and the line for progress and the client's
    log.

    Args:
        client: What the client can answer (natively: nothing, by default).
        answers: The previous round's answers by key: each the JSON-RPC
            ``result`` of the question asked under that key.
        state: The state the previous round returned, verified by the host.
        send: Where notifications go; natively they are kept in
            ``notifications``.
    """

    def __init__(
        self,
        *,
        client: ClientCapabilities = ClientCapabilities(),
        answers: Mapping[str, Any] | None = None,
        state: bytes | None = None,
        send: Callable[[Notification], None] | None = None,
    ) -> None:
        self.client = client
        self.state = state
        self.notifications: list[Notification] = []
        self._answers = dict(answers or {})
        self._send = send or self.notifications.append

    def answer(self, key: str) -> Any:
        """The client's answer under ``key``, as JSON data; None when it did
        not answer (ask again if the request needs it)."""
        return self._answers.get(key)

    def elicited(self, key: str) -> Elicited | None:
        """The answer to the form asked under ``key``; an answer of another
        shape counts as none."""
        answer = self.answer(key)
        if not isinstance(answer, dict) or answer.get("action") not in ("accept", "decline", "cancel"):
            return None
        content = answer.get("content")
        return Elicited(answer["action"], content if isinstance(content, dict) else {})

    def sampled(self, key: str) -> Sampled | None:
        """The answer to the sampling request asked under ``key``."""
        answer = self.answer(key)
        if not isinstance(answer, dict) or answer.get("role") not in ("user", "assistant") or "content" not in answer:
            return None
        stop = answer.get("stopReason")
        return Sampled(answer["role"], answer["content"], str(answer.get("model", "")), stop)

    def roots(self, key: str) -> list[Root] | None:
        """The roots the client listed, asked for under ``key``."""
        answer = self.answer(key)
        listed = answer.get("roots") if isinstance(answer, dict) else None
        if not isinstance(listed, list) or not all(isinstance(r, dict) and "uri" in r for r in listed):
            return None
        return [Root(str(r["uri"]), r.get("name")) for r in listed]

    def progress(self, progress: float, total: float | None = None, message: str | None = None) -> None:
        """Tells the client how far the request got: ``progress`` grows from
        one report to the next; ``total``, when known, is where it ends. The
        host forwards at most one report every 100 ms (the latest wins), and
        only when the client asked for progress."""
        self._send(Progress(float(progress), None if total is None else float(total), message))

    def log(self, level: LogLevel, data: Any, logger: str | None = None) -> None:
        """Writes to the client's log, if the client asked for entries at
        ``level`` or above: a message (a string) or any JSON value. Unlike
        ``toolhost.log``, the user sees these: never log a secret."""
        if level not in LOG_LEVELS:
            raise ValueError(f"a client log level is one of {', '.join(LOG_LEVELS)}, not {level!r}")
        self._send(LogEntry(level, data if isinstance(data, str) else encode.to_json(data), logger))
