"""JSON values (and plain strings) → the Python types a function annotates,
so a tool gets a ``Point``, a ``Color`` or a ``tuple`` rather than the dicts,
strings and lists JSON has.

The host has already validated a call's arguments against the schema
derived from the same annotations, so a value that does not fit means the
schema and the annotation disagree; it is still reported, as
``DecodeError``, naming where in the arguments it was.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime
import enum
import typing
import uuid
from typing import Any

from .typehints import is_typeddict, is_union, object_fields, strip_annotated, without_none

_ISO_TYPES = (datetime.datetime, datetime.date, datetime.time)
_SEQUENCES = {list, collections.abc.Sequence, collections.abc.MutableSequence, collections.abc.Iterable}
_SETS = {set, collections.abc.Set, collections.abc.MutableSet}
_MAPPINGS = {dict, collections.abc.Mapping, collections.abc.MutableMapping}
_TEXT_SCALARS = (str, int, float, bool)


class DecodeError(ValueError):
    """A value does not fit its annotation."""


def from_json(value: Any, hint: Any, where: str) -> Any:
    """``value`` (JSON data) as an instance of ``hint``; ``where`` names
    the value in errors (``text``, ``points[2].x``)."""
    hint, _ = strip_annotated(hint)
    if hint is Any:
        return value
    if hint is None or hint is type(None):
        return _expect(value, value is None, "null", where)
    if hint in (bool, str):
        return _expect(value, isinstance(value, hint), hint.__name__, where)
    if hint is int:
        whole = isinstance(value, float) and value.is_integer()
        return int(_expect(value, whole or (_is_number(value) and isinstance(value, int)), "an integer", where))
    if hint is float:
        return float(_expect(value, _is_number(value), "a number", where))
    if hint in _ISO_TYPES:
        return _iso(value, hint, where)
    if hint is uuid.UUID:
        return _parsed(lambda: uuid.UUID(_expect(value, isinstance(value, str), "a UUID", where)), where)
    if is_union(hint):
        return _union(value, typing.get_args(hint), where)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Literal:
        return _literal(value, args, where)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _parsed(lambda: hint(value), where)
    if isinstance(hint, type) and (dataclasses.is_dataclass(hint) or is_typeddict(hint)):
        return _object(value, hint, where)
    return _container(value, hint, origin or hint, args, where)


def from_text(text: str, hint: Any, where: str) -> Any:
    """A prompt argument or a URI template variable (always a string) as
    an instance of ``hint``: one that ``check_text_hint`` accepted."""
    hint, _ = without_none(strip_annotated(hint)[0])
    if hint is str:
        return text
    if hint is bool:
        if text.lower() not in ("true", "false"):
            raise DecodeError(f"{where}: expected true or false, got {text!r}")
        return text.lower() == "true"
    if hint in (int, float):
        return _parsed(lambda: hint(text), where)
    choices = text_choices(hint) or []
    if text not in choices:
        raise DecodeError(f"{where}: expected one of {', '.join(choices)}, got {text!r}")
    if typing.get_origin(hint) is typing.Literal:
        return text
    return hint(text)


def check_text_hint(hint: Any, where: str) -> None:
    """Raises ``TypeError`` unless a string can be turned into ``hint``:
    ``str``, ``int``, ``float``, ``bool``, a ``Literal`` of strings or an
    enum of strings, optionally ``| None``."""
    base, _ = without_none(strip_annotated(hint)[0])
    if base not in _TEXT_SCALARS and text_choices(base) is None:
        raise TypeError(f"{where} is a string: annotate it str, int, float, bool, a Literal of strings or a str Enum")


def text_choices(hint: Any) -> list[str] | None:
    """The values a ``Literal`` of strings or an enum of strings allows, or
    None for any other hint; what completions suggest for it."""
    hint, _ = without_none(strip_annotated(hint)[0])
    if typing.get_origin(hint) is typing.Literal:
        values = list(typing.get_args(hint))
    elif isinstance(hint, type) and issubclass(hint, enum.Enum):
        values = [member.value for member in hint]
    else:
        return None
    return values if all(isinstance(value, str) for value in values) else None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _expect(value: Any, fits: bool, expected: str, where: str) -> Any:
    if not fits:
        raise DecodeError(f"{where}: expected {expected}, got {_kind(value)}")
    return value


def _parsed(make: typing.Callable[[], Any], where: str) -> Any:
    """Runs a constructor, turning its complaint into a ``DecodeError``."""
    try:
        return make()
    except (TypeError, ValueError) as error:
        raise DecodeError(f"{where}: {error}") from error


def _iso(value: Any, hint: Any, where: str) -> Any:
    text = _expect(value, isinstance(value, str), "an ISO 8601 string", where)
    return _parsed(lambda: hint.fromisoformat(text), where)


def _union(value: Any, arms: tuple[Any, ...], where: str) -> Any:
    """The first arm that takes ``value``, in the order written."""
    problems = []
    for arm in arms:
        try:
            return from_json(value, arm, where)
        except DecodeError as error:
            problems.append(str(error).removeprefix(f"{where}: "))
    raise DecodeError(f"{where}: fits none of its types ({'; '.join(problems)})")


def _literal(value: Any, allowed: tuple[Any, ...], where: str) -> Any:
    for option in allowed:
        plain = option.value if isinstance(option, enum.Enum) else option
        if plain == value and type(plain) is type(value):
            return option
    raise DecodeError(f"{where}: expected one of {list(allowed)!r}, got {value!r}")


def _object(value: Any, cls: type, where: str) -> Any:
    """A dataclass instance or a ``TypedDict``. Keys the class does not
    declare are left out."""
    data = _expect(value, isinstance(value, dict), "an object", where)
    fields = object_fields(cls)
    missing = [item.name for item in fields if item.required and item.name not in data]
    if missing:
        raise DecodeError(f"{where}: missing {', '.join(missing)}")
    decoded = {
        item.name: from_json(data[item.name], item.hint, f"{where}.{item.name}") for item in fields if item.name in data
    }
    return cls(**decoded)


def _container(value: Any, hint: Any, container: Any, args: tuple[Any, ...], where: str) -> Any:
    item_hint = args[0] if args else Any
    if container is tuple:
        items = _expect(value, isinstance(value, list), "an array", where)
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            return tuple(from_json(item, item_hint, f"{where}[{i}]") for i, item in enumerate(items))
        if len(items) != len(args):
            raise DecodeError(f"{where}: expected {len(args)} items, got {len(items)}")
        return tuple(
            from_json(item, arm, f"{where}[{i}]") for i, (item, arm) in enumerate(zip(items, args, strict=True))
        )
    if container in _SEQUENCES or container in _SETS or container is frozenset:
        items = _expect(value, isinstance(value, list), "an array", where)
        decoded = [from_json(item, item_hint, f"{where}[{i}]") for i, item in enumerate(items)]
        if container is frozenset:
            return frozenset(decoded)
        return set(decoded) if container in _SETS else decoded
    if container in _MAPPINGS:
        data = _expect(value, isinstance(value, dict), "an object", where)
        value_hint = args[1] if len(args) == 2 else Any
        return {key: from_json(item, value_hint, f"{where}.{key}") for key, item in data.items()}
    raise TypeError(f"{where}: cannot decode into {hint!r}")


def _kind(value: Any) -> str:
    """How JSON would name a value's type, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (int, float)):
        return "a number"
    return "an array" if isinstance(value, list) else "an object"
