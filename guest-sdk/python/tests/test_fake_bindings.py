"""The fake bindings the glue is tested against are what componentize-py
generates for the world the SDK builds against: checked whenever
componentize-py is installed (``COMPONENTIZE_PY`` names it, else it is looked
up on the PATH)."""

import ast
import os
import shutil
import subprocess
import tempfile
import unittest
from pathlib import Path

import support

from toolhost import build

COMPONENTIZE_PY = os.environ.get("COMPONENTIZE_PY") or shutil.which("componentize-py")
WIT = support.SDK.parent.parent / "wit" / "v0.2"
MODULES = [
    "wit_world/imports/toolhost_tool_types.py",
    "wit_world/imports/client.py",
    "wit_world/imports/log.py",
    "wit_world/imports/config.py",
]
#: Stand-ins holding only what the glue names at import: each name must
#: exist, with the same shape, in what componentize-py generates.
STAND_INS = [
    "wit_world/imports/wasi_http_types.py",
    "wit_world/imports/outgoing_handler.py",
    "wit_world/imports/streams.py",
]


def shape(path: Path) -> dict[str, list[str]]:
    """A module's classes with their fields (or enum members), its unions
    and its functions with their parameters."""
    found: dict[str, list[str]] = {}
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ClassDef):
            members = [
                item.target.id
                for item in node.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            ]
            members += [
                item.targets[0].id
                for item in node.body
                if isinstance(item, ast.Assign) and isinstance(item.targets[0], ast.Name)
            ]
            found[f"class {node.name}"] = members
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Subscript)
            and ast.unparse(node.value.value) == "Union"
        ):
            found[f"union {node.targets[0].id}"] = [ast.unparse(node.value.slice)]  # type: ignore[attr-defined]
        elif isinstance(node, ast.FunctionDef):
            found[f"def {node.name}"] = [arg.arg for arg in node.args.args]
    return found


@unittest.skipUnless(COMPONENTIZE_PY, "componentize-py is not installed")
class FakeBindingsTest(unittest.TestCase):
    def test_the_fake_matches_the_generated_bindings(self) -> None:
        with tempfile.TemporaryDirectory() as out:
            wit = build.wit_folder(WIT, Path(out, "wit"))
            subprocess.run(
                [COMPONENTIZE_PY, "-d", str(wit), "-w", build.WORLD, "bindings", out],
                check=True,
                capture_output=True,
            )
            for module in MODULES:
                generated, fake = shape(Path(out, module)), shape(support.HERE / "fake_bindings" / module)
                with self.subTest(module=module):
                    self.assertEqual({name: fake.get(name) for name in generated}, generated)
            for module in STAND_INS:
                generated, fake = shape(Path(out, module)), shape(support.HERE / "fake_bindings" / module)
                with self.subTest(module=module):
                    self.assertEqual({name: generated.get(name) for name in fake}, fake)
            exports = shape(Path(out, "wit_world/exports/__init__.py"))["class Server"]
            self.assertEqual(exports, [], "the Server protocol has methods only")


if __name__ == "__main__":
    unittest.main()
