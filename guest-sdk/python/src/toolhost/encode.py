"""Python values → JSON values: what a tool returns as structured output,
what a schema shows as a default, what a client log entry carries.

The mapping mirrors the schema's (``schema.py``), so that an encoded result
fits the output schema derived from the same annotation: dataclasses become
objects of their fields, enums their values, tuples and sets arrays, dates
ISO 8601 strings.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import math
import uuid
from collections.abc import Mapping
from typing import Any


def to_json(value: Any) -> Any:
    """``value`` as plain JSON data (dicts, lists, strings, numbers, bools,
    None), or ``TypeError`` naming what has no JSON form."""
    if isinstance(value, enum.Enum):
        return to_json(value.value)
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise TypeError(f"{value} has no JSON form")
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {item.name: to_json(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {_key(key): to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return [to_json(item) for item in _ordered(value)]
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"a {type(value).__name__} has no JSON form")


def dumps(value: Any) -> str:
    """``value`` serialized as compact JSON, non-ASCII text kept as it is."""
    return json.dumps(to_json(value), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _key(key: Any) -> str:
    if isinstance(key, enum.Enum):
        key = key.value
    if not isinstance(key, str):
        raise TypeError(f"a JSON object's keys are strings, not {type(key).__name__}")
    return key


def _ordered(items: set[Any] | frozenset[Any]) -> list[Any]:
    """A set's items in a stable order, so equal results serialize alike."""
    try:
        return sorted(items)
    except TypeError:
        return sorted(items, key=repr)
