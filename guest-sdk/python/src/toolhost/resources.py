"""Resources a component serves: at fixed URIs (``@resource``) and as
families named by a URI template (``@resource_template``).

A resource's function returns text (``str``), bytes, ``ResourceContents``
or a list of them, or asks the client (``InputRequired``). A template's
function takes the template's variables as parameters (strings, or ``int``,
``float``, ``bool``, ``Literal`` and string enums, converted) and may raise
``ResourceNotFound`` for a URI that matches but names nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import completion, decode, functions
from .asking import InputRequired
from .content import ContentAnnotations, ResourceContents, check_size
from .context import Context
from .errors import InvalidInput, ResourceNotFound, ToolError
from .uri_template import UriTemplate

ReadResult = list[ResourceContents]

#: What a resource's function may raise besides ``ToolError``.
_PASSING = (ToolError, ResourceNotFound)


class Resource:
    """A resource at a fixed URI. Its function takes no parameters but,
    optionally, the ``Context``."""

    def __init__(
        self,
        uri: str,
        fn: Callable[..., Any],
        *,
        name: str | None = None,
        title: str | None = None,
        description: str | None = None,
        mime_type: str | None = None,
        size: int | None = None,
        annotations: ContentAnnotations | None = None,
    ) -> None:
        if not uri:
            raise ValueError("a resource needs a URI")
        check_size(size)
        self.uri, self.fn = uri, fn
        self.name = name or fn.__name__
        self.signature = functions.signature(fn, f"resource {uri}")
        if self.signature.params:
            raise TypeError(f"resource {uri}: its function takes no parameters (a template's does)")
        self.title, self.mime_type, self.size, self.annotations = title, mime_type, size, annotations
        self.description = description or self.signature.doc.summary

    def read(self, ctx: Context) -> ReadResult | InputRequired:
        """The resource's contents, or the questions its function asks."""
        call = lambda: _contents(self.signature.call({}, ctx), self.uri, self.mime_type)  # noqa: E731
        return functions.guarded(f"resource {self.uri}", call, _PASSING)


class ResourceTemplate:
    """A family of resources named by a URI template (RFC 6570 simple
    ``{name}`` and reserved ``{+name}`` variables), read by a function
    whose parameters are the template's variables."""

    def __init__(
        self,
        uri_template: str,
        fn: Callable[..., Any],
        *,
        name: str | None = None,
        title: str | None = None,
        description: str | None = None,
        mime_type: str | None = None,
        annotations: ContentAnnotations | None = None,
        complete: Mapping[str, completion.Completer] | None = None,
    ) -> None:
        what = f"resource template {uri_template}"
        self.uri_template, self.fn = uri_template, fn
        self.matcher = UriTemplate(uri_template)
        self.name = name or fn.__name__
        self.signature = functions.signature(fn, what)
        params = {item.name for item in self.signature.params}
        unbound = sorted(set(self.matcher.variables) - params)
        extra = sorted(
            item.name for item in self.signature.params if item.required and item.name not in self.matcher.variables
        )
        if unbound or extra:
            raise TypeError(
                f"{what}: the function's parameters must be the template's variables ({', '.join(unbound + extra)})"
            )
        for item in self.signature.params:
            decode.check_text_hint(item.hint, f"{what}: variable {item.name}")
        self.completers = completion.completers(self.signature.params, complete, what)
        self.title, self.mime_type, self.annotations = title, mime_type, annotations
        self.description = description or self.signature.doc.summary

    def read(self, uri: str, variables: Mapping[str, str], ctx: Context) -> ReadResult | InputRequired:
        """The contents at ``uri``, whose ``variables`` this template
        matched, or the questions the function asks."""

        def call() -> ReadResult | InputRequired:
            try:
                arguments = {
                    item.name: decode.from_text(variables[item.name], item.hint, item.name)
                    for item in self.signature.params
                    if item.name in variables
                }
            except decode.DecodeError as error:
                raise InvalidInput(str(error)) from error
            return _contents(self.signature.call(arguments, ctx), uri, self.mime_type)

        return functions.guarded(f"resource template {self.uri_template}", call, _PASSING)


def _contents(value: Any, uri: str, mime_type: str | None) -> ReadResult | InputRequired:
    """What a function returned, as contents: text and bytes are the
    contents of the URI read, with the declared MIME type."""
    if isinstance(value, InputRequired):
        return value
    if isinstance(value, (str, bytes)):
        return [ResourceContents(uri, value, mime_type)]
    if isinstance(value, ResourceContents):
        return [value]
    if isinstance(value, list) and all(isinstance(item, ResourceContents) for item in value):
        return value
    raise TypeError(f"a resource is str, bytes or ResourceContents (or a list of them), not {type(value).__name__}")
