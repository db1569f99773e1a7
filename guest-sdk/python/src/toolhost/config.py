"""Settings and secrets the operator granted this component in its policy.

Nothing is granted by default, and a tool cannot ask for more: it names a
setting and gets its value only if the policy grants it. Secrets (API
tokens) are visible only here, never in the environment, and the host
redacts their values from everything a call returns or logs; still, never
put a value in a result, an error or a log line on purpose. Natively (in
unit tests) values come from the process environment.
"""

from __future__ import annotations

from . import host
from .errors import ToolError


def get(name: str) -> str | None:
    """The value of the granted setting or secret ``name``, or None when the
    policy grants nothing by that name."""
    return host.current().config(name)


def require(name: str) -> str:
    """The value of ``name``, or a ``ToolError`` telling the model (and,
    through it, the user) which setting the operator must grant. The message
    names the setting, never a value."""
    value = get(name)
    if value is None:
        raise ToolError(
            f"this tool needs the setting {name}, which it has not been given: the operator's policy must grant it"
        )
    return value
