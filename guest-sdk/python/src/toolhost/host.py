"""The host's services that need no request: its own log, which operators
read, and the settings and secrets the operator granted the component.

In the component they are the contract's ``log`` and ``config`` imports
(``toolhost.component`` plugs them in); natively, in unit tests, lines go to
stderr and settings come from the process environment.
"""

from __future__ import annotations

import os
import sys
import typing
from typing import Literal, Protocol

HostLogLevel = Literal["trace", "debug", "info", "warn", "error"]
"""How serious a line in the host's log is."""

HOST_LOG_LEVELS: tuple[str, ...] = typing.get_args(HostLogLevel)


class Host(Protocol):
    """Where host log lines and settings come from."""

    def log(self, level: HostLogLevel, message: str) -> None: ...

    def config(self, name: str) -> str | None: ...


class NativeHost:
    """No host: stderr and the environment stand in for it."""

    def log(self, level: HostLogLevel, message: str) -> None:
        print(f"[{level}] {message}", file=sys.stderr)

    def config(self, name: str) -> str | None:
        return os.environ.get(name)


_current: Host = NativeHost()


def use(host: Host) -> None:
    """Sends host log lines and settings lookups to ``host`` from now on."""
    global _current
    _current = host


def current() -> Host:
    return _current


def log(level: HostLogLevel, message: str) -> None:
    """Writes one line to the host's log. The host tags it with the request
    and caps lines per request; clients never see it (``ctx.log`` writes to
    the client's log). Log what helps an operator understand a failure."""
    if level not in HOST_LOG_LEVELS:
        raise ValueError(f"a host log level is one of {', '.join(HOST_LOG_LEVELS)}, not {level!r}")
    _current.log(level, message)
