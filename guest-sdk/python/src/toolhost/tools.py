"""A tool: a typed function, described to clients by schemas derived from
its signature and by its docstring, and run with decoded arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import decode, functions, outputs, schema
from .asking import InputRequired
from .context import Context
from .errors import InvalidInput
from .outputs import ToolResult


@dataclass(frozen=True)
class ToolAnnotations:
    """Hints for clients about how a tool behaves; None means MCP's default.
    Clients treat them as untrusted.

    Args:
        read_only: It does not modify its environment (default: False).
        destructive: Its updates may be destructive (default: True).
        idempotent: Repeating a call with the same arguments has no further
            effect (default: False).
        open_world: It talks to an open world, such as the web (default: True).
    """

    read_only: bool | None = None
    destructive: bool | None = None
    idempotent: bool | None = None
    open_world: bool | None = None


class Tool:
    """One tool, as listed to clients and as run for them.

    Made by the ``@tool`` decorator; the constructor takes the same
    arguments and raises ``TypeError`` for a signature a client could not
    call or whose types have no JSON Schema.
    """

    def __init__(
        self,
        fn: Callable[..., Any],
        *,
        name: str | None = None,
        title: str | None = None,
        description: str | None = None,
        annotations: ToolAnnotations | None = None,
    ) -> None:
        self.name = name or fn.__name__
        self.fn = fn
        self.signature = functions.signature(fn, f"tool {self.name}")
        self.title = title
        self.description = description or self.signature.doc.summary
        self.annotations = annotations
        try:
            self.input_schema = schema.input_schema(self.signature.params)
            self.output = outputs.output_shape(self.signature.returns)
        except TypeError as error:
            raise TypeError(f"tool {self.name}: {error}") from error

    @property
    def output_schema(self) -> dict[str, Any] | None:
        """The schema of structured results; None for text and content."""
        return self.output.schema

    def run(self, arguments: Mapping[str, Any], ctx: Context) -> ToolResult | InputRequired:
        """Runs the tool with ``arguments`` (JSON data that passed the input
        schema). Returns the result or the questions it asks; raises only
        ``ToolError``."""

        def call() -> ToolResult | InputRequired:
            value = self.signature.call(self._decode(arguments), ctx)
            return value if isinstance(value, InputRequired) else self.output.result(value)

        return functions.guarded(f"tool {self.name}", call)

    def _decode(self, arguments: Mapping[str, Any]) -> dict[str, Any]:
        """The arguments as the annotated Python types; missing optional
        ones are left to their defaults."""
        missing = [item.name for item in self.signature.params if item.required and item.name not in arguments]
        if missing:
            raise InvalidInput(f"missing arguments: {', '.join(missing)}")
        try:
            return {
                item.name: decode.from_json(arguments[item.name], item.hint, item.name)
                for item in self.signature.params
                if item.name in arguments
            }
        except decode.DecodeError as error:
            raise InvalidInput(str(error)) from error
