"""What a tool's return value becomes: content for the model and, when the
return annotation is structured data, a structured result with an output
schema.

==========================================  =====================================
Return annotation                           Result
==========================================  =====================================
``str``, ``None``, none, ``Any``            text only (no output schema)
content blocks, lists of them               those blocks (no output schema)
``ToolResult``                              exactly what it holds
dataclass, ``TypedDict``, ``dict[str, X]``  structured, schema of the type, + text
anything else (``int``, ``list[X]``, …)     structured ``{"result": …}`` + text
==========================================  =====================================

A structured result is repeated as a text block of the same JSON (the
unwrapped value), for clients that show only text. ``InputRequired`` arms
of a union (``-> Report | InputRequired``) are ignored: asking is not a
result.
"""

from __future__ import annotations

import collections.abc
import inspect
import typing
from dataclasses import dataclass, field
from typing import Any

from . import encode, schema
from .asking import InputRequired
from .content import CONTENT_TYPES, Content, Text
from .typehints import Field, is_union, strip_annotated

_TEXT_HINTS = (str, type(None), None, Any)


@dataclass
class ToolResult:
    """A tool's result, built by hand: several blocks, and optionally a
    structured value (JSON data) besides them.

    Return one when the derived result is not what you want, such as a
    chart image together with the numbers it shows.
    """

    content: list[Content] = field(default_factory=list)
    structured: Any = None

    @property
    def text_blocks(self) -> list[str]:
        """The text of the text blocks, in order; for tests."""
        return [block.text for block in self.content if isinstance(block, Text)]


@dataclass(frozen=True)
class OutputShape:
    """How a tool's results are shaped: the output schema it declares (None
    for text and content) and whether results are wrapped in
    ``{"result": …}`` to make the schema's root an object, as MCP requires."""

    schema: dict[str, Any] | None
    wrapped: bool = False

    def result(self, value: Any) -> ToolResult:
        """A returned value as a result; ``TypeError`` when it has no JSON
        form or does not fit the shape."""
        if isinstance(value, ToolResult):
            return value
        if self.schema is None:
            return ToolResult(_blocks(value))
        data = encode.to_json(value)
        if not self.wrapped and not isinstance(data, dict):
            raise TypeError(f"the tool returned {type(value).__name__}, but its output schema wants an object")
        structured = {"result": data} if self.wrapped else data
        return ToolResult([Text(encode.dumps(data))], structured)


def output_shape(annotation: Any) -> OutputShape:
    """The shape of results from a return annotation; ``TypeError`` when
    it has no JSON Schema."""
    hint = _without_asking(strip_annotated(annotation)[0])
    if hint is inspect.Parameter.empty or _is_text_or_content(hint) or hint is ToolResult:
        return OutputShape(None)
    value_schema = schema.value_schema(hint)
    if value_schema.get("type") == "object":
        return OutputShape(value_schema)
    return OutputShape(schema.input_schema([Field("result", hint, None, True)]), wrapped=True)


def _without_asking(hint: Any) -> Any:
    """``X | InputRequired`` → ``X``; ``InputRequired`` alone → ``None``."""
    if hint is InputRequired:
        return None
    if not is_union(hint):
        return hint
    arms = [arm for arm in typing.get_args(hint) if arm is not InputRequired]
    return typing.Union[tuple(arms)] if len(arms) > 1 else arms[0]


def _is_text_or_content(hint: Any) -> bool:
    """Text, content blocks, lists of blocks (and strings), and unions of
    those. A list of strings alone is data: structured."""
    hint = strip_annotated(hint)[0]
    if hint in _TEXT_HINTS or hint in CONTENT_TYPES:
        return True
    if is_union(hint):
        return all(_is_text_or_content(arm) for arm in typing.get_args(hint))
    if typing.get_origin(hint) in (list, tuple, collections.abc.Sequence):
        arms = [arm for item in typing.get_args(hint) if item is not Ellipsis for arm in _arms(item)]
        return any(arm in CONTENT_TYPES for arm in arms) and all(arm in (str, *CONTENT_TYPES) for arm in arms)
    return False


def _arms(hint: Any) -> tuple[Any, ...]:
    hint = strip_annotated(hint)[0]
    return typing.get_args(hint) if is_union(hint) else (hint,)


def _blocks(value: Any) -> list[Content]:
    """An unstructured result's blocks: strings become text, blocks stay,
    None is nothing, and other data is shown as JSON text."""
    if value is None:
        return []
    if isinstance(value, str):
        return [Text(value)]
    if isinstance(value, CONTENT_TYPES):
        return [value]
    if isinstance(value, (list, tuple)) and all(isinstance(item, (str, *CONTENT_TYPES)) for item in value):
        return [Text(item) if isinstance(item, str) else item for item in value]
    return [Text(encode.dumps(value))]
