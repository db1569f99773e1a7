"""The registry of everything one component serves: tools, resources,
resource templates and prompts, added by decorators.

Mistakes are refused where they are made, when the decorator runs (in the
component: when it is built): a name that is not 1-128 characters of
``A-Z a-z 0-9 _ . -``, a duplicate, a type without a JSON Schema, a
template the host could not route. Every method that runs something works
natively too, exactly as the component runs it, so unit tests need no
WebAssembly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from . import completion, functions
from .asking import InputRequired
from .content import ContentAnnotations, ResourceContents
from .context import Context
from .errors import InvalidInput, ResourceNotFound, ToolError
from .outputs import ToolResult
from .prompts import Prompt, PromptResult
from .resources import Resource, ResourceTemplate
from .tools import Tool, ToolAnnotations

F = TypeVar("F", bound=Callable[..., Any])

_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")


@dataclass(frozen=True)
class Catalog:
    """Everything the toolbox serves, as the host's ``describe`` lists it."""

    tools: list[Tool]
    resources: list[Resource]
    resource_templates: list[ResourceTemplate]
    prompts: list[Prompt]
    completions: bool


class Toolbox:
    """Tools, resources, templates and prompts, in the order added."""

    def __init__(self) -> None:
        self._tools: dict[str, Tool] = {}
        self._resources: dict[str, Resource] = {}
        self._templates: dict[str, ResourceTemplate] = {}
        self._prompts: dict[str, Prompt] = {}

    @overload
    def tool(self, fn: F, /) -> F: ...

    @overload
    def tool(
        self,
        *,
        name: str | None = None,
        title: str | None = None,
        description: str | None = None,
        read_only: bool | None = None,
        destructive: bool | None = None,
        idempotent: bool | None = None,
        open_world: bool | None = None,
    ) -> Callable[[F], F]: ...

    def tool(
        self,
        fn: Any = None,
        *,
        name: str | None = None,
        title: str | None = None,
        description: str | None = None,
        read_only: bool | None = None,
        destructive: bool | None = None,
        idempotent: bool | None = None,
        open_world: bool | None = None,
    ) -> Any:
        """Registers a function as a tool: ``@tool`` or ``@tool(name=...,
        title=..., description=..., read_only=..., destructive=...,
        idempotent=..., open_world=...)``. The name defaults to the
        function's, the description to its docstring's first paragraph; the
        behaviour hints are passed to clients. The function stays callable."""
        hints = ToolAnnotations(read_only, destructive, idempotent, open_world)

        def register(fn: F) -> F:
            annotations = None if hints == ToolAnnotations() else hints
            tool = Tool(fn, name=name, title=title, description=description, annotations=annotations)
            self._add(self._tools, _checked_name(tool.name, "tool"), tool, "tool")
            return fn

        return register(fn) if fn is not None else register

    def resource(
        self,
        uri: str,
        /,
        *,
        name: str | None = None,
        title: str | None = None,
        description: str | None = None,
        mime_type: str | None = None,
        size: int | None = None,
        annotations: ContentAnnotations | None = None,
    ) -> Callable[[F], F]:
        """Registers a function as the resource at ``uri``. Its name defaults
        to the function's, its description to the docstring's first
        paragraph."""

        def register(fn: F) -> F:
            resource = Resource(
                uri,
                fn,
                name=name,
                title=title,
                description=description,
                mime_type=mime_type,
                size=size,
                annotations=annotations,
            )
            self._add(self._resources, uri, resource, "resource")
            return fn

        return register

    def resource_template(
        self,
        uri_template: str,
        /,
        *,
        name: str | None = None,
        title: str | None = None,
        description: str | None = None,
        mime_type: str | None = None,
        annotations: ContentAnnotations | None = None,
        complete: Mapping[str, completion.Completer] | None = None,
    ) -> Callable[[F], F]:
        """Registers a function as the reader of the resources matching
        ``uri_template``; its parameters are the template's variables.
        ``complete`` maps variables to their completers."""

        def register(fn: F) -> F:
            template = ResourceTemplate(
                uri_template,
                fn,
                name=name,
                title=title,
                description=description,
                mime_type=mime_type,
                annotations=annotations,
                complete=complete,
            )
            self._add(self._templates, uri_template, template, "resource template")
            return fn

        return register

    @overload
    def prompt(self, fn: F, /) -> F: ...

    @overload
    def prompt(
        self,
        *,
        name: str | None = None,
        title: str | None = None,
        description: str | None = None,
        complete: Mapping[str, completion.Completer] | None = None,
    ) -> Callable[[F], F]: ...

    def prompt(
        self,
        fn: Any = None,
        *,
        name: str | None = None,
        title: str | None = None,
        description: str | None = None,
        complete: Mapping[str, completion.Completer] | None = None,
    ) -> Any:
        """Registers a function as a prompt: ``@prompt`` or ``@prompt(name=...,
        title=..., description=..., complete=...)``; its parameters are the
        prompt's arguments. ``complete`` maps arguments to their completers."""

        def register(fn: F) -> F:
            prompt = Prompt(fn, name=name, title=title, description=description, complete=complete)
            self._add(self._prompts, _checked_name(prompt.name, "prompt"), prompt, "prompt")
            return fn

        return register(fn) if fn is not None else register

    def catalog(self) -> Catalog:
        """Everything the toolbox serves, as the host sees it."""
        templates, prompts = list(self._templates.values()), list(self._prompts.values())
        completions = any(t.completers for t in templates) or any(p.completers for p in prompts)
        return Catalog(list(self._tools.values()), list(self._resources.values()), templates, prompts, completions)

    def call(
        self, name: str, arguments: Mapping[str, Any] | None = None, context: Context | None = None
    ) -> ToolResult | InputRequired:
        """Runs the tool ``name`` with ``arguments`` (JSON data), exactly as
        the host would; raises only ``ToolError``."""
        tool = self._tools.get(name)
        if tool is None:
            raise ToolError(f"unknown tool {name}")
        return tool.run(arguments or {}, context or Context())

    def read(self, uri: str, context: Context | None = None) -> list[ResourceContents] | InputRequired:
        """Reads the resource at ``uri``: the resource with exactly that URI,
        else the first template, in the order added, that matches it.
        ``ResourceNotFound`` when nothing here serves it."""
        context = context or Context()
        if uri in self._resources:
            return self._resources[uri].read(context)
        for template in self._templates.values():
            variables = template.matcher.match(uri)
            if variables is not None:
                return template.read(uri, variables, context)
        raise ResourceNotFound(uri)

    def get_prompt(
        self, name: str, arguments: Mapping[str, str] | None = None, context: Context | None = None
    ) -> PromptResult | InputRequired:
        """Fills in the prompt ``name`` with ``arguments`` (strings, by name)."""
        prompt = self._prompts.get(name)
        if prompt is None:
            raise InvalidInput(f"unknown prompt {name}")
        return prompt.get(arguments or {}, context or Context())

    def complete_prompt(
        self, name: str, argument: str, typed: str, filled: Mapping[str, str] | None = None
    ) -> list[str]:
        """Suggestions for ``argument`` of the prompt ``name``, given what the
        user ``typed`` and the arguments already ``filled`` in."""
        prompt = self._prompts.get(name)
        if prompt is None:
            raise InvalidInput(f"nothing here to complete: no prompt {name}")
        return _complete(f"prompt {name}", prompt.completers.get(argument), typed, filled or {})

    def complete_template(
        self, uri_template: str, variable: str, typed: str, filled: Mapping[str, str] | None = None
    ) -> list[str]:
        """Suggestions for ``variable`` of the resource template
        ``uri_template``."""
        template = self._templates.get(uri_template)
        if template is None:
            raise InvalidInput(f"nothing here to complete: no resource template {uri_template}")
        return _complete(f"resource template {uri_template}", template.completers.get(variable), typed, filled or {})

    def _add(self, registry: dict[str, Any], key: str, item: Any, kind: str) -> None:
        if key in registry:
            raise ValueError(f"a {kind} named {key} is already registered")
        registry[key] = item


def _checked_name(name: str, kind: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"{kind} name {name!r} must be 1-128 characters of A-Z a-z 0-9 _ . -")
    return name


def _complete(what: str, completer: completion.Completer | None, typed: str, filled: Mapping[str, str]) -> list[str]:
    """Runs a completer so that its failure is a ``ToolError`` like any
    other's. Completions cannot ask the client anything."""
    values = functions.guarded(f"completion of {what}", lambda: completion.complete(completer, typed, filled))
    if isinstance(values, InputRequired):
        raise ToolError(f"completion of {what}: completions cannot ask the client for input")
    return values
