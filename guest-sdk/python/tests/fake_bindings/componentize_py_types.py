"""Stand-in for componentize-py's ``componentize_py_types``: what the glue
uses of it."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Err(Exception):
    """The failure case of a ``result``, raised by an export."""

    value: Any
