"""Prompts a component serves: templates of messages a user picks in the
client, filled in with their arguments.

A prompt's function takes its arguments as parameters (strings, or
``int``, ``float``, ``bool``, ``Literal`` and string enums, converted; one
with a default is optional) and returns a string (one user message), a
content block, a ``Message``, a list of those, or a ``PromptResult``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import completion, decode, functions
from .asking import InputRequired
from .content import CONTENT_TYPES, Message
from .context import Context
from .errors import InvalidInput


@dataclass(frozen=True)
class PromptArgument:
    """One argument a prompt takes, as listed to clients."""

    name: str
    description: str | None
    required: bool


@dataclass
class PromptResult:
    """A prompt, filled in."""

    messages: list[Message] = field(default_factory=list)
    description: str | None = None


class Prompt:
    """One prompt, as listed to clients and as filled in for them. Made by
    the ``@prompt`` decorator."""

    def __init__(
        self,
        fn: Callable[..., Any],
        *,
        name: str | None = None,
        title: str | None = None,
        description: str | None = None,
        complete: Mapping[str, completion.Completer] | None = None,
    ) -> None:
        self.name, self.fn, self.title = name or fn.__name__, fn, title
        what = f"prompt {self.name}"
        self.signature = functions.signature(fn, what)
        for item in self.signature.params:
            decode.check_text_hint(item.hint, f"{what}: argument {item.name}")
        self.description = description or self.signature.doc.summary
        self.arguments = [PromptArgument(item.name, item.description, item.required) for item in self.signature.params]
        self.completers = completion.completers(self.signature.params, complete, what)

    def get(self, arguments: Mapping[str, str], ctx: Context) -> PromptResult | InputRequired:
        """The prompt filled in with ``arguments`` (by name), or the
        questions its function asks."""

        def call() -> PromptResult | InputRequired:
            missing = [item.name for item in self.signature.params if item.required and item.name not in arguments]
            if missing:
                raise InvalidInput(f"missing arguments: {', '.join(missing)}")
            try:
                decoded = {
                    item.name: decode.from_text(arguments[item.name], item.hint, item.name)
                    for item in self.signature.params
                    if item.name in arguments
                }
            except decode.DecodeError as error:
                raise InvalidInput(str(error)) from error
            return self._result(self.signature.call(decoded, ctx))

        return functions.guarded(f"prompt {self.name}", call)

    def _result(self, value: Any) -> PromptResult | InputRequired:
        if isinstance(value, (InputRequired, PromptResult)):
            return value
        items = value if isinstance(value, list) else [value]
        return PromptResult([_message(item) for item in items], self.description)


def _message(item: Any) -> Message:
    if isinstance(item, Message):
        return item
    if isinstance(item, (str, *CONTENT_TYPES)):
        return Message(item)
    raise TypeError(f"a prompt's message is a str, a content block or a Message, not {type(item).__name__}")
