"""Blocks of content a tool returns and a prompt's messages carry: text,
images, sound, links to resources and resources themselves.

They are plain frozen dataclasses, so a unit test compares them with
``==``. Values the host would refuse (a MIME type that is not
``type/subtype``, a priority outside 0..1) are refused here already, where
the mistake is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Role = Literal["user", "assistant"]

_MIME_TYPE = re.compile(r"^[\w.+-]+/[\w.+-]+(;.*)?$")


@dataclass(frozen=True)
class ContentAnnotations:
    """Hints on a block or a resource, passed to the client as given.

    Args:
        audience: Who it is for; None means both.
        priority: How important it is, from 0 (least) to 1 (most).
        last_modified: When it last changed, as an ISO 8601 timestamp.
    """

    audience: tuple[Role, ...] | None = None
    priority: float | None = None
    last_modified: str | None = None

    def __post_init__(self) -> None:
        if self.priority is not None and not 0 <= self.priority <= 1:
            raise ValueError(f"a priority is between 0 and 1, not {self.priority}")
        if self.audience is not None:
            object.__setattr__(self, "audience", tuple(self.audience))
            unknown = [role for role in self.audience if role not in ("user", "assistant")]
            if unknown:
                raise ValueError(f"an audience is made of 'user' and 'assistant', not {unknown}")


@dataclass(frozen=True)
class Text:
    """Text for the model to read."""

    text: str
    annotations: ContentAnnotations | None = None


@dataclass(frozen=True)
class Image:
    """An image as raw bytes (the host base64-encodes them), such as a PNG
    with ``mime_type="image/png"``."""

    data: bytes
    mime_type: str
    annotations: ContentAnnotations | None = None

    def __post_init__(self) -> None:
        _check_mime_type(self.mime_type)


@dataclass(frozen=True)
class Audio:
    """A sound as raw bytes, such as a WAV file with ``mime_type="audio/wav"``."""

    data: bytes
    mime_type: str
    annotations: ContentAnnotations | None = None

    def __post_init__(self) -> None:
        _check_mime_type(self.mime_type)


@dataclass(frozen=True)
class ResourceLink:
    """A pointer to a resource the client may read (or fetch) itself.

    Args:
        uri: Where the resource is.
        name: Its name, for people and models.
        size: Its size in bytes, when known.
    """

    uri: str
    name: str
    title: str | None = None
    description: str | None = None
    mime_type: str | None = None
    size: int | None = None
    annotations: ContentAnnotations | None = None

    def __post_init__(self) -> None:
        check_size(self.size)


@dataclass(frozen=True)
class ResourceContents:
    """What a resource holds: text, or bytes (sent base64-encoded)."""

    uri: str
    body: str | bytes
    mime_type: str | None = None


@dataclass(frozen=True)
class EmbeddedResource:
    """A resource included in a result or a message, contents and all."""

    contents: ResourceContents
    annotations: ContentAnnotations | None = None


Content = Text | Image | Audio | ResourceLink | EmbeddedResource
"""One block of content."""

CONTENT_TYPES = (Text, Image, Audio, ResourceLink, EmbeddedResource)


@dataclass(frozen=True)
class Message:
    """One message of a prompt (or of a sampling request): a string is one
    text block.

    Args:
        content: What the message says.
        role: Who says it.
    """

    content: str | Content
    role: Role = "user"

    def __post_init__(self) -> None:
        if self.role not in ("user", "assistant"):
            raise ValueError(f"a message's role is 'user' or 'assistant', not {self.role!r}")
        if isinstance(self.content, str):
            object.__setattr__(self, "content", Text(self.content))
        elif not isinstance(self.content, CONTENT_TYPES):
            raise TypeError(f"a message holds a string or a content block, not {type(self.content).__name__}")


def check_size(size: int | None) -> None:
    """A size in bytes, when known, is a whole number that is not negative."""
    if size is not None and (not isinstance(size, int) or size < 0):
        raise ValueError(f"a size is a number of bytes, not {size!r}")


def _check_mime_type(mime_type: str) -> None:
    if not _MIME_TYPE.match(mime_type):
        raise ValueError(f"a MIME type is type/subtype (such as image/png), not {mime_type!r}")
