"""The @tool decorator: what it lists, how it runs a call, what results and
errors become."""

import unittest
from dataclasses import dataclass
from typing import Annotated, Any, Optional, TypedDict

import support

from toolhost import (
    Context,
    Image,
    InputRequired,
    InvalidInput,
    ResourceNotFound,
    Text,
    Tool,
    ToolAnnotations,
    Toolbox,
    ToolError,
    ToolResult,
    UpstreamError,
)

PNG = b"\x89PNG"


@dataclass
class WordCount:
    words: int
    unique: int | None = None


class Totals(TypedDict):
    count: int


class DescriptorTest(unittest.TestCase):
    def test_name_description_and_hints(self) -> None:
        box = Toolbox()

        @box.tool(title="Word count", read_only=True, idempotent=True)
        def word_count(text: str, *, unique: bool = False) -> WordCount:
            """Counts the words in a text.

            Only whitespace separates words.

            Args:
                text: The text to count in.
            """
            words = text.split()
            return WordCount(len(words), len(set(words)) if unique else None)

        tool = box.catalog().tools[0]
        self.assertEqual((tool.name, tool.title), ("word_count", "Word count"))
        self.assertEqual(tool.description, "Counts the words in a text.")
        self.assertEqual(tool.annotations, ToolAnnotations(read_only=True, idempotent=True))
        self.assertEqual(tool.input_schema["properties"]["text"]["description"], "The text to count in.")
        self.assertEqual(word_count("a b a", unique=True), WordCount(3, 2), "the function stays callable")

    def test_overrides_and_defaults(self) -> None:
        box = Toolbox()

        @box.tool(name="count.v2", description="Counts.")
        def count(text: Annotated[str, "What to count."]) -> str:
            """Ignored, since a description is given."""
            return text

        @box.tool
        def bare(text: str) -> str:
            return text

        first, second = box.catalog().tools
        self.assertEqual((first.name, first.description), ("count.v2", "Counts."))
        self.assertEqual(first.input_schema["properties"]["text"]["description"], "What to count.")
        self.assertEqual((second.name, second.description, second.annotations), ("bare", None, None))

    def test_mistakes_are_refused_when_registered(self) -> None:
        box = Toolbox()

        @box.tool
        def taken() -> str:
            return ""

        async def fetch(url: str) -> str:
            return url

        def variadic(*args: str) -> str:
            return ""

        def keywords(**kwargs: str) -> str:
            return ""

        def positional(text: str, /) -> str:
            return text

        def unannotated(text) -> str:  # type: ignore[no-untyped-def]
            return str(text)

        for fn, message in (
            (fetch, "async def"),
            (variadic, r"\*args"),
            (keywords, r"\*\*kwargs"),
            (positional, "positional-only"),
            (unannotated, "annotate parameter text"),
        ):
            with self.subTest(fn=fn.__name__), self.assertRaisesRegex(TypeError, message):
                box.tool(fn)
        with self.assertRaisesRegex(ValueError, "already registered"):
            box.tool(taken)
        with self.assertRaisesRegex(ValueError, "1-128 characters"):
            box.tool(name="has space")(taken)

        def raw(data: bytes) -> str:
            return ""

        with self.assertRaisesRegex(TypeError, "tool raw: bytes has no JSON Schema"):
            box.tool(raw)
        self.assertEqual([t.name for t in box.catalog().tools], ["taken"])

    def test_unsupported_return_types_are_refused(self) -> None:
        def raw() -> bytes:
            return b""

        with self.assertRaisesRegex(TypeError, "tool raw: bytes has no JSON Schema"):
            Tool(raw)

    def test_annotations_that_name_nothing_are_refused(self) -> None:
        def lost(point: "Nowhere") -> str:  # type: ignore[name-defined]  # noqa: F821
            return ""

        with self.assertRaisesRegex(TypeError, "tool lost: its annotations name something undefined"):
            Tool(lost)


class OutputTest(unittest.TestCase):
    def run_tool(self, fn: Any, arguments: dict[str, Any] | None = None) -> tuple[Tool, ToolResult]:
        box = Toolbox()
        box.tool(fn)
        result = box.call(fn.__name__, arguments or {})
        assert isinstance(result, ToolResult)
        return box.catalog().tools[0], result

    def test_text_has_no_schema(self) -> None:
        def greet(name: str) -> str:
            return f"Hello, {name}"

        tool, result = self.run_tool(greet, {"name": "Ada"})
        self.assertIsNone(tool.output_schema)
        self.assertEqual(result, ToolResult([Text("Hello, Ada")]))

    def test_none_is_no_content(self) -> None:
        def nothing() -> None:
            return None

        tool, result = self.run_tool(nothing)
        self.assertIsNone(tool.output_schema)
        self.assertEqual(result, ToolResult([]))

    def test_content_blocks_pass_as_they_are(self) -> None:
        def plot() -> list[Text | Image]:
            return [Text("The plot:"), Image(PNG, "image/png")]

        def one() -> Image:
            return Image(PNG, "image/png")

        def mixed() -> list[str | Image]:
            return ["The plot:", Image(PNG, "image/png")]

        tool, result = self.run_tool(plot)
        self.assertIsNone(tool.output_schema)
        self.assertEqual(result.content, [Text("The plot:"), Image(PNG, "image/png")])
        self.assertEqual(self.run_tool(one)[1].content, [Image(PNG, "image/png")])
        self.assertEqual(self.run_tool(mixed)[1].content, [Text("The plot:"), Image(PNG, "image/png")])

    def test_dataclasses_are_structured_and_repeated_as_text(self) -> None:
        def count() -> WordCount:
            return WordCount(3)

        tool, result = self.run_tool(count)
        self.assertEqual(
            tool.output_schema,
            {
                "type": "object",
                "properties": {
                    "words": {"type": "integer"},
                    "unique": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None},
                },
                "required": ["words"],
            },
        )
        self.assertEqual(result.structured, {"words": 3, "unique": None})
        self.assertEqual(result.text_blocks, ['{"words":3,"unique":null}'])

    def test_typed_dicts_and_string_keyed_dicts_are_objects(self) -> None:
        def totals() -> Totals:
            return {"count": 2}

        def scores() -> dict[str, float]:
            return {"ada": 1.5}

        tool, result = self.run_tool(totals)
        self.assertEqual(
            tool.output_schema, {"type": "object", "properties": {"count": {"type": "integer"}}, "required": ["count"]}
        )
        self.assertEqual(result.structured, {"count": 2})
        tool, result = self.run_tool(scores)
        self.assertEqual(tool.output_schema, {"type": "object", "additionalProperties": {"type": "number"}})
        self.assertEqual(result.structured, {"ada": 1.5})

    def test_other_data_is_wrapped_in_result(self) -> None:
        def total() -> int:
            return 42

        def words() -> list[str]:
            return ["a", "b"]

        def maybe() -> Optional[WordCount]:
            return None

        tool, result = self.run_tool(total)
        self.assertEqual(
            tool.output_schema,
            {"type": "object", "properties": {"result": {"type": "integer"}}, "required": ["result"]},
        )
        self.assertEqual((result.structured, result.text_blocks), ({"result": 42}, ["42"]))
        tool, result = self.run_tool(words)
        self.assertEqual(result.structured, {"result": ["a", "b"]})
        tool, result = self.run_tool(maybe)
        self.assertEqual(
            tool.output_schema["properties"]["result"], {"anyOf": [{"$ref": "#/$defs/WordCount"}, {"type": "null"}]}
        )
        self.assertIn("WordCount", tool.output_schema["$defs"])
        self.assertEqual((result.structured, result.text_blocks), ({"result": None}, ["null"]))

    def test_asking_is_not_part_of_the_output(self) -> None:
        def report() -> WordCount | InputRequired:
            return WordCount(1)

        tool, result = self.run_tool(report)
        self.assertEqual(tool.output_schema["required"], ["words"])
        self.assertEqual(result.structured, {"words": 1, "unique": None})

    def test_a_hand_built_result_is_kept(self) -> None:
        def chart() -> ToolResult:
            return ToolResult([Image(PNG, "image/png")], {"points": 3})

        tool, result = self.run_tool(chart)
        self.assertIsNone(tool.output_schema)
        self.assertEqual(result, ToolResult([Image(PNG, "image/png")], {"points": 3}))

    def test_untyped_returns_are_shown_as_json_text(self) -> None:
        def anything() -> Any:
            return {"a": 1}

        tool, result = self.run_tool(anything)
        self.assertIsNone(tool.output_schema)
        self.assertEqual(result, ToolResult([Text('{"a":1}')]))


@dataclass
class Box:
    width: float
    height: float


class CallTest(unittest.TestCase):
    def setUp(self) -> None:
        self.host = support.record_host(self)
        self.box = Toolbox()

    def test_arguments_are_decoded_and_defaults_apply(self) -> None:
        seen: list[Any] = []

        @self.box.tool
        def area(shape: Box, scale: float = 1.0, label: str | None = None) -> float:
            seen.append((shape, scale, label))
            return shape.width * shape.height * scale

        result = self.box.call("area", {"shape": {"width": 2, "height": 3}})
        self.assertEqual(seen, [(Box(2.0, 3.0), 1.0, None)])
        self.assertEqual(result.structured, {"result": 6.0})

    def test_arguments_that_do_not_fit_are_invalid_input(self) -> None:
        @self.box.tool
        def area(shape: Box) -> float:
            return shape.width

        with self.assertRaisesRegex(InvalidInput, r"^shape\.width: expected a number, got a string$"):
            self.box.call("area", {"shape": {"width": "2", "height": 3}})
        with self.assertRaisesRegex(InvalidInput, "^missing arguments: shape$"):
            self.box.call("area", {})

    def test_tool_errors_pass_as_they_are(self) -> None:
        @self.box.tool
        def weather(city: str) -> str:
            if city == "nowhere":
                raise InvalidInput("no such city")
            raise UpstreamError("the weather service is down", status=503, retry_after=30)

        with self.assertRaises(InvalidInput):
            self.box.call("weather", {"city": "nowhere"})
        with self.assertRaises(UpstreamError) as caught:
            self.box.call("weather", {"city": "Paris"})
        self.assertEqual((caught.exception.status, caught.exception.retry_after), (503, 30))
        self.assertEqual(self.host.lines, [], "expected failures are not the operator's business")

    def test_any_other_exception_is_a_short_tool_error_and_logged(self) -> None:
        @self.box.tool
        def divide(a: int, b: int) -> float:
            return a / b

        @self.box.tool
        def lookup(key: str) -> str:
            return {}[key]  # type: ignore[no-any-return]

        with self.assertRaises(ToolError) as caught:
            self.box.call("divide", {"a": 1, "b": 0})
        self.assertEqual(caught.exception.message, "ZeroDivisionError: division by zero")
        self.assertIs(type(caught.exception), ToolError)
        ((level, line),) = self.host.lines
        self.assertEqual(level, "error")
        self.assertIn("tool divide failed", line)
        self.assertIn("Traceback", line)
        with self.assertRaisesRegex(ToolError, "^KeyError: 'x'$"):
            self.box.call("lookup", {"key": "x"})

    def test_a_result_without_json_form_is_a_tool_error(self) -> None:
        @self.box.tool
        def broken() -> WordCount:
            return WordCount(object())  # type: ignore[arg-type]

        with self.assertRaisesRegex(ToolError, "^TypeError: a object has no JSON form$"):
            self.box.call("broken")

    def test_resource_not_found_in_a_tool_is_a_tool_error(self) -> None:
        @self.box.tool
        def lookup(uri: str) -> str:
            raise ResourceNotFound(uri)

        with self.assertRaisesRegex(ToolError, "^ResourceNotFound: no resource at a://b$"):
            self.box.call("lookup", {"uri": "a://b"})

    def test_unknown_tools(self) -> None:
        with self.assertRaisesRegex(ToolError, "unknown tool nope"):
            self.box.call("nope")

    def test_the_context_is_injected(self) -> None:
        @self.box.tool
        def slow(steps: int, ctx: Context) -> str:
            for step in range(1, steps + 1):
                ctx.progress(step, steps)
            return "done"

        ctx = Context()
        self.box.call("slow", {"steps": 2}, ctx)
        self.assertEqual(len(ctx.notifications), 2)
        self.assertNotIn("ctx", self.box.catalog().tools[0].input_schema["properties"])


if __name__ == "__main__":
    unittest.main()
