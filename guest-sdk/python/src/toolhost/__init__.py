"""Write tools for toolhost, the MCP server that runs tools as WebAssembly
components, as typed Python functions.

::

    from dataclasses import dataclass
    from toolhost import tool

    @dataclass
    class WordCount:
        words: int
        unique: int | None = None

    @tool
    def word_count(text: str, *, unique: bool = False) -> WordCount:
        \"\"\"Counts the words in a text.

        Args:
            text: The text to count in.
            unique: Also count distinct words.
        \"\"\"
        words = text.split()
        return WordCount(len(words), len(set(words)) if unique else None)

The decorators derive each tool's input and output JSON Schemas from its
annotations and its description from its docstring; the component glue
(``toolhost.component``, imported by the app module that componentize-py
builds) serves them over the contract ``toolhost:tool@0.2.0``. Everything
but that glue runs natively, so tools unit-test with plain CPython::

    from toolhost import default_toolbox
    assert default_toolbox.call("word_count", {"text": "a b a"}).structured == {"words": 3, "unique": None}
"""

from . import config
from .asking import InputRequired, Question
from .completion import Completer
from .content import (
    Audio,
    Content,
    ContentAnnotations,
    EmbeddedResource,
    Image,
    Message,
    ResourceContents,
    ResourceLink,
    Role,
    Text,
)
from .context import (
    ClientCapabilities,
    Context,
    Elicited,
    LogEntry,
    LogLevel,
    Notification,
    Progress,
    Root,
    Sampled,
)
from .errors import InvalidInput, ResourceNotFound, ToolError, UpstreamError
from .host import HostLogLevel, log
from .outputs import ToolResult
from .prompts import Prompt, PromptArgument, PromptResult
from .resources import Resource, ResourceTemplate
from .toolbox import Catalog, Toolbox
from .tools import Tool, ToolAnnotations

#: The toolbox the module-level decorators add to, and the one the
#: component serves unless its app module says otherwise.
default_toolbox = Toolbox()

tool = default_toolbox.tool
resource = default_toolbox.resource
resource_template = default_toolbox.resource_template
prompt = default_toolbox.prompt

__all__ = [
    "Audio",
    "Catalog",
    "ClientCapabilities",
    "Completer",
    "Content",
    "ContentAnnotations",
    "Context",
    "Elicited",
    "EmbeddedResource",
    "HostLogLevel",
    "Image",
    "InputRequired",
    "InvalidInput",
    "LogEntry",
    "LogLevel",
    "Message",
    "Notification",
    "Progress",
    "Prompt",
    "PromptArgument",
    "PromptResult",
    "Question",
    "Resource",
    "ResourceContents",
    "ResourceLink",
    "ResourceNotFound",
    "ResourceTemplate",
    "Role",
    "Root",
    "Sampled",
    "Text",
    "Tool",
    "ToolAnnotations",
    "ToolError",
    "ToolResult",
    "Toolbox",
    "UpstreamError",
    "config",
    "default_toolbox",
    "log",
    "prompt",
    "resource",
    "resource_template",
    "tool",
]
