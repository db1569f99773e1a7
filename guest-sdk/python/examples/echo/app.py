"""echo: the smallest useful Python tool, and the one the language
benchmark (``cargo bench -p toolhost --bench languages``) calls beside the
Rust and JavaScript echoes.

Build it into a component with ``toolhost build --path examples/echo DIR``.
"""

from toolhost import tool


@tool
def py_echo(message: str) -> str:
    """Returns the message, unchanged."""
    return message
