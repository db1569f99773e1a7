"""Suggesting values for a prompt argument or a URI template variable as
the user types (``completion/complete``).

A completer is a list of values (those starting with what was typed are
suggested) or a function ``(typed, filled) -> values``, where ``filled``
holds the arguments already filled in. An argument annotated with a
``Literal`` of strings or a string enum completes from its values without
being asked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from . import decode
from .typehints import Field

Completer = Sequence[str] | Callable[[str, Mapping[str, str]], Iterable[str]]


def completers(params: list[Field], given: Mapping[str, Completer] | None, what: str) -> dict[str, Completer]:
    """The completers of a prompt's or template's arguments: those given,
    then choices from annotations. ``ValueError`` for a completer of an
    argument that does not exist, since it could never be asked for."""
    names = {item.name for item in params}
    unknown = sorted(set(given or {}) - names)
    if unknown:
        raise ValueError(f"{what}: completers for arguments it does not have: {', '.join(unknown)}")
    found: dict[str, Completer] = {}
    for item in params:
        choices = decode.text_choices(item.hint)
        if given and item.name in given:
            found[item.name] = given[item.name]
        elif choices is not None:
            found[item.name] = choices
    return found


def complete(completer: Completer | None, typed: str, filled: Mapping[str, str]) -> list[str]:
    """Suggestions, best first; none for an argument without a completer,
    since a client may ask about any argument."""
    if completer is None:
        return []
    if callable(completer):
        return [str(value) for value in completer(typed, filled)]
    return [value for value in completer if value.lower().startswith(typed.lower())]
