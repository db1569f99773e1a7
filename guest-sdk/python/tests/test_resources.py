"""Resources at fixed URIs and by URI template, and template matching."""

import enum
import unittest

import support

from toolhost import (
    ClientCapabilities,
    ContentAnnotations,
    Context,
    InputRequired,
    InvalidInput,
    ResourceContents,
    ResourceNotFound,
    Toolbox,
    ToolError,
)
from toolhost.uri_template import MAX_URI_CHARS, UriTemplate


class Unit(enum.Enum):
    CELSIUS = "celsius"
    FAHRENHEIT = "fahrenheit"


class ResourceTest(unittest.TestCase):
    def setUp(self) -> None:
        support.record_host(self)
        self.box = Toolbox()

        @self.box.resource(
            "notes://today", mime_type="text/plain", size=17, annotations=ContentAnnotations(priority=0.5)
        )
        def today() -> str:
            """Today's notes."""
            return "Water the plants."

        @self.box.resource("logo://png", name="logo")
        def png() -> bytes:
            return b"\x89PNG"

        @self.box.resource("notes://all")
        def everything(ctx: Context) -> list[ResourceContents]:
            return [ResourceContents("notes://a", "A"), ResourceContents("notes://b", b"B", "application/octet-stream")]

        @self.box.resource_template(
            "weather://{city}/{unit}", mime_type="application/json", complete={"city": ["Paris", "Perth", "Oslo"]}
        )
        def weather(city: str, unit: Unit = Unit.CELSIUS) -> str:
            """The weather in a city."""
            if city == "Atlantis":
                raise ResourceNotFound(f"weather://{city}/{unit.value}")
            return f'{{"city": "{city}", "unit": "{unit.value}"}}'

        @self.box.resource_template("files://{+path}")
        def file(path: str, ctx: Context) -> str | InputRequired:
            if not ctx.client.roots:
                raise ToolError("no roots to read from")
            return InputRequired().roots("roots") if ctx.roots("roots") is None else f"read {path}"

        @self.box.resource_template("count://{n}")
        def count(n: int) -> str:
            return "x" * n

    def test_catalog(self) -> None:
        catalog = self.box.catalog()
        today, logo, _ = catalog.resources
        self.assertEqual(
            (today.uri, today.name, today.description, today.mime_type, today.size),
            ("notes://today", "today", "Today's notes.", "text/plain", 17),
        )
        self.assertEqual(today.annotations, ContentAnnotations(priority=0.5))
        self.assertEqual(logo.name, "logo")
        weather = catalog.resource_templates[0]
        self.assertEqual(
            (weather.uri_template, weather.name, weather.description),
            ("weather://{city}/{unit}", "weather", "The weather in a city."),
        )
        self.assertTrue(catalog.completions)

    def test_reading_fixed_resources(self) -> None:
        self.assertEqual(
            self.box.read("notes://today"), [ResourceContents("notes://today", "Water the plants.", "text/plain")]
        )
        self.assertEqual(self.box.read("logo://png"), [ResourceContents("logo://png", b"\x89PNG")])
        self.assertEqual(len(self.box.read("notes://all")), 2)  # type: ignore[arg-type]

    def test_reading_by_template(self) -> None:
        self.assertEqual(
            self.box.read("weather://S%C3%A3o%20Paulo/fahrenheit"),
            [
                ResourceContents(
                    "weather://S%C3%A3o%20Paulo/fahrenheit",
                    '{"city": "São Paulo", "unit": "fahrenheit"}',
                    "application/json",
                )
            ],
        )
        self.assertEqual(self.box.read("count://3")[0].body, "xxx")  # type: ignore[index]
        with self.assertRaisesRegex(InvalidInput, "^n: "):
            self.box.read("count://three")
        with self.assertRaisesRegex(InvalidInput, "^unit: expected one of celsius, fahrenheit"):
            self.box.read("weather://Paris/kelvin")

    def test_not_found(self) -> None:
        for uri in ("notes://tomorrow", "weather://Paris", "weather://Atlantis/celsius"):
            with self.subTest(uri=uri), self.assertRaises(ResourceNotFound):
                self.box.read(uri)

    def test_templates_may_ask_and_fail(self) -> None:
        with self.assertRaisesRegex(ToolError, "no roots"):
            self.box.read("files://a/b.txt")
        roots = ClientCapabilities(roots=True)
        self.assertIsInstance(self.box.read("files://a/b.txt", Context(client=roots)), InputRequired)
        answered = Context(client=roots, answers={"roots": {"roots": []}})
        self.assertEqual(self.box.read("files://a/b.txt", answered)[0].body, "read a/b.txt")  # type: ignore[index]

    def test_completion_of_template_variables(self) -> None:
        self.assertEqual(self.box.complete_template("weather://{city}/{unit}", "city", "p"), ["Paris", "Perth"])
        self.assertEqual(self.box.complete_template("weather://{city}/{unit}", "unit", "F"), ["fahrenheit"])
        self.assertEqual(self.box.complete_template("count://{n}", "n", ""), [])
        with self.assertRaises(InvalidInput):
            self.box.complete_template("nope://{x}", "x", "")

    def test_mistakes_are_refused_when_registered(self) -> None:
        def page(id: str) -> str:
            return id

        with self.assertRaisesRegex(TypeError, "takes no parameters"):
            self.box.resource("page://1")(page)
        with self.assertRaisesRegex(TypeError, r"must be the template's variables \(slug, id\)"):
            self.box.resource_template("page://{slug}")(page)
        with self.assertRaisesRegex(ValueError, "already registered"):
            self.box.resource("notes://today")(lambda: "")
        with self.assertRaisesRegex(ValueError, "completers for arguments it does not have: nope"):
            self.box.resource_template("page2://{id}", complete={"nope": []})(page)
        with self.assertRaisesRegex(ValueError, "size"):
            self.box.resource("big://1", size=-1)(lambda: "")


class UriTemplateTest(unittest.TestCase):
    def test_simple_variables_stop_at_slashes(self) -> None:
        template = UriTemplate("docs://{section}/{page}")
        self.assertEqual(template.variables, ["section", "page"])
        self.assertEqual(template.match("docs://guide/intro"), {"section": "guide", "page": "intro"})
        self.assertIsNone(template.match("docs://guide/a/b"))
        self.assertIsNone(template.match("docs://guide/"))
        self.assertIsNone(template.match("other://guide/intro"))

    def test_reserved_variables_take_anything(self) -> None:
        self.assertEqual(UriTemplate("files://{+path}").match("files://a/b?c#d"), {"path": "a/b?c#d"})

    def test_earlier_variables_take_as_little_as_they_can(self) -> None:
        self.assertEqual(UriTemplate("x://{a}-{b}").match("x://1-2-3"), {"a": "1", "b": "2-3"})

    def test_literal_characters_are_literal(self) -> None:
        self.assertIsNone(UriTemplate("a.b://{x}").match("aXb://1"))

    def test_bad_templates(self) -> None:
        for template in ("x://{a}{b}", "x://{?q}", "x://{a", "x://a}", "x://{a}/{a}", "x://{}"):
            with self.subTest(template=template), self.assertRaises(ValueError):
                UriTemplate(template)

    def test_long_uris_match_nothing(self) -> None:
        self.assertIsNone(UriTemplate("x://{+a}").match("x://" + "a" * MAX_URI_CHARS))


if __name__ == "__main__":
    unittest.main()
