"""An author's function, as tools, prompts and resources use it: what its
signature says (parameters, their descriptions, whether it wants the
``Context``), and calling it so that whatever it does ends as a result, a
question for the client or a ``ToolError``, never as a crash.
"""

from __future__ import annotations

import inspect
import traceback
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from . import docstrings, host
from .asking import InputRequired
from .context import Context
from .errors import ToolError, from_exception
from .typehints import MISSING, Field, strip_annotated, without_none

T = TypeVar("T")

_UNSUPPORTED_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: "positional-only",
    inspect.Parameter.VAR_POSITIONAL: "*args",
    inspect.Parameter.VAR_KEYWORD: "**kwargs",
}


@dataclass(frozen=True)
class Signature:
    """What a function's signature and docstring say.

    Args:
        params: The parameters a client fills in, in order (the ``Context``
            parameter is not one of them).
        context_param: The name of the parameter that gets the ``Context``.
        returns: The return annotation (``inspect.Parameter.empty`` if none).
        doc: The parsed docstring.
    """

    fn: Callable[..., Any]
    params: list[Field]
    context_param: str | None
    returns: Any
    doc: docstrings.Docstring

    def call(self, arguments: Mapping[str, Any], ctx: Context) -> Any:
        """Calls the function with ``arguments`` (by name) and, if it asks,
        the context."""
        extra = {self.context_param: ctx} if self.context_param else {}
        return self.fn(**arguments, **extra)


def signature(fn: Callable[..., Any], what: str) -> Signature:
    """Reads ``fn``'s signature; ``TypeError`` (naming ``what``, such as
    ``tool word_count``) for what a client could not call: async functions,
    unannotated parameters, ``*args`` and the like."""
    if inspect.iscoroutinefunction(fn):
        raise TypeError(f"{what}: components run requests synchronously, so define it with def, not async def")
    try:
        hints = typing.get_type_hints(fn, include_extras=True)
    except NameError as error:
        problem = f"{what}: its annotations name something undefined ({error})"
        raise TypeError(f"{problem}; define it at module level") from error
    doc = docstrings.parse(fn.__doc__)
    params, context_param = [], None
    for param in inspect.signature(fn).parameters.values():
        if param.kind in _UNSUPPORTED_KINDS:
            raise TypeError(f"{what}: parameter {param.name} is {_UNSUPPORTED_KINDS[param.kind]}; use named parameters")
        if param.name not in hints:
            raise TypeError(f"{what}: annotate parameter {param.name} (Any for any JSON value)")
        if _is_context(hints[param.name]):
            context_param = param.name
            continue
        hint, text = strip_annotated(hints[param.name])
        required = param.default is inspect.Parameter.empty
        default = MISSING if required else param.default
        params.append(Field(param.name, hint, text or doc.params.get(param.name), required, default))
    return Signature(fn, params, context_param, hints.get("return", inspect.Parameter.empty), doc)


def guarded(what: str, call: Callable[[], T], passing: tuple[type[Exception], ...] = (ToolError,)) -> T | InputRequired:
    """Runs ``call``. ``InputRequired``, returned or raised, comes back
    (checked); ``passing`` exceptions (``ToolError``; for a resource also
    ``ResourceNotFound``) pass; any other exception becomes a ``ToolError``
    saying its type and message, and its traceback goes to the host's log
    for the operator."""
    try:
        try:
            value: T | InputRequired = call()
        except InputRequired as asked:
            value = asked
        if isinstance(value, InputRequired):
            value.check()
        return value
    except passing:
        raise
    except Exception as error:
        host.log("error", f"{what} failed: {traceback.format_exc()}")
        raise from_exception(error) from error


def _is_context(hint: Any) -> bool:
    base, _ = without_none(strip_annotated(hint)[0])
    return isinstance(base, type) and issubclass(base, Context)
