"""Builds a Python tool module into a toolhost component with componentize-py.

    python -m toolhost.build examples/csv_stats -o /tmp/py-example/csv_stats.wasm

(``toolhost build`` runs this with the contract's WIT it carries.) The app is
a module (``app.py`` in the given folder, or the given ``.py`` file) that
registers its tools with the ``toolhost`` decorators; it never imports the
WebAssembly glue, so its unit tests run with plain CPython. This module
writes a small entry module that imports the app and exports its toolbox
through ``toolhost.component``, then runs componentize-py against the
SDK's world (``wit/world.wit`` here: the contract's ``server-component`` with
outgoing HTTP named, so that ``toolhost.http`` has bindings) with the app's
folder and this SDK on the Python path. It lives in the package so that an installed SDK
builds as well as a checkout.

componentize-py runs the app's top level while it builds (so a bad schema
fails the build) and resolves imports only then: a module imported inside a
function may be missing when a request runs. The build warns about each
such import it finds in the app's folder. Packages installed beside
componentize-py (the app's dependencies, in the same venv) are found too.
"""

from __future__ import annotations

import argparse
import ast
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

#: The folder holding the ``toolhost`` package: ``src`` in a checkout,
#: ``site-packages`` when installed (componentize-py takes only the modules
#: the app imports from it).
SDK_PATH = Path(__file__).resolve().parent.parent
#: The contract's WIT in the checkout this file is part of, if it is in one.
CHECKOUT_WIT = SDK_PATH.parent.parent.parent / "wit" / "v0.2"
#: The SDK's own WIT: its world and the WASI packages it imports. The
#: contract's WIT, passed with ``--wit``, is added beside them.
SDK_WIT = Path(__file__).resolve().parent / "wit"
WORLD = "toolhost:python-sdk/tool@0.2.0"
ENTRY_MODULE = "toolhost_entry"
#: Pure-Python standard modules that the standard library itself imports
#: lazily, inside functions, on paths tools commonly take.
STDLIB_LAZY_IMPORTS = ("heapq", "_strptime")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m toolhost.build", description=__doc__.splitlines()[0])
    parser.add_argument("app", type=Path, help="the app's folder (holding app.py) or its .py file")
    parser.add_argument("-o", "--output", type=Path, required=True, help="where to write the component")
    parser.add_argument("--toolbox", help="the app's Toolbox attribute to serve (default: the default toolbox)")
    parser.add_argument(
        "--wit",
        type=Path,
        default=CHECKOUT_WIT if CHECKOUT_WIT.is_dir() else None,
        help="the contract's WIT folder (wit/v0.2 of a toolhost checkout; default: this checkout's)",
    )
    parser.add_argument(
        "--componentize-py",
        help="the componentize-py to run (default: the one beside this Python, else on PATH)",
    )
    args = parser.parse_args()

    app_file = args.app / "app.py" if args.app.is_dir() else args.app
    if not app_file.is_file():
        parser.error(f"{app_file} does not exist")
    if args.wit is None:
        parser.error("pass --wit DIR, the contract's WIT (wit/v0.2 of a toolhost checkout)")
    componentize_py = args.componentize_py or find_componentize_py()
    if componentize_py is None:
        parser.error(
            f"componentize-py is not installed for {sys.executable}: "
            f"run `{sys.executable} -m pip install componentize-py==0.25.1`"
        )
    for warning in lazy_imports(app_file.parent):
        print(f"warning: {warning}", file=sys.stderr)

    args.output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="toolhost-build-") as entry_dir:
        Path(entry_dir, f"{ENTRY_MODULE}.py").write_text(entry_source(app_file.stem, args.toolbox))
        wit = wit_folder(args.wit, Path(entry_dir, "wit"))
        command = [componentize_py, "-d", str(wit), "-w", WORLD, "componentize", ENTRY_MODULE]
        for path in (entry_dir, app_file.parent, SDK_PATH):
            command += ["-p", str(path)]
        command += ["-o", str(args.output)]
        started = time.monotonic()
        finished = subprocess.run(command, check=False)
    if finished.returncode != 0:
        return finished.returncode
    seconds = time.monotonic() - started
    size = args.output.stat().st_size
    print(f"built {args.output} ({size / 1e6:.1f} MB) in {seconds:.0f} s", file=sys.stderr)
    return 0


def wit_folder(contract: Path, folder: Path) -> Path:
    """The WIT componentize-py reads, written to ``folder``: the SDK's world,
    with the WASI packages and the contract's package as dependencies."""
    shutil.copytree(SDK_WIT, folder)
    shutil.copytree(contract, folder / "deps" / "toolhost-tool", ignore=shutil.ignore_patterns("deps"))
    return folder


def entry_source(app_module: str, toolbox: str | None) -> str:
    """The module componentize-py builds: the app, and its toolbox served
    as the class ``Server`` that componentize-py looks for."""
    served = f"{app_module}.{toolbox}" if toolbox else "toolhost.default_toolbox"
    return (
        f'"""Generated by toolhost.build: serves {served}."""\n'
        "import toolhost\n"
        f"import {app_module}\n"
        "from toolhost.component import server_for\n\n"
        "# The standard library imports these inside functions on common paths\n"
        "# (collections.Counter.most_common, datetime.strptime); imported now,\n"
        "# while componentize-py can still resolve imports.\n"
        f"import {', '.join(STDLIB_LAZY_IMPORTS)}  # noqa: E401, F401\n\n"
        f"Server = server_for({served})\n"
    )


def lazy_imports(folder: Path) -> list[str]:
    """Imports inside functions in the folder's modules, as warnings."""
    warnings = []
    for path in sorted(_modules(folder)):
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            for node in ast.walk(function):
                name = _imported(node)
                if name is not None and isinstance(node, (ast.stmt, ast.expr)):
                    warnings.append(
                        f"{path}:{node.lineno}: {name} is imported inside a function; componentize-py resolves "
                        "imports only while it builds, so import it at the top of the module"
                    )
    return sorted(set(warnings))


def _modules(folder: Path) -> list[Path]:
    """The app's own modules: the folder's ``.py`` files, but not those of
    a virtual environment, hidden folders or ``node_modules`` in it."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [
            d
            for d in dirs
            if not d.startswith(".") and d != "node_modules" and not Path(root, d, "pyvenv.cfg").exists()
        ]
        found += [Path(root, name) for name in files if name.endswith(".py")]
    return found


def _imported(node: ast.AST) -> str | None:
    if isinstance(node, ast.Import):
        return ", ".join(alias.name for alias in node.names)
    if isinstance(node, ast.ImportFrom):
        return "." * node.level + (node.module or "")
    if isinstance(node, ast.Call):
        callee = node.func
        name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", None)
        if name in ("import_module", "__import__"):
            return "a module (dynamically)"
    return None


def find_componentize_py() -> str | None:
    """componentize-py beside this Python (in its venv), else on PATH, if
    either is there."""
    beside = Path(sys.executable).parent / "componentize-py"
    return str(beside) if beside.exists() else shutil.which("componentize-py")


if __name__ == "__main__":
    sys.exit(main())
