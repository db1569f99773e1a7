"""Descriptions from docstrings: what a model reads to choose a tool and to
fill in its arguments.

A docstring's first paragraph describes the function (or class); its
parameter section, in any of the three common styles, describes each
parameter (or field):

- Google: an ``Args:`` (``Arguments:``, ``Parameters:``, ``Attributes:``)
  header, then ``name (type): text`` lines, continued on more indented lines;
- NumPy: a ``Parameters`` (or ``Attributes``) header underlined with dashes,
  then ``name : type`` lines with the text indented below;
- reST: ``:param name: text`` (also ``:param type name:``, ``:ivar name:``).
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field

_GOOGLE_HEADERS = {"args", "arguments", "parameters", "params", "attributes", "fields"}
_NUMPY_HEADERS = {"parameters", "attributes", "other parameters"}
_GOOGLE_ENTRY = re.compile(r"^\*{0,2}(\w+)\s*(?:\([^)]*\))?\s*:\s*(.*)$")
_NUMPY_ENTRY = re.compile(r"^(\w+)\s*(?::.*)?$")
_REST_ENTRY = re.compile(r"^:(?:param|parameter|arg|argument|ivar|var)\s+(?:[^:]*\s)?(\w+)\s*:\s*(.*)$")
_REST_FIELD = re.compile(r"^:\w+")
_DASHES = re.compile(r"^-{3,}$")


@dataclass(frozen=True)
class Docstring:
    """A docstring taken apart: the summary and each parameter's text."""

    summary: str | None = None
    params: dict[str, str] = field(default_factory=dict)


def parse(doc: str | None) -> Docstring:
    """Splits ``doc`` into its first paragraph and its parameter texts.

    Lines are joined with single spaces, since clients show descriptions as
    flowing text.
    """
    if not doc or not doc.strip():
        return Docstring()
    lines = inspect.cleandoc(doc).splitlines()
    summary_lines: list[str] = []
    for number, line in enumerate(lines):
        underlined = number + 1 < len(lines) and _DASHES.match(lines[number + 1].strip())
        if not line.strip() or underlined or _starts_section(line) or _REST_FIELD.match(line):
            break
        summary_lines.append(line.strip())
    summary = " ".join(summary_lines) or None
    params = {**_google(lines), **_numpy(lines), **_rest(lines)}
    return Docstring(summary, params)


def _starts_section(line: str) -> bool:
    """A Google section header such as ``Args:`` or ``Returns:``."""
    stripped = line.strip()
    return stripped.endswith(":") and line == line.lstrip() and " " not in stripped[:-1].strip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _google(lines: list[str]) -> dict[str, str]:
    params: dict[str, list[str]] = {}
    inside, entry_indent, current = False, -1, None
    for line in lines:
        if not line.strip():
            continue
        if _indent(line) == 0:
            inside = line.strip().rstrip(":").lower() in _GOOGLE_HEADERS and line.rstrip().endswith(":")
            entry_indent, current = -1, None
            continue
        if not inside:
            continue
        if entry_indent < 0:
            entry_indent = _indent(line)
        if _indent(line) == entry_indent:
            match = _GOOGLE_ENTRY.match(line.strip())
            current = match.group(1) if match else None
            if current is not None and match is not None:
                params[current] = [match.group(2).strip()]
        elif current is not None:
            params[current].append(line.strip())
    return _joined(params)


def _numpy(lines: list[str]) -> dict[str, str]:
    params: dict[str, list[str]] = {}
    inside, current = False, None
    for number, line in enumerate(lines):
        underlined = number + 1 < len(lines) and _DASHES.match(lines[number + 1].strip())
        if underlined and _indent(line) == 0:
            inside, current = line.strip().lower() in _NUMPY_HEADERS, None
            continue
        if not inside or not line.strip() or _DASHES.match(line.strip()):
            continue
        if _indent(line) == 0:
            match = _NUMPY_ENTRY.match(line.strip())
            current = match.group(1) if match else None
            if current is not None:
                params[current] = []
        elif current is not None:
            params[current].append(line.strip())
    return _joined(params)


def _rest(lines: list[str]) -> dict[str, str]:
    params: dict[str, list[str]] = {}
    current = None
    for line in lines:
        match = _REST_ENTRY.match(line.strip())
        if match:
            current = match.group(1)
            params[current] = [match.group(2).strip()]
        elif _REST_FIELD.match(line.strip()) or not line.strip() or _indent(line) == 0:
            current = None
        elif current is not None:
            params[current].append(line.strip())
    return _joined(params)


def _joined(params: dict[str, list[str]]) -> dict[str, str]:
    joined = {name: " ".join(part for part in parts if part) for name, parts in params.items()}
    return {name: text for name, text in joined.items() if text}
