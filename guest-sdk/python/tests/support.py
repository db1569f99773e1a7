"""Shared by the tests: the SDK from this working tree (not an installed
copy) and the fake bindings on the path, and a host that records."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SDK = HERE.parent
for path in (HERE / "fake_bindings", SDK / "src"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from toolhost import host  # noqa: E402


class RecordingHost:
    """A host whose log is a list and whose settings are a dict."""

    def __init__(self, settings: dict[str, str] | None = None) -> None:
        self.lines: list[tuple[str, str]] = []
        self.settings = settings or {}

    def log(self, level: host.HostLogLevel, message: str) -> None:
        self.lines.append((level, message))

    def config(self, name: str) -> str | None:
        return self.settings.get(name)


def record_host(test: object, settings: dict[str, str] | None = None) -> RecordingHost:
    """Installs a recording host for one test (restoring the previous one
    afterwards), so expected failures do not print tracebacks."""
    recording, previous = RecordingHost(settings), host.current()
    host.use(recording)
    test.addCleanup(host.use, previous)  # type: ignore[attr-defined]
    return recording
