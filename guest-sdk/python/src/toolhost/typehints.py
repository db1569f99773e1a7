"""Reading type hints: the one place that knows how ``Annotated``,
``Optional``, ``X | None``, dataclasses and ``TypedDict`` look at run time,
so that the schema, the decoder and the form builder agree on them.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass
from typing import Any, Union

from . import docstrings


class _Missing:
    """The type of ``MISSING``; ``dataclasses.MISSING`` cannot serve, since
    a dataclass field defaulting to it would have no default."""

    def __repr__(self) -> str:
        return "MISSING"


#: Marks a field or parameter without a default.
MISSING: Any = _Missing()

_FIELD_QUALIFIERS = {typing.Required, typing.NotRequired}
if hasattr(typing, "ReadOnly"):  # Python 3.13+
    _FIELD_QUALIFIERS.add(typing.ReadOnly)


@dataclass(frozen=True)
class Field:
    """One field of a dataclass or ``TypedDict``, or one parameter of a
    function: its JSON name, its type (``Annotated`` removed) and what the
    model reads about it."""

    name: str
    hint: Any
    description: str | None
    required: bool
    default: Any = MISSING


def strip_annotated(hint: Any) -> tuple[Any, str | None]:
    """``Annotated[X, "text", ...]`` → ``(X, "text")``: the first string in
    the metadata is the description. Anything else comes back as it is."""
    if typing.get_origin(hint) is typing.Annotated:
        base, *metadata = typing.get_args(hint)
        text = next((item for item in metadata if isinstance(item, str)), None)
        inner, inner_text = strip_annotated(base)
        return inner, text if text is not None else inner_text
    return hint, None


def is_union(hint: Any) -> bool:
    """``Union[...]``, ``Optional[...]`` and ``X | Y`` alike."""
    origin = typing.get_origin(hint)
    return origin is Union or origin is types.UnionType


def without_none(hint: Any) -> tuple[Any, bool]:
    """``X | None`` → ``(X, True)``; a hint that cannot be None → ``(hint,
    False)``. A union of several other arms stays a union."""
    if not is_union(hint):
        return hint, False
    arms = [arm for arm in typing.get_args(hint) if arm is not type(None)]
    if len(arms) == len(typing.get_args(hint)):
        return hint, False
    return (arms[0] if len(arms) == 1 else Union[tuple(arms)]), True


def is_typeddict(hint: Any) -> bool:
    return isinstance(hint, type) and typing.is_typeddict(hint)


def is_object_class(hint: Any) -> bool:
    """A class whose instances are JSON objects with named fields."""
    return isinstance(hint, type) and (dataclasses.is_dataclass(hint) or is_typeddict(hint))


def class_doc(cls: type) -> docstrings.Docstring:
    """The docstring its author wrote, if any. A dataclass without one gets
    a generated signature (``Point(x: int, y: int)``), which says nothing a
    schema does not say better."""
    doc = cls.__dict__.get("__doc__")
    if dataclasses.is_dataclass(cls) and doc and doc.startswith(cls.__name__ + "("):
        doc = None
    return docstrings.parse(doc)


def object_fields(cls: type) -> list[Field]:
    """The fields of a dataclass (those ``__init__`` takes) or of a
    ``TypedDict``, in order, with their descriptions: ``Annotated`` text
    first, else the class docstring's ``Attributes:`` (or ``Args:``)
    section."""
    hints = typing.get_type_hints(cls, include_extras=True)
    params = class_doc(cls).params
    found: list[Field] = []
    if dataclasses.is_dataclass(cls):
        for item in dataclasses.fields(cls):
            if not item.init:
                continue
            hint, text = strip_annotated(hints[item.name])
            required = item.default is dataclasses.MISSING and item.default_factory is dataclasses.MISSING
            default = MISSING if item.default is dataclasses.MISSING else item.default
            found.append(Field(item.name, hint, text or params.get(item.name), required, default))
        return found
    for name, raw in hints.items():
        hint, text = strip_annotated(_without_qualifiers(raw))
        found.append(Field(name, hint, text or params.get(name), name in getattr(cls, "__required_keys__", ())))
    return found


def _without_qualifiers(hint: Any) -> Any:
    """``NotRequired[X]``, ``Required[X]``, ``ReadOnly[X]`` → ``X``: the
    class's required keys already say what they meant."""
    while typing.get_origin(hint) in _FIELD_QUALIFIERS:
        (hint,) = typing.get_args(hint)
    return hint
