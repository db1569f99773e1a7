"""Input schemas from type hints: every supported type, exactly."""

import collections.abc
import datetime
import enum
import unittest
import uuid
from dataclasses import dataclass, field, make_dataclass
from typing import Annotated, Any, Literal, NotRequired, Optional, Required, TypedDict, Union

import support  # noqa: F401

from toolhost import Context, Toolbox
from toolhost.schema import form_schema, value_schema


class Color(enum.Enum):
    """A primary colour."""

    RED = "red"
    BLUE = "blue"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


@dataclass
class Point:
    """A point on the plane.

    Attributes:
        x: Across.
    """

    x: float
    y: Annotated[float, "Down."] = 0.0
    tags: list[str] = field(default_factory=list)


@dataclass
class Node:
    label: str
    children: "list[Node]"


class Movie(TypedDict, total=False):
    """A film."""

    title: Required[str]
    year: int
    rating: NotRequired[Annotated[float, "Out of 10."]]


class Totals(TypedDict):
    count: int


def params_of(fn: Any) -> dict[str, Any]:
    """The input schema of ``fn`` registered as a tool."""
    box = Toolbox()
    box.tool(fn)
    return box.catalog().tools[0].input_schema


def property_of(hint: Any) -> dict[str, Any]:
    """The schema of one required parameter annotated ``hint``, with the
    ``$defs`` it needs."""

    def tool(value: hint) -> str:  # type: ignore[valid-type]
        return ""

    schema = params_of(tool)
    self_contained = dict(schema["properties"]["value"])
    if "$defs" in schema:
        self_contained["$defs"] = schema["$defs"]
    return self_contained


class ScalarTest(unittest.TestCase):
    def test_scalars(self) -> None:
        self.assertEqual(property_of(str), {"type": "string"})
        self.assertEqual(property_of(int), {"type": "integer"})
        self.assertEqual(property_of(float), {"type": "number"})
        self.assertEqual(property_of(bool), {"type": "boolean"})
        self.assertEqual(property_of(None), {"type": "null"})
        self.assertEqual(property_of(Any), {})

    def test_standard_formats(self) -> None:
        self.assertEqual(property_of(datetime.datetime), {"type": "string", "format": "date-time"})
        self.assertEqual(property_of(datetime.date), {"type": "string", "format": "date"})
        self.assertEqual(property_of(datetime.time), {"type": "string", "format": "time"})
        self.assertEqual(property_of(uuid.UUID), {"type": "string", "format": "uuid"})

    def test_literals_are_enums(self) -> None:
        self.assertEqual(property_of(Literal["a", "b"]), {"type": "string", "enum": ["a", "b"]})
        self.assertEqual(property_of(Literal[1, 2]), {"type": "integer", "enum": [1, 2]})
        self.assertEqual(property_of(Literal["a", 1]), {"enum": ["a", 1]})

    def test_enums_are_defined_once(self) -> None:
        self.assertEqual(
            property_of(Color),
            {
                "$ref": "#/$defs/Color",
                "$defs": {"Color": {"type": "string", "enum": ["red", "blue"], "description": "A primary colour."}},
            },
        )
        self.assertEqual(
            property_of(Level), {"$ref": "#/$defs/Level", "$defs": {"Level": {"type": "integer", "enum": [1, 2]}}}
        )

    def test_optional_and_unions(self) -> None:
        nullable_int = {"anyOf": [{"type": "integer"}, {"type": "null"}]}
        self.assertEqual(property_of(Optional[int]), nullable_int)
        self.assertEqual(property_of(int | None), nullable_int)
        self.assertEqual(property_of(Union[int, str]), {"anyOf": [{"type": "integer"}, {"type": "string"}]})

    def test_annotated_text_is_the_description(self) -> None:
        self.assertEqual(property_of(Annotated[int, "How many."]), {"type": "integer", "description": "How many."})


class ContainerTest(unittest.TestCase):
    def test_sequences_and_sets(self) -> None:
        self.assertEqual(property_of(list[int]), {"type": "array", "items": {"type": "integer"}})
        self.assertEqual(property_of(collections.abc.Sequence[str]), {"type": "array", "items": {"type": "string"}})
        self.assertEqual(property_of(list), {"type": "array"})
        self.assertEqual(property_of(set[str]), {"type": "array", "items": {"type": "string"}, "uniqueItems": True})
        self.assertEqual(
            property_of(frozenset[int]), {"type": "array", "items": {"type": "integer"}, "uniqueItems": True}
        )

    def test_tuples(self) -> None:
        self.assertEqual(
            property_of(tuple[int, str]),
            {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}], "minItems": 2, "maxItems": 2},
        )
        self.assertEqual(property_of(tuple[float, ...]), {"type": "array", "items": {"type": "number"}})
        self.assertEqual(property_of(tuple[()]), {"type": "array", "maxItems": 0})

    def test_string_keyed_mappings(self) -> None:
        self.assertEqual(property_of(dict[str, int]), {"type": "object", "additionalProperties": {"type": "integer"}})
        self.assertEqual(property_of(dict[str, Any]), {"type": "object"})
        self.assertEqual(property_of(dict), {"type": "object"})
        self.assertEqual(
            property_of(collections.abc.Mapping[str, bool]),
            {"type": "object", "additionalProperties": {"type": "boolean"}},
        )


class NamedTypeTest(unittest.TestCase):
    def test_dataclasses(self) -> None:
        point = {
            "type": "object",
            "description": "A point on the plane.",
            "properties": {
                "x": {"type": "number", "description": "Across."},
                "y": {"type": "number", "description": "Down.", "default": 0.0},
                "tags": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["x"],
        }
        self.assertEqual(property_of(Point), {"$ref": "#/$defs/Point", "$defs": {"Point": point}})
        self.assertEqual(
            property_of(list[Point]), {"type": "array", "items": {"$ref": "#/$defs/Point"}, "$defs": {"Point": point}}
        )

    def test_recursive_dataclasses_refer_to_themselves(self) -> None:
        node = {
            "type": "object",
            "properties": {
                "label": {"type": "string"},
                "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
            },
            "required": ["label", "children"],
        }
        self.assertEqual(property_of(Node), {"$ref": "#/$defs/Node", "$defs": {"Node": node}})

    def test_typed_dicts_keep_their_required_keys(self) -> None:
        movie = {
            "type": "object",
            "description": "A film.",
            "properties": {
                "title": {"type": "string"},
                "year": {"type": "integer"},
                "rating": {"type": "number", "description": "Out of 10."},
            },
            "required": ["title"],
        }
        self.assertEqual(property_of(Movie), {"$ref": "#/$defs/Movie", "$defs": {"Movie": movie}})

    def test_a_ref_keeps_its_description(self) -> None:
        schema = property_of(Annotated[Color, "The pen's colour."])
        self.assertEqual(schema["$ref"], "#/$defs/Color")
        self.assertEqual(schema["description"], "The pen's colour.")

    def test_different_classes_with_one_name_get_different_entries(self) -> None:
        other = make_dataclass("Point", [("z", int)])

        def tool(a: Point, b: other) -> str:  # type: ignore[valid-type]
            return ""

        schema = params_of(tool)
        self.assertEqual(schema["properties"], {"a": {"$ref": "#/$defs/Point"}, "b": {"$ref": "#/$defs/Point2"}})
        self.assertEqual(schema["$defs"]["Point2"]["required"], ["z"])


class RootTest(unittest.TestCase):
    def test_the_root_is_an_object_of_the_parameters(self) -> None:
        def word_count(text: str, ctx: Context, *, unique: bool = False, limit: int | None = None) -> str:
            """Counts words.

            Args:
                text: The text to count in.
                unique: Also count distinct words.
            """
            return ""

        self.assertEqual(
            params_of(word_count),
            {
                "type": "object",
                "properties": {
                    "text": {"type": "string", "description": "The text to count in."},
                    "unique": {"type": "boolean", "description": "Also count distinct words.", "default": False},
                    "limit": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None},
                },
                "required": ["text"],
            },
        )

    def test_no_parameters(self) -> None:
        def now() -> str:
            return ""

        self.assertEqual(params_of(now), {"type": "object", "properties": {}})

    def test_defaults_are_shown_as_json(self) -> None:
        def paint(color: Color = Color.BLUE, at: tuple[int, int] = (1, 2)) -> str:
            return ""

        properties = params_of(paint)["properties"]
        self.assertEqual(properties["color"], {"$ref": "#/$defs/Color", "default": "blue"})
        self.assertEqual(properties["at"]["default"], [1, 2])


class UnsupportedTest(unittest.TestCase):
    def test_types_without_a_json_schema_are_refused_when_registered(self) -> None:
        for hint in (bytes, dict[int, str], object, complex):
            with self.subTest(hint=hint), self.assertRaisesRegex(TypeError, "tool tool"):
                property_of(hint)

    def test_a_default_without_json_form_is_refused(self) -> None:
        def tool(value: Any = object()) -> str:
            return ""

        with self.assertRaisesRegex(TypeError, "no JSON form"):
            params_of(tool)


class FormSchemaTest(unittest.TestCase):
    def test_a_flat_dataclass_is_a_form(self) -> None:
        @dataclass
        class Confirm:
            """Confirm the deletion.

            Attributes:
                ok: Delete them.
            """

            ok: bool
            reason: str | None = None
            copies: int = 1
            color: Color = Color.RED
            size: Literal["a4", "letter"] = "a4"

        self.assertEqual(
            form_schema(Confirm),
            {
                "type": "object",
                "description": "Confirm the deletion.",
                "properties": {
                    "ok": {"type": "boolean", "description": "Delete them."},
                    "reason": {"type": "string"},
                    "copies": {"type": "integer", "default": 1},
                    "color": {
                        "type": "string",
                        "enum": ["red", "blue"],
                        "description": "A primary colour.",
                        "default": "red",
                    },
                    "size": {"type": "string", "enum": ["a4", "letter"], "default": "a4"},
                },
                "required": ["ok"],
            },
        )

    def test_nested_or_non_string_choices_are_not_forms(self) -> None:
        @dataclass
        class Nested:
            at: Point

        @dataclass
        class Levels:
            level: Level

        for cls in (Nested, Levels):
            with self.subTest(cls=cls), self.assertRaisesRegex(TypeError, "elicitation form"):
                form_schema(cls)
        with self.assertRaisesRegex(TypeError, "dataclass or TypedDict"):
            form_schema(int)


class ValueSchemaTest(unittest.TestCase):
    def test_a_named_root_is_inlined(self) -> None:
        self.assertEqual(
            value_schema(Totals),
            {"type": "object", "properties": {"count": {"type": "integer"}}, "required": ["count"]},
        )


if __name__ == "__main__":
    unittest.main()
