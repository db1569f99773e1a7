"""The csv_stats example, run natively as its component would run it."""

import sys
import unittest

import support

from toolhost import Context, InvalidInput, Progress, default_toolbox

sys.path.insert(0, str(support.SDK / "examples" / "csv_stats"))
import app  # noqa: E402 - registers csv_stats with the default toolbox

TABLE = "name,age,city\nAda,36,London\nAlan,41,Wilmslow\nGrace,,Arlington\nAda,85,London\n"


class CsvStatsTest(unittest.TestCase):
    def test_summary(self) -> None:
        ctx = Context()
        result = default_toolbox.call("csv_stats", {"csv_text": TABLE}, ctx)
        name, age, city = result.structured["columns"]  # type: ignore[union-attr]
        self.assertEqual(result.structured["rows"], 4)  # type: ignore[union-attr]
        self.assertEqual((name["kind"], name["filled"], name["distinct"], name["most_common"]), ("text", 4, 3, "Ada"))
        self.assertEqual(
            (age["kind"], age["filled"], age["mean"], age["median"], age["minimum"], age["maximum"]),
            ("number", 3, 54.0, 41.0, 36.0, 85.0),
        )
        self.assertAlmostEqual(age["stdev"], 26.963, places=3)
        self.assertEqual(city["most_common"], "London")
        self.assertEqual(ctx.notifications[-1], Progress(3.0, 3.0, "column city"))

    def test_options(self) -> None:
        result = default_toolbox.call("csv_stats", {"csv_text": "1;2\n3;x\n", "delimiter": ";", "header": False})
        first, second = result.structured["columns"]  # type: ignore[union-attr]
        self.assertEqual((first["name"], first["kind"], first["mean"]), ("1", "number", 2.0))
        self.assertEqual((second["name"], second["kind"]), ("2", "text"))

    def test_unusable_input(self) -> None:
        for arguments in ({"csv_text": ""}, {"csv_text": "a", "delimiter": ";;"}):
            with self.subTest(arguments=arguments), self.assertRaises(InvalidInput):
                default_toolbox.call("csv_stats", arguments)

    def test_described_for_clients(self) -> None:
        tool = next(t for t in default_toolbox.catalog().tools if t.name == "csv_stats")
        self.assertEqual(tool.title, "CSV statistics")
        self.assertEqual(tool.input_schema["required"], ["csv_text"])
        self.assertEqual(tool.output_schema["required"], ["rows", "columns"])
        self.assertIn("ColumnSummary", tool.output_schema["$defs"])
        self.assertTrue(app.ColumnSummary.__doc__)


if __name__ == "__main__":
    unittest.main()
