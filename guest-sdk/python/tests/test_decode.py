"""JSON into annotated Python types, and Python values back into JSON."""

import datetime
import enum
import unittest
import uuid
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Optional, TypedDict, Union

import support  # noqa: F401

from toolhost.decode import DecodeError, check_text_hint, from_json, from_text, text_choices
from toolhost.encode import dumps, to_json


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


@dataclass
class Point:
    x: float
    y: float = 0.0
    tags: list[str] = field(default_factory=list)


@dataclass
class Shape:
    name: str
    corners: list[Point]
    color: Color | None = None


class Movie(TypedDict, total=False):
    title: str
    year: int


class FromJsonTest(unittest.TestCase):
    def test_scalars(self) -> None:
        self.assertEqual(from_json("hi", str, "a"), "hi")
        self.assertIs(from_json(True, bool, "a"), True)
        self.assertEqual(from_json(3, int, "a"), 3)
        self.assertEqual(from_json(3.0, int, "a"), 3)
        self.assertIsInstance(from_json(3.0, int, "a"), int)
        self.assertEqual(from_json(2, float, "a"), 2.0)
        self.assertIsInstance(from_json(2, float, "a"), float)
        self.assertIsNone(from_json(None, None, "a"))
        self.assertEqual(from_json({"any": [1]}, Any, "a"), {"any": [1]})
        self.assertEqual(from_json(5, Annotated[int, "text"], "a"), 5)

    def test_strict_where_python_is_lenient(self) -> None:
        for value, hint in ((True, int), (1, bool), (2.5, int), ("1", int), (True, float), (1, str)):
            with self.subTest(value=value, hint=hint), self.assertRaises(DecodeError):
                from_json(value, hint, "a")

    def test_formats(self) -> None:
        self.assertEqual(from_json("2026-12-01T10:30:00Z", datetime.datetime, "a").tzinfo, datetime.timezone.utc)
        self.assertEqual(from_json("2026-12-01", datetime.date, "a"), datetime.date(2026, 12, 1))
        self.assertEqual(from_json("10:30", datetime.time, "a"), datetime.time(10, 30))
        text = "12345678-1234-5678-1234-567812345678"
        self.assertEqual(from_json(text, uuid.UUID, "a"), uuid.UUID(text))
        with self.assertRaisesRegex(DecodeError, "^a: "):
            from_json("yesterday", datetime.date, "a")

    def test_literals_and_enums(self) -> None:
        self.assertEqual(from_json("b", Literal["a", "b"], "a"), "b")
        self.assertIs(from_json("blue", Color, "a"), Color.BLUE)
        with self.assertRaises(DecodeError):
            from_json("green", Color, "a")
        with self.assertRaises(DecodeError):
            from_json(1, Literal[True], "a")

    def test_unions_take_the_first_arm_that_fits(self) -> None:
        self.assertIsNone(from_json(None, Optional[int], "a"))
        self.assertEqual(from_json(4, int | None, "a"), 4)
        self.assertEqual(from_json("x", Union[int, str], "a"), "x")
        self.assertEqual(from_json({"x": 1}, Union[str, Point], "a"), Point(1.0))
        with self.assertRaisesRegex(DecodeError, "fits none of its types"):
            from_json([], Union[int, str], "a")

    def test_containers(self) -> None:
        self.assertEqual(from_json([1, 2], list[int], "a"), [1, 2])
        self.assertEqual(from_json([1, 2, 2], set[int], "a"), {1, 2})
        self.assertEqual(from_json([1], frozenset[int], "a"), frozenset({1}))
        self.assertEqual(from_json([1, "x"], tuple[int, str], "a"), (1, "x"))
        self.assertEqual(from_json([1, 2, 3], tuple[int, ...], "a"), (1, 2, 3))
        self.assertEqual(from_json({"k": "red"}, dict[str, Color], "a"), {"k": Color.RED})
        with self.assertRaisesRegex(DecodeError, "expected 2 items"):
            from_json([1], tuple[int, str], "a")

    def test_dataclasses_nest_and_keep_defaults(self) -> None:
        shape = from_json(
            {"name": "tri", "corners": [{"x": 0}, {"x": 1, "y": 2, "tags": ["top"]}], "extra": 1}, Shape, "s"
        )
        self.assertEqual(shape, Shape("tri", [Point(0.0), Point(1.0, 2.0, ["top"])]))
        with self.assertRaisesRegex(DecodeError, r"^s\.corners\[1\]\.x: expected a number, got a string$"):
            from_json({"name": "tri", "corners": [{"x": 0}, {"x": "1"}]}, Shape, "s")
        with self.assertRaisesRegex(DecodeError, "^s: missing name, corners$"):
            from_json({}, Shape, "s")

    def test_typed_dicts_are_dicts(self) -> None:
        self.assertEqual(from_json({"title": "Up", "other": 1}, Movie, "m"), {"title": "Up"})


class FromTextTest(unittest.TestCase):
    def test_strings_become_their_annotated_types(self) -> None:
        self.assertEqual(from_text("x", str, "a"), "x")
        self.assertEqual(from_text("3", int, "a"), 3)
        self.assertEqual(from_text("2.5", Optional[float], "a"), 2.5)
        self.assertIs(from_text("TRUE", bool, "a"), True)
        self.assertEqual(from_text("b", Literal["a", "b"], "a"), "b")
        self.assertIs(from_text("red", Color, "a"), Color.RED)
        for text, hint in (("x", int), ("yes", bool), ("c", Literal["a", "b"]), ("green", Color)):
            with self.subTest(text=text), self.assertRaises(DecodeError):
                from_text(text, hint, "a")

    def test_only_string_like_hints_are_accepted(self) -> None:
        check_text_hint(Annotated[Optional[Color], "text"], "a")
        for hint in (list[str], Point, Literal[1, 2]):
            with self.subTest(hint=hint), self.assertRaisesRegex(TypeError, "^a is a string"):
                check_text_hint(hint, "a")

    def test_choices(self) -> None:
        self.assertEqual(text_choices(Literal["a", "b"]), ["a", "b"])
        self.assertEqual(text_choices(Color | None), ["red", "blue"])
        self.assertIsNone(text_choices(str))
        self.assertIsNone(text_choices(Literal[1]))


class ToJsonTest(unittest.TestCase):
    def test_values_become_json(self) -> None:
        value = {
            "shape": Shape("tri", [Point(1.0)], Color.RED),
            "when": datetime.date(2026, 1, 2),
            "id": uuid.UUID(int=1),
            "pair": (1, 2),
            "set": {3, 1, 2},
            Color.BLUE: None,
        }
        self.assertEqual(
            to_json(value),
            {
                "shape": {"name": "tri", "corners": [{"x": 1.0, "y": 0.0, "tags": []}], "color": "red"},
                "when": "2026-01-02",
                "id": "00000000-0000-0000-0000-000000000001",
                "pair": [1, 2],
                "set": [1, 2, 3],
                "blue": None,
            },
        )

    def test_values_without_json_form(self) -> None:
        for value in (b"x", float("nan"), {1: "x"}, object()):
            with self.subTest(value=value), self.assertRaises(TypeError):
                to_json(value)

    def test_dumps_is_compact_and_keeps_text(self) -> None:
        self.assertEqual(dumps({"a": ["é", 1]}), '{"a":["é",1]}')


if __name__ == "__main__":
    unittest.main()
