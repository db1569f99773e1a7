"""toolhost.build's own logic: the entry module it writes and the lazy imports it
warns about (the componentize-py run itself is not a unit test)."""

import tempfile
import unittest
from pathlib import Path

import support

from toolhost import build


class BuildTest(unittest.TestCase):
    def test_the_entry_module_serves_the_chosen_toolbox(self) -> None:
        default = build.entry_source("app", None)
        self.assertIn("import app\n", default)
        self.assertIn("Server = server_for(toolhost.default_toolbox)\n", default)
        self.assertIn("import heapq, _strptime", default)
        compile(default, "entry", "exec")
        self.assertIn("Server = server_for(app.tools)\n", build.entry_source("app", "tools"))

    def test_imports_inside_functions_are_reported(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "app.py").write_text(
                "import json\n"
                "def tool():\n"
                "    import decimal\n"
                "    from .helpers import util\n"
                "    return lambda: __import__('fractions')\n"
                "class Fine:\n"
                "    import re\n"
            )
            warnings = build.lazy_imports(Path(folder))
        self.assertEqual(len(warnings), 3, warnings)
        advice = "componentize-py resolves imports only while it builds, so import it at the top of the module"
        self.assertTrue(warnings[0].endswith(f"app.py:3: decimal is imported inside a function; {advice}"))
        self.assertIn("app.py:4: .helpers", warnings[1])
        self.assertIn("app.py:5: a module (dynamically)", warnings[2])

    def test_a_virtual_environment_in_the_folder_is_not_the_apps(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            lazy = "def f():\n    import decimal\n"
            Path(folder, "app.py").write_text("import json\n")
            for venv in (".venv", "env"):
                Path(folder, venv, "lib").mkdir(parents=True)
                Path(folder, venv, "pyvenv.cfg").write_text("")
                Path(folder, venv, "lib", "dep.py").write_text(lazy)
            Path(folder, "helpers").mkdir()
            Path(folder, "helpers", "util.py").write_text(lazy)
            warnings = build.lazy_imports(Path(folder))
        self.assertEqual(len(warnings), 1, warnings)
        self.assertIn("util.py:2: decimal", warnings[0])

    def test_the_example_imports_everything_at_the_top(self) -> None:
        self.assertEqual(build.lazy_imports(support.SDK / "examples" / "csv_stats"), [])


if __name__ == "__main__":
    unittest.main()
