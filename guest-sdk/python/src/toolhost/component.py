"""The glue between a ``Toolbox`` and the component world
``toolhost:tool/server-component@0.2.0``: the ``server`` export over the
toolbox, and the ``log``, ``config`` and ``client`` imports behind
``toolhost.log``, ``toolhost.config`` and ``Context``; ``toolhost.http``
goes over ``wasi:http`` (``toolhost.wasi_http``).

Only this module and ``wasi_http`` touch the bindings componentize-py
generates (``wit_world``, ``componentize_py_types``), so everything else
runs natively. An app module exports the default toolbox with::

    from toolhost.component import Server  # componentize-py serves this class

or its own with ``Server = server_for(my_toolbox)``. componentize-py creates
the ``Server`` when it builds the component, so the catalog is checked and
converted then, once; every request runs in a fresh instance of that
snapshot. Whatever goes wrong in a request ends as the contract's error,
never as a trap.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from componentize_py_types import Err
from wit_world import exports
from wit_world.imports import client as wit_client
from wit_world.imports import config as wit_config
from wit_world.imports import log as wit_log
from wit_world.imports import toolhost_tool_types as wit

from . import default_toolbox, encode, host, http, wasi_http
from .asking import InputRequired
from .content import Audio, Content, ContentAnnotations, EmbeddedResource, Image, ResourceContents, ResourceLink, Text
from .context import ClientCapabilities, Context, LogEntry, Notification, Progress
from .errors import InvalidInput, ResourceNotFound, ToolError, UpstreamError, from_exception
from .outputs import ToolResult
from .prompts import PromptResult
from .toolbox import Catalog, Toolbox

T = TypeVar("T")


class HostImports:
    """The host's log and settings, through the contract's imports."""

    def log(self, level: host.HostLogLevel, message: str) -> None:
        wit_log.log(wit_log.Level[level.upper()], message)

    def config(self, name: str) -> str | None:
        return wit_config.get(name)


def server_for(toolbox: Toolbox) -> type:
    """A ``Server`` class serving ``toolbox``, for an app module to export
    under the name ``Server``."""

    class Server(exports.Server):
        def __init__(self) -> None:
            self._catalog = _catalog(toolbox.catalog())

        def describe(self) -> wit.Catalog:
            return self._catalog

        def call_tool(self, name: str, arguments: str, context: wit.CallContext) -> wit.ToolOutcome:
            return _answer(lambda: _tool_outcome(toolbox.call(name, _arguments(arguments), _context(context))))

        def read_resource(self, uri: str, context: wit.CallContext) -> wit.ReadOutcome:
            try:
                return _read_outcome(toolbox.read(uri, _context(context)))
            except ResourceNotFound:
                raise Err(wit.ResourceError_NotFound()) from None
            except Exception as error:
                raise Err(wit.ResourceError_Failed(_tool_error(from_exception(error)))) from error

        def get_prompt(
            self, name: str, arguments: list[tuple[str, str]], context: wit.CallContext
        ) -> wit.PromptOutcome:
            return _answer(lambda: _prompt_outcome(toolbox.get_prompt(name, dict(arguments), _context(context))))

        def complete(self, request: wit.CompletionRequest) -> wit.Completion:
            reference, filled = request.reference, dict(request.context)
            prompt = isinstance(reference, wit.CompletionReference_Prompt)
            suggest = toolbox.complete_prompt if prompt else toolbox.complete_template
            values = _answer(lambda: suggest(reference.value, request.argument, request.value, filled))
            return wit.Completion(values=values, total=len(values))

    return Server


def _answer(run: Callable[[], T]) -> T:
    """Runs a request, turning any failure into the contract's
    ``tool-error``, raised as componentize-py's ``Err``."""
    try:
        return run()
    except Exception as error:
        raise Err(_tool_error(from_exception(error))) from error


def _tool_error(error: ToolError) -> wit.ToolError:
    """An error as the contract has it; numbers it cannot carry are left out."""
    if isinstance(error, InvalidInput):
        return wit.ToolError_InvalidInput(error.message)
    if isinstance(error, UpstreamError):
        status = error.status if error.status is not None and 0 <= error.status <= 0xFFFF else None
        retry = error.retry_after if error.retry_after is not None and 0 <= error.retry_after <= 0xFFFFFFFF else None
        return wit.ToolError_Upstream(wit.UpstreamError(status=status, retry_after_secs=retry, message=error.message))
    return wit.ToolError_Other(error.message)


def _arguments(arguments: str) -> dict[str, Any]:
    try:
        parsed = json.loads(arguments)
    except ValueError as error:
        raise InvalidInput(f"the arguments are not JSON: {error}") from error
    if not isinstance(parsed, dict):
        raise InvalidInput("the arguments are not a JSON object")
    return parsed


def _context(context: wit.CallContext) -> Context:
    """A round's context; an answer that is not JSON counts as no answer."""
    answers = {}
    for response in context.responses:
        try:
            answers[response.key] = json.loads(response.answer)
        except ValueError:
            continue
    client = ClientCapabilities(context.client.elicitation, context.client.sampling, context.client.roots)
    return Context(client=client, answers=answers, state=context.state, send=_send)


def _send(notification: Notification) -> None:
    if isinstance(notification, Progress):
        wit_client.report_progress(notification.progress, notification.total, notification.message)
    elif isinstance(notification, LogEntry):
        level = wit_client.LogLevel[notification.level.upper()]
        data = notification.data
        entry = (
            wit_client.LogData_Message(data) if isinstance(data, str) else wit_client.LogData_Json(encode.dumps(data))
        )
        wit_client.log(level, notification.logger, entry)


def _catalog(catalog: Catalog) -> wit.Catalog:
    tools = [
        wit.ToolDescriptor(
            name=tool.name,
            title=tool.title,
            description=tool.description,
            input_schema=encode.dumps(tool.input_schema),
            output_schema=None if tool.output_schema is None else encode.dumps(tool.output_schema),
            annotations=None
            if tool.annotations is None
            else wit.Annotations(
                title=None,
                read_only_hint=tool.annotations.read_only,
                destructive_hint=tool.annotations.destructive,
                idempotent_hint=tool.annotations.idempotent,
                open_world_hint=tool.annotations.open_world,
            ),
        )
        for tool in catalog.tools
    ]
    resources = [
        wit.ResourceDescriptor(r.uri, r.name, r.title, r.description, r.mime_type, r.size, _annotations(r.annotations))
        for r in catalog.resources
    ]
    templates = [
        wit.ResourceTemplate(t.uri_template, t.name, t.title, t.description, t.mime_type, _annotations(t.annotations))
        for t in catalog.resource_templates
    ]
    prompts = [
        wit.PromptDescriptor(
            p.name,
            p.title,
            p.description,
            [wit.PromptArgument(a.name, None, a.description, a.required) for a in p.arguments],
        )
        for p in catalog.prompts
    ]
    return wit.Catalog(tools, resources, templates, prompts, catalog.completions)


def _tool_outcome(outcome: ToolResult | InputRequired) -> wit.ToolOutcome:
    if isinstance(outcome, InputRequired):
        return wit.ToolOutcome_InputRequired(_input_required(outcome))
    structured = None if outcome.structured is None else encode.dumps(outcome.structured)
    return wit.ToolOutcome_Done(wit.ToolOutput([_content(block) for block in outcome.content], structured))


def _read_outcome(outcome: list[ResourceContents] | InputRequired) -> wit.ReadOutcome:
    if isinstance(outcome, InputRequired):
        return wit.ReadOutcome_InputRequired(_input_required(outcome))
    return wit.ReadOutcome_Done([_contents(contents) for contents in outcome])


def _prompt_outcome(outcome: PromptResult | InputRequired) -> wit.PromptOutcome:
    if isinstance(outcome, InputRequired):
        return wit.PromptOutcome_InputRequired(_input_required(outcome))
    messages = [wit.PromptMessage(_role(m.role), _content(m.content)) for m in outcome.messages]  # type: ignore[arg-type]
    return wit.PromptOutcome_Done(wit.PromptResult(outcome.description, messages))


def _input_required(asked: InputRequired) -> wit.InputRequired:
    requests = []
    for key, question in asked.requests.items():
        if question.kind == "elicitation":
            request: wit.InputRequest = wit.InputRequest_Elicitation(encode.dumps(question.params))
        elif question.kind == "sampling":
            request = wit.InputRequest_Sampling(encode.dumps(question.params))
        else:
            request = wit.InputRequest_Roots()
        requests.append(wit.KeyedRequest(key, request))
    return wit.InputRequired(requests, asked.state)


def _content(block: Content) -> wit.Content:
    annotations = _annotations(block.annotations)
    if isinstance(block, Text):
        return wit.Content_Text(wit.TextContent(block.text, annotations))
    if isinstance(block, Image):
        return wit.Content_Image(wit.MediaContent(bytes(block.data), block.mime_type, annotations))
    if isinstance(block, Audio):
        return wit.Content_Audio(wit.MediaContent(bytes(block.data), block.mime_type, annotations))
    if isinstance(block, ResourceLink):
        link = wit.ResourceLink(
            block.uri, block.name, block.title, block.description, block.mime_type, block.size, annotations
        )
        return wit.Content_ResourceLink(link)
    if isinstance(block, EmbeddedResource):
        return wit.Content_Resource(wit.EmbeddedResource(_contents(block.contents), annotations))
    raise TypeError(f"not a content block: {type(block).__name__}")


def _contents(contents: ResourceContents) -> wit.ResourceContents:
    body = contents.body
    wit_body = wit.ResourceBody_Text(body) if isinstance(body, str) else wit.ResourceBody_Blob(bytes(body))
    return wit.ResourceContents(contents.uri, contents.mime_type, wit_body)


def _annotations(annotations: ContentAnnotations | None) -> wit.ContentAnnotations | None:
    if annotations is None:
        return None
    audience = None if annotations.audience is None else [_role(role) for role in annotations.audience]
    return wit.ContentAnnotations(audience, annotations.priority, annotations.last_modified)


def _role(role: str) -> wit.Role:
    return wit.Role[role.upper()]


host.use(HostImports())
http.use(wasi_http.WasiTransport())

#: The default toolbox's server: what an app module exports as ``Server``.
Server = server_for(default_toolbox)
