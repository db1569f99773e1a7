"""JSON Schemas (2020-12) from type hints, so a tool's signature is its
contract: the host validates every call against the input schema before the
component runs, and MCP clients show both schemas to their models.

Only standard keywords and formats appear, so that any validator (the
host's, a client's) reads them alike:

======================================  =========================================
Python                                  JSON Schema
======================================  =========================================
``str`` ``int`` ``float`` ``bool``      ``string`` ``integer`` ``number`` ``boolean``
``None``                                ``{"type": "null"}``
``Any``                                 ``{}`` (any value)
``Literal["a", "b"]``                   ``{"type": "string", "enum": ["a", "b"]}``
``Enum`` subclass                       ``$ref`` to ``{"type": …, "enum": [values]}``
``X | None``, ``Optional[X]``, unions   ``{"anyOf": [X, {"type": "null"}]}``
``list[X]``, ``Sequence[X]``            ``{"type": "array", "items": X}``
``set[X]``, ``frozenset[X]``            the same, with ``"uniqueItems": true``
``tuple[X, Y]``                         ``prefixItems`` with ``minItems``/``maxItems``
``tuple[X, ...]``                       ``{"type": "array", "items": X}``
``dict[str, X]``, ``Mapping[str, X]``   ``{"type": "object", "additionalProperties": X}``
dataclass, ``TypedDict``                ``$ref`` to an object of its fields
``datetime`` ``date`` ``time``          ``string`` with format ``date-time`` ``date`` ``time``
``uuid.UUID``                           ``string`` with format ``uuid``
``Annotated[X, "text"]``                X with ``"description": "text"``
======================================  =========================================

Named types (dataclasses, ``TypedDict``, enums) go to ``$defs`` once and are
referenced, which also makes recursive types possible.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import datetime
import enum
import json
import typing
import uuid
from typing import Any

from . import encode
from .typehints import (
    MISSING,
    Field,
    class_doc,
    is_object_class,
    is_union,
    object_fields,
    strip_annotated,
    without_none,
)

_SCALARS: dict[Any, dict[str, str]] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
    datetime.datetime: {"type": "string", "format": "date-time"},
    datetime.date: {"type": "string", "format": "date"},
    datetime.time: {"type": "string", "format": "time"},
    uuid.UUID: {"type": "string", "format": "uuid"},
}
_SEQUENCES = {list, collections.abc.Sequence, collections.abc.MutableSequence, collections.abc.Iterable}
_SETS = {set, frozenset, collections.abc.Set, collections.abc.MutableSet}
_MAPPINGS = {dict, collections.abc.Mapping, collections.abc.MutableMapping}
#: What MCP lets an elicitation form hold: flat fields of these types.
_FORM_TYPES = {"string", "number", "integer", "boolean"}
_FORM_FORMATS = {"email", "uri", "date", "date-time"}


class SchemaBuilder:
    """Derives schemas for several hints that share one ``$defs``."""

    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self._names: dict[Any, str] = {}

    def of(self, hint: Any) -> dict[str, Any]:
        """The schema of values of type ``hint``; named types it uses are
        added to ``defs``."""
        hint, description = strip_annotated(hint)
        schema = self._of(hint)
        return {**schema, "description": description} if description else schema

    def field(self, item: Field) -> dict[str, Any]:
        """A property's schema: its type's, with its description and default."""
        schema = self.of(item.hint)
        if item.description:
            schema = {**schema, "description": item.description}
        if item.default is not MISSING:
            schema = {**schema, "default": encode.to_json(item.default)}
        return schema

    def object(self, fields: list[Field], description: str | None = None) -> dict[str, Any]:
        """An object with these fields as properties."""
        schema: dict[str, Any] = {"type": "object"}
        if description:
            schema["description"] = description
        schema["properties"] = {item.name: self.field(item) for item in fields}
        required = [item.name for item in fields if item.required]
        if required:
            schema["required"] = required
        return schema

    def document(self, schema: dict[str, Any]) -> dict[str, Any]:
        """``schema`` as a whole document: with the ``$defs`` it refers to,
        and with a root that is a ``$ref`` replaced by what it refers to
        (MCP wants the root of a tool's schemas to be an object)."""
        ref = schema.get("$ref", "")
        if ref.startswith("#/$defs/"):
            name = ref.removeprefix("#/$defs/")
            siblings = {key: value for key, value in schema.items() if key != "$ref"}
            schema = {**self.defs[name], **siblings}
            if f'"{ref}"' not in json.dumps([schema, self.defs]):
                del self.defs[name]
        return {**schema, "$defs": self.defs} if self.defs else schema

    def _of(self, hint: Any) -> dict[str, Any]:
        if hint is Any:
            return {}
        if hint is None:
            return dict(_SCALARS[type(None)])
        if hint in _SCALARS:
            return dict(_SCALARS[hint])
        if is_union(hint):
            return {"anyOf": [self.of(arm) for arm in typing.get_args(hint)]}
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin is typing.Literal:
            return _enum([encode.to_json(value) for value in args])
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            return self._named(hint, lambda: {**_enum([encode.to_json(m.value) for m in hint]), **_doc(hint)})
        if is_object_class(hint):
            return self._named(hint, lambda: self.object(object_fields(hint), class_doc(hint).summary))
        container = origin or hint
        if container is tuple:
            return self._tuple(args, parameterized=origin is not None)
        if container in _SEQUENCES or container in _SETS:
            schema: dict[str, Any] = {"type": "array"}
            if args and args[0] is not Any:
                schema["items"] = self.of(args[0])
            return {**schema, "uniqueItems": True} if container in _SETS else schema
        if container in _MAPPINGS:
            return self._mapping(hint, args)
        raise TypeError(f"{_name(hint)} has no JSON Schema: annotate with JSON-like types (see toolhost.schema)")

    def _tuple(self, args: tuple[Any, ...], parameterized: bool) -> dict[str, Any]:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.of(args[0])}
        if not parameterized:
            return {"type": "array"}
        if not args:  # tuple[()]
            return {"type": "array", "maxItems": 0}
        items = [self.of(arm) for arm in args]
        return {"type": "array", "prefixItems": items, "minItems": len(items), "maxItems": len(items)}

    def _mapping(self, hint: Any, args: tuple[Any, ...]) -> dict[str, Any]:
        if args and strip_annotated(args[0])[0] not in (str, Any):
            raise TypeError(f"{_name(hint)}: a JSON object's keys are strings, so annotate dict[str, ...]")
        schema: dict[str, Any] = {"type": "object"}
        if len(args) == 2 and args[1] is not Any:
            schema["additionalProperties"] = self.of(args[1])
        return schema

    def _named(self, cls: type, build: typing.Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """A ``$ref`` to ``cls``'s entry in ``defs``, made on first use. The
        name is taken before the entry is built, so a recursive type refers
        to itself."""
        name = self._names.get(cls)
        if name is None:
            name, number = cls.__name__, 2
            while name in self.defs:
                name, number = f"{cls.__name__}{number}", number + 1
            self._names[cls], self.defs[name] = name, {}
            self.defs[name] = build()
        return {"$ref": f"#/$defs/{name}"}


def input_schema(params: list[Field]) -> dict[str, Any]:
    """The schema of a call's arguments: an object of the parameters."""
    builder = SchemaBuilder()
    return builder.document(builder.object(params))


def value_schema(hint: Any) -> dict[str, Any]:
    """The schema of values of type ``hint``, as a whole document."""
    builder = SchemaBuilder()
    return builder.document(builder.of(hint))


def form_schema(cls: type) -> dict[str, Any]:
    """The form an elicitation asks the user to fill in, from a dataclass or
    ``TypedDict``. MCP allows only a flat object of strings (some formats),
    numbers, booleans and single choices among strings, so any other field
    is a ``TypeError``. A field that may be None is optional."""
    if not is_object_class(cls):
        raise TypeError(f"an elicitation form is a dataclass or TypedDict, not {_name(cls)}")
    builder = SchemaBuilder()
    fields = []
    for item in object_fields(cls):
        hint, nullable = without_none(item.hint)
        default = MISSING if item.default is None else item.default
        fields.append(dataclasses.replace(item, hint=hint, required=item.required and not nullable, default=default))
    schema = builder.object(fields, class_doc(cls).summary)
    for name, prop in schema["properties"].items():
        ref = prop.pop("$ref", None)
        if ref is not None:
            prop.update({**builder.defs[ref.removeprefix("#/$defs/")], **prop})
        plain = prop.get("type") in _FORM_TYPES and prop.get("format", "email") in _FORM_FORMATS
        if not plain or ("enum" in prop and prop["type"] != "string"):
            raise TypeError(
                f"{_name(cls)}.{name}: an elicitation form holds only str, int, float, bool and string choices"
            )
    return schema


def _enum(values: list[Any]) -> dict[str, Any]:
    """An ``enum``, with its ``type`` when every value has the same one."""
    kinds = {_json_type(value) for value in values}
    return {"type": kinds.pop(), "enum": values} if len(kinds) == 1 and None not in kinds else {"enum": values}


def _json_type(value: Any) -> str | None:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else None


def _doc(cls: type) -> dict[str, str]:
    summary = class_doc(cls).summary
    return {"description": summary} if summary else {}


def _name(hint: Any) -> str:
    return hint.__name__ if isinstance(hint, type) else repr(hint)
