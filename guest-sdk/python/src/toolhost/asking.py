"""Asking the client for input: the questions a request ends with when it
cannot finish alone.

A component keeps nothing between requests, so asking is not a call that
waits: the function returns (or raises) ``InputRequired`` with questions
under keys and state of its own; the host asks the client, then runs the
function again, in a fresh instance, with the answers and the state in its
``Context``::

    @tool
    def purge(folder: str, ctx: Context) -> str:
        answer = ctx.elicited("confirm")
        if answer is None:
            return InputRequired().elicit("confirm", f"Empty {folder}?", Confirm).with_state(b"...")
        ...
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from . import schema
from .content import Audio, Image, Message, Text


@dataclass(frozen=True)
class Question:
    """One question: what kind, and the params of the MCP request that asks
    it (``elicitation/create``, ``sampling/createMessage``; none for
    ``roots/list``)."""

    kind: Literal["elicitation", "sampling", "roots"]
    params: dict[str, Any] | None = None


class InputRequired(Exception):
    """A request's questions for the client, and the state it wants back.

    Build it with the chaining methods and return it (or raise it). Ask only
    for what ``ctx.client`` says the client can answer, and give at least
    one question or some state. Asking again under a key replaces the
    earlier question, in its place.
    """

    def __init__(self) -> None:
        super().__init__()
        self.requests: dict[str, Question] = {}
        self.state: bytes | None = None

    def __str__(self) -> str:
        return f"input required: {', '.join(self.requests) or 'state only'}"

    def elicit(self, key: str, message: str, form: type | Mapping[str, Any]) -> InputRequired:
        """Asks the user to fill in a form (``elicitation/create``):
        ``message`` says why, ``form`` what to fill in: a dataclass or
        ``TypedDict`` of strings, numbers, booleans and string choices (the
        answer's ``content_as`` gives one back), or a JSON Schema as a dict.
        Read the answer with ``ctx.elicited(key)``."""
        requested = dict(form) if isinstance(form, Mapping) else schema.form_schema(form)
        return self._ask(key, Question("elicitation", {"message": message, "requestedSchema": requested}))

    def sample(
        self,
        key: str,
        messages: str | Sequence[str | Message],
        *,
        max_tokens: int,
        system_prompt: str | None = None,
        temperature: float | None = None,
        stop_sequences: Sequence[str] = (),
        model_hints: Sequence[str] = (),
    ) -> InputRequired:
        """Asks the client's model to write something
        (``sampling/createMessage``). The client may show the request to its
        user, change it or refuse it. Read the answer with
        ``ctx.sampled(key)``.

        Args:
            messages: The conversation so far: one user message as a string,
                or a list of strings (user messages) and ``Message``s.
            max_tokens: The longest answer wanted, in tokens.
            system_prompt: The system prompt to use, if the client allows one.
            temperature: How random the answer may be.
            stop_sequences: Strings that end the answer when the model writes them.
            model_hints: Model names (or parts of them) to prefer, best first.
        """
        conversation = [messages] if isinstance(messages, str) else list(messages)
        params: dict[str, Any] = {
            "messages": [_sampling_message(Message(m) if isinstance(m, str) else m) for m in conversation],
            "maxTokens": max_tokens,
        }
        if system_prompt is not None:
            params["systemPrompt"] = system_prompt
        if temperature is not None:
            params["temperature"] = temperature
        if stop_sequences:
            params["stopSequences"] = list(stop_sequences)
        if model_hints:
            params["modelPreferences"] = {"hints": [{"name": name} for name in model_hints]}
        return self._ask(key, Question("sampling", params))

    def roots(self, key: str) -> InputRequired:
        """Asks which roots (folders, repositories) the client exposes
        (``roots/list``). Read the answer with ``ctx.roots(key)``."""
        return self._ask(key, Question("roots"))

    def with_state(self, state: bytes | str) -> InputRequired:
        """Sets what the next round gets back as ``ctx.state`` (a string is
        stored as UTF-8). The host seals it, so the client can neither read
        nor change it; keep it small, since it travels to the client and
        back."""
        self.state = state.encode() if isinstance(state, str) else bytes(state)
        return self

    def check(self) -> None:
        """Raises ``ValueError`` when nothing is asked and there is no state:
        the host would refuse it."""
        if not self.requests and self.state is None:
            raise ValueError("InputRequired needs at least one question or some state")

    def _ask(self, key: str, question: Question) -> InputRequired:
        self.requests[key] = question
        return self


def _sampling_message(message: Message) -> dict[str, Any]:
    """A message as ``sampling/createMessage`` carries it: text, an image or
    a sound."""
    block = message.content
    if isinstance(block, Text):
        content: dict[str, Any] = {"type": "text", "text": block.text}
    elif isinstance(block, (Image, Audio)):
        kind = "image" if isinstance(block, Image) else "audio"
        content = {"type": kind, "data": base64.b64encode(block.data).decode(), "mimeType": block.mime_type}
    else:
        raise TypeError(f"a sampling message holds text, an image or a sound, not {type(block).__name__}")
    return {"role": message.role, "content": content}
