"""Matching a URI against a resource template (RFC 6570) and taking out its
variables, so a template's function gets ``city`` rather than a URI to
parse.

The rules are the host's (it routes a read to the component whose template
matches): a simple variable (``{id}``) stands for one or more characters
other than ``/ ? #``, a reserved one (``{+path}``) for one or more of any
character, and where several splits fit, earlier variables take as little
as they can. Any other operator is refused when the template is
registered, since no read could reach it. Values are percent-decoded.
"""

from __future__ import annotations

import re
import urllib.parse

#: The longest URI matched, in characters; a longer one matches nothing.
MAX_URI_CHARS = 16 * 1024

_EXPRESSION = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"^[A-Za-z0-9_.%]+$")


class UriTemplate:
    """A parsed template, ready for matching."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.variables: list[str] = []
        pattern, end = [], 0
        for match in _EXPRESSION.finditer(template):
            if self.variables and match.start() == end:
                raise ValueError(f"{template}: two variables follow each other with nothing between them")
            pattern.append(_literal(template, template[end : match.start()]))
            reserved = match.group(1).startswith("+")
            name = match.group(1).removeprefix("+")
            if not _NAME.match(name):
                raise ValueError(
                    f"{template}: {{{match.group(1)}}} is not a simple {{name}} or reserved {{+name}} variable"
                )
            if name in self.variables:
                raise ValueError(f"{template}: the variable {name} appears twice")
            self.variables.append(name)
            pattern.append("(.+?)" if reserved else "([^/?#]+?)")
            end = match.end()
        pattern.append(_literal(template, template[end:]))
        self._pattern = re.compile("".join(pattern), re.DOTALL)

    def match(self, uri: str) -> dict[str, str] | None:
        """The variables of ``uri`` by name, percent-decoded, if it is one
        of the URIs the template names."""
        if len(uri) > MAX_URI_CHARS:
            return None
        found = self._pattern.fullmatch(uri)
        if found is None:
            return None
        return {name: urllib.parse.unquote(value) for name, value in zip(self.variables, found.groups(), strict=True)}


def _literal(template: str, text: str) -> str:
    if "{" in text or "}" in text:
        raise ValueError(f"{template}: a brace without its pair")
    return re.escape(text)
