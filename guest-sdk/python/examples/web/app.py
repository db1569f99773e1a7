"""web: reads web pages and posts to webhooks through ``toolhost.http``,
which goes over ``wasi:http``: the operator's network policy decides which
hosts the component may reach, per request and per redirect.

    [components.web.network]
    allow = ["https://example.com"]
"""

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from toolhost import http, tool


@dataclass
class Page:
    """What a page is, without its text."""

    status: int
    content_type: str | None
    title: str | None
    links: int
    bytes: int


class _Outline(HTMLParser):
    """The title and the number of links of an HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.title: str | None = None
        self.links = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a" and any(name == "href" for name, _ in attrs):
            self.links += 1
        self._in_title = tag == "title" and self.title is None

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data.strip()


@tool(read_only=True)
def page_info(url: str) -> Page:
    """Fetches a web page and tells its title, how many links it has and its size.

    Args:
        url: An http:// or https:// URL the operator allows this tool to reach.
    """
    response = http.get(url, timeout=10).raise_for_status()
    outline = _Outline()
    content_type = response.header("content-type")
    if content_type is None or "html" in content_type:
        outline.feed(response.text())
    return Page(response.status, content_type, outline.title, outline.links, len(response.body))


@dataclass
class Delivery:
    """How a webhook answered."""

    status: int
    reply: Any


@tool
def notify(url: str, event: str, data: dict[str, Any]) -> Delivery:
    """Posts an event to a webhook as JSON and returns its answer.

    Args:
        url: The webhook's URL.
        event: The event's name, such as "build.finished".
        data: The event's details.
    """
    response = http.post(url, json={"event": event, "data": data}, timeout=10).raise_for_status()
    is_json = (response.header("content-type") or "").startswith("application/json")
    return Delivery(response.status, response.json() if is_json else response.text())
