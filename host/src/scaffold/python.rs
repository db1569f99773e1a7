//! The Python scaffold: `app.py` with one tool on the Python SDK, its
//! `unittest` tests, and a `pyproject.toml` naming the SDK by path, with
//! the `[build]` extra (componentize-py) that `toolhost build` runs.

use std::path::Path;

use super::{Template, component_file, shell_word};

pub(super) fn template(name: &str, sdk: &Path, dir: &Path) -> Template {
    let cd = shell_word(dir);
    let wasm = component_file(name);
    let next_steps = format!(
        "Created {shown}: a toolhost tool in Python with one tool, `{name}`.\n\
         \n\
         Set it up: cd {cd} && python3 -m venv .venv && .venv/bin/pip install -e .\n\
         Test it:   .venv/bin/python -m unittest\n\
         Build it:  toolhost build\n\
         Serve it:  toolhost serve --tools dist/{wasm}\n\
         Call it:   toolhost call {name} --tools dist/{wasm} --args '{{\"text\": \"one two two\"}}'\n\
         \n\
         (Python 3.11 or later. The set-up installs the SDK from {sdk} and\n\
         componentize-py, which `toolhost build` runs with .venv/bin/python.)\n",
        shown = dir.display(),
        sdk = sdk.display(),
    );
    Template {
        files: vec![
            ("pyproject.toml", pyproject_toml(name, sdk)),
            ("app.py", app_py(name)),
            ("test_app.py", test_app_py(name)),
            (
                ".gitignore",
                "/.venv/\n/dist/\n__pycache__/\n*.egg-info/\n".to_owned(),
            ),
        ],
        next_steps,
    }
}

fn pyproject_toml(name: &str, sdk: &Path) -> String {
    format!(
        r#"[project]
name = "{name}"
version = "0.1.0"
description = "A toolhost tool"
requires-python = ">=3.11"
# The SDK from a toolhost checkout; [build] adds componentize-py, which
# `toolhost build` runs to turn app.py into a WebAssembly component.
dependencies = ["toolhost-sdk[build] @ {url}"]

[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[tool.setuptools]
py-modules = ["app"]
"#,
        url = file_url(sdk),
    )
}

fn app_py(name: &str) -> String {
    format!(
        r#""""{name}: a toolhost tool written in Python.

A function decorated with ``@tool`` is a tool: the type hints of its
parameters become the JSON Schema the host checks every call against, its
docstring its description, and its return type its structured result. The
module knows nothing of WebAssembly, so its tests (``test_app.py``) run with
plain CPython; ``toolhost build`` turns it into a component.

The component holds only the modules imported while it is built: import what
you use at the top of the module, never inside a function.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Annotated

from toolhost import InvalidInput, tool


@dataclass
class WordCount:
    """How many words a text has, and which come up most.

    Attributes:
        words: How many words the text has.
        most_common: The most common words, most common first.
    """

    words: int
    most_common: list[str]


@tool(name="{name}", read_only=True, idempotent=True, open_world=False)
def count_words(
    text: Annotated[str, "The text to count the words of."],
    *,
    top: Annotated[int, "How many of the most common words to list."] = 3,
) -> WordCount:
    """Counts the words in a text and lists the most common ones."""
    words = text.lower().split()
    if not words:
        # Arguments that fit the schema but cannot be used: a tool error the
        # model can act on.
        raise InvalidInput("the text has no words")
    if top < 0:
        raise InvalidInput(f"top is how many words to list, not {{top}}")
    return WordCount(len(words), [word for word, _ in Counter(words).most_common(top)])
"#
    )
}

fn test_app_py(name: &str) -> String {
    format!(
        r#""""{name}'s tests, with plain CPython: ``python -m unittest``."""

import unittest

from toolhost import InvalidInput, default_toolbox

import app


class CountWordsTest(unittest.TestCase):
    def test_counts_the_words_and_lists_the_most_common(self) -> None:
        self.assertEqual(app.count_words("The cat saw the dog", top=1), app.WordCount(5, ["the"]))

    def test_answers_a_call_as_the_component_does(self) -> None:
        result = default_toolbox.call("{name}", {{"text": "one two two"}})
        self.assertEqual(result.structured, {{"words": 3, "most_common": ["two", "one"]}})

    def test_refuses_a_text_without_words(self) -> None:
        with self.assertRaises(InvalidInput):
            default_toolbox.call("{name}", {{"text": "  "}})


if __name__ == "__main__":
    unittest.main()
"#
    )
}

/// `path` (absolute) as a `file:` URL, as PEP 508 direct references take
/// them: bytes outside the unreserved set percent-encoded.
fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for byte in path.display().to_string().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sdk_is_a_file_url() {
        assert_eq!(
            file_url(Path::new("/src/my tools/guest-sdk/python")),
            "file:///src/my%20tools/guest-sdk/python"
        );
    }
}
