"""The component glue, against a fake of the bindings componentize-py
generates: every export, every conversion, the imports behind the context,
the host's log and settings."""

import json
import unittest
from dataclasses import dataclass
from typing import Literal

import support  # noqa: F401 - puts the SDK and the fake bindings on the path

from toolhost import (
    Audio,
    ContentAnnotations,
    Context,
    EmbeddedResource,
    Image,
    InputRequired,
    InvalidInput,
    Message,
    ResourceContents,
    ResourceLink,
    ResourceNotFound,
    Text,
    Toolbox,
    UpstreamError,
    config,
    default_toolbox,
    host,
    log,
)
from toolhost import http as http_module

native, native_http = host.current(), http_module._transport
from toolhost import component  # noqa: E402 - it plugs the imports in; each test does that itself

host.use(native)
http_module.use(native_http)

from componentize_py_types import Err  # noqa: E402
from wit_world.imports import client as wit_client  # noqa: E402
from wit_world.imports import config as wit_config  # noqa: E402
from wit_world.imports import log as wit_log  # noqa: E402
from wit_world.imports import toolhost_tool_types as wit  # noqa: E402


@dataclass
class Sum:
    total: float


def toolbox() -> Toolbox:
    box = Toolbox()

    @box.tool(title="Add", read_only=True)
    def add(a: float, b: float, ctx: Context) -> Sum:
        """Adds two numbers."""
        ctx.progress(1, 2, "adding")
        ctx.log("info", {"a": a, "b": b}, logger="math")
        ctx.log("notice", "done")
        log("debug", "added")
        return Sum(a + b)

    @box.tool
    def gallery() -> list[Text | Image | Audio | ResourceLink | EmbeddedResource]:
        seen = ContentAnnotations(audience=("user",), priority=1.0, last_modified="2026-12-01T00:00:00Z")
        return [
            Text("Pictures:", seen),
            Image(b"\x89PNG", "image/png"),
            Audio(b"RIFF", "audio/wav"),
            ResourceLink("notes://today", "today", mime_type="text/plain", size=17),
            EmbeddedResource(ResourceContents("data://blob", b"\x00\x01")),
        ]

    @box.tool
    def fail(kind: Literal["invalid", "upstream", "odd_upstream", "other", "bug"]) -> str:
        if kind == "invalid":
            raise InvalidInput("bad")
        if kind == "upstream":
            raise UpstreamError("down", status=503, retry_after=30)
        if kind == "odd_upstream":
            raise UpstreamError("odd", status=70000, retry_after=-1)
        if kind == "bug":
            raise RuntimeError("oops")
        return config.require("TOKEN")

    @box.tool
    def lost() -> str:
        raise ResourceNotFound("notes://lost")

    @box.tool
    def ask(ctx: Context) -> str | InputRequired:
        if ctx.state is None:
            return (
                InputRequired()
                .elicit("ok", "Sure?", {"type": "object"})
                .sample("s", "Hi", max_tokens=5)
                .roots("r")
                .with_state(b"s1")
            )
        return f"{ctx.elicited('ok')} {ctx.answer('broken')} {ctx.client} {ctx.state!r}"

    @box.resource("notes://today", mime_type="text/plain")
    def today() -> str:
        return "Water the plants."

    @box.resource_template("blob://{id}", complete={"id": ["one", "two"]})
    def blob(id: str) -> bytes | InputRequired:
        if id == "missing":
            raise ResourceNotFound(f"blob://{id}")
        if id == "ask":
            return InputRequired().roots("r")
        if id == "bug":
            raise ValueError("corrupt")
        return id.encode()

    @box.prompt
    def greet(name: str) -> list[Message]:
        """Greets someone."""
        return [Message(f"Hello {name}"), Message(Image(b"\x01", "image/png"), role="assistant")]

    return box


def round_context(**answers: object) -> wit.CallContext:
    responses = [
        wit.InputResponse(key, value if isinstance(value, str) else json.dumps(value)) for key, value in answers.items()
    ]
    return wit.CallContext(responses, None, wit.ClientCapabilities(elicitation=True, sampling=False, roots=True))


FIRST_ROUND = wit.CallContext([], None, wit.ClientCapabilities(False, False, False))


class ComponentTest(unittest.TestCase):
    def setUp(self) -> None:
        host.use(component.HostImports())
        self.addCleanup(host.use, native)
        for recorded in (wit_client.SENT, wit_log.LINES):
            recorded.clear()
        wit_config.GRANTED.clear()
        self.server = component.server_for(toolbox())()

    def test_describe(self) -> None:
        catalog = self.server.describe()
        add = catalog.tools[0]
        self.assertEqual((add.name, add.title, add.description), ("add", "Add", "Adds two numbers."))
        self.assertEqual(json.loads(add.input_schema)["required"], ["a", "b"])
        self.assertEqual(
            json.loads(add.output_schema),
            {"type": "object", "properties": {"total": {"type": "number"}}, "required": ["total"]},
        )
        self.assertEqual(add.annotations, wit.Annotations(None, True, None, None, None))
        self.assertIsNone(catalog.tools[1].output_schema)
        self.assertIsNone(catalog.tools[1].annotations)
        self.assertEqual(
            catalog.resources, [wit.ResourceDescriptor("notes://today", "today", None, None, "text/plain", None, None)]
        )
        self.assertEqual(
            catalog.resource_templates, [wit.ResourceTemplate("blob://{id}", "blob", None, None, None, None)]
        )
        self.assertEqual(
            catalog.prompts,
            [wit.PromptDescriptor("greet", None, "Greets someone.", [wit.PromptArgument("name", None, None, True)])],
        )
        self.assertTrue(catalog.completions)

    def test_a_call_with_notifications_and_host_log(self) -> None:
        outcome = self.server.call_tool("add", '{"a": 1, "b": 2.5}', FIRST_ROUND)
        self.assertEqual(
            outcome,
            wit.ToolOutcome_Done(
                wit.ToolOutput([wit.Content_Text(wit.TextContent('{"total":3.5}', None))], '{"total":3.5}')
            ),
        )
        self.assertEqual(
            wit_client.SENT,
            [
                ("progress", 1.0, 2.0, "adding"),
                ("log", wit_client.LogLevel.INFO, "math", wit_client.LogData_Json('{"a":1.0,"b":2.5}')),
                ("log", wit_client.LogLevel.NOTICE, None, wit_client.LogData_Message("done")),
            ],
        )
        self.assertEqual(wit_log.LINES, [(wit_log.Level.DEBUG, "added")])

    def test_every_kind_of_content(self) -> None:
        outcome = self.server.call_tool("gallery", "{}", FIRST_ROUND)
        seen = wit.ContentAnnotations([wit.Role.USER], 1.0, "2026-12-01T00:00:00Z")
        self.assertEqual(
            outcome.value.content,
            [
                wit.Content_Text(wit.TextContent("Pictures:", seen)),
                wit.Content_Image(wit.MediaContent(b"\x89PNG", "image/png", None)),
                wit.Content_Audio(wit.MediaContent(b"RIFF", "audio/wav", None)),
                wit.Content_ResourceLink(
                    wit.ResourceLink("notes://today", "today", None, None, "text/plain", 17, None)
                ),
                wit.Content_Resource(
                    wit.EmbeddedResource(
                        wit.ResourceContents("data://blob", None, wit.ResourceBody_Blob(b"\x00\x01")), None
                    )
                ),
            ],
        )
        self.assertIsNone(outcome.value.structured)

    def test_errors(self) -> None:
        def error_of(arguments: str) -> object:
            with self.assertRaises(Err) as caught:
                self.server.call_tool("fail", arguments, FIRST_ROUND)
            return caught.exception.value

        self.assertEqual(error_of('{"kind": "invalid"}'), wit.ToolError_InvalidInput("bad"))
        self.assertEqual(error_of('{"kind": "upstream"}'), wit.ToolError_Upstream(wit.UpstreamError(503, 30, "down")))
        self.assertEqual(
            error_of('{"kind": "odd_upstream"}'), wit.ToolError_Upstream(wit.UpstreamError(None, None, "odd"))
        )
        self.assertEqual(error_of('{"kind": "bug"}'), wit.ToolError_Other("RuntimeError: oops"))
        self.assertEqual(wit_log.LINES[0][0], wit_log.Level.ERROR, "the traceback goes to the host's log")
        self.assertIn("this tool needs the setting TOKEN", error_of('{"kind": "other"}').value)  # type: ignore[attr-defined]
        self.assertEqual(error_of("not json").value[:24], "the arguments are not JS")  # type: ignore[attr-defined]
        self.assertEqual(error_of("[1]"), wit.ToolError_InvalidInput("the arguments are not a JSON object"))
        with self.assertRaises(Err) as caught:
            self.server.call_tool("lost", "{}", FIRST_ROUND)
        self.assertEqual(caught.exception.value, wit.ToolError_Other("ResourceNotFound: no resource at notes://lost"))
        with self.assertRaises(Err) as caught:
            self.server.call_tool("nope", "{}", FIRST_ROUND)
        self.assertEqual(caught.exception.value, wit.ToolError_Other("unknown tool nope"))

    def test_settings_come_from_the_config_import(self) -> None:
        wit_config.GRANTED["TOKEN"] = "t0ken"
        outcome = self.server.call_tool("fail", '{"kind": "other"}', FIRST_ROUND)
        self.assertEqual(outcome.value.content, [wit.Content_Text(wit.TextContent("t0ken", None))])

    def test_input_required_rounds(self) -> None:
        outcome = self.server.call_tool("ask", "{}", FIRST_ROUND)
        self.assertIsInstance(outcome, wit.ToolOutcome_InputRequired)
        asked = outcome.value
        self.assertEqual([request.key for request in asked.requests], ["ok", "s", "r"])
        self.assertEqual(
            json.loads(asked.requests[0].request.value), {"message": "Sure?", "requestedSchema": {"type": "object"}}
        )
        self.assertEqual(json.loads(asked.requests[1].request.value)["maxTokens"], 5)
        self.assertEqual(asked.requests[2].request, wit.InputRequest_Roots())
        self.assertEqual(asked.state, b"s1")
        second = round_context(ok={"action": "accept", "content": {"x": 1}}, broken="not json")
        second.state = b"s1"
        done = self.server.call_tool("ask", "{}", second)
        self.assertEqual(
            done.value.content[0].value.text,
            "Elicited(action='accept', content={'x': 1}) None "
            "ClientCapabilities(elicitation=True, sampling=False, roots=True) b's1'",
        )

    def test_reading_resources(self) -> None:
        self.assertEqual(
            self.server.read_resource("notes://today", FIRST_ROUND),
            wit.ReadOutcome_Done(
                [wit.ResourceContents("notes://today", "text/plain", wit.ResourceBody_Text("Water the plants."))]
            ),
        )
        self.assertEqual(
            self.server.read_resource("blob://one", FIRST_ROUND),
            wit.ReadOutcome_Done([wit.ResourceContents("blob://one", None, wit.ResourceBody_Blob(b"one"))]),
        )
        asked = self.server.read_resource("blob://ask", FIRST_ROUND)
        self.assertEqual(
            asked,
            wit.ReadOutcome_InputRequired(wit.InputRequired([wit.KeyedRequest("r", wit.InputRequest_Roots())], None)),
        )
        for uri in ("blob://missing", "nothing://here"):
            with self.subTest(uri=uri), self.assertRaises(Err) as caught:
                self.server.read_resource(uri, FIRST_ROUND)
            self.assertEqual(caught.exception.value, wit.ResourceError_NotFound())
        with self.assertRaises(Err) as caught:
            self.server.read_resource("blob://bug", FIRST_ROUND)
        self.assertEqual(caught.exception.value, wit.ResourceError_Failed(wit.ToolError_Other("ValueError: corrupt")))

    def test_prompts(self) -> None:
        outcome = self.server.get_prompt("greet", [("name", "Ada")], FIRST_ROUND)
        self.assertEqual(
            outcome,
            wit.PromptOutcome_Done(
                wit.PromptResult(
                    "Greets someone.",
                    [
                        wit.PromptMessage(wit.Role.USER, wit.Content_Text(wit.TextContent("Hello Ada", None))),
                        wit.PromptMessage(
                            wit.Role.ASSISTANT, wit.Content_Image(wit.MediaContent(b"\x01", "image/png", None))
                        ),
                    ],
                )
            ),
        )
        with self.assertRaises(Err) as caught:
            self.server.get_prompt("greet", [], FIRST_ROUND)
        self.assertEqual(caught.exception.value, wit.ToolError_InvalidInput("missing arguments: name"))

    def test_completions(self) -> None:
        request = wit.CompletionRequest(
            wit.CompletionReference_ResourceTemplate("blob://{id}"), "id", "t", [("other", "x")]
        )
        self.assertEqual(self.server.complete(request), wit.Completion(["two"], 1))
        with self.assertRaises(Err) as caught:
            self.server.complete(wit.CompletionRequest(wit.CompletionReference_Prompt("nope"), "a", "", []))
        self.assertEqual(caught.exception.value, wit.ToolError_InvalidInput("nothing here to complete: no prompt nope"))

    def test_the_default_server_serves_the_default_toolbox(self) -> None:
        served = [tool.name for tool in component.Server().describe().tools]
        self.assertEqual(served, [tool.name for tool in default_toolbox.catalog().tools])


if __name__ == "__main__":
    unittest.main()
