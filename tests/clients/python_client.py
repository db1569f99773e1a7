"""The official Python SDK (`mcp`) against toolhost: connect, list tools, call
a good tool and a failing one, then the features a real application uses: an
image result, progress, the client's log, elicitation and (2026-07-28) sealed
request state.

    python python_client.py legacy|modern --url http://127.0.0.1:PORT/mcp
    python python_client.py legacy|modern --stdio TOOLHOST serve --tools DIR

The server must serve the `echo`, `misbehave`, `rich` and `conformance`
components. `legacy` opens with `initialize` (mode="legacy"); `modern` lets
the SDK probe with `server/discover` (mode="auto") and requires it to settle
on 2026-07-28. Prints one summary line ending in `checked: ...` (what held);
exits non-zero on any mismatch.
"""

import asyncio
import base64
import sys
import warnings

from mcp import Client, MCPDeprecationWarning, MCPError, StdioServerParameters, types

MODERN = "2026-07-28"
LOG_LEVEL = "io.modelcontextprotocol/logLevel"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
INVALID_PARAMS = -32602


def check(condition, what):
    if not condition:
        raise AssertionError(what)


class Watch:
    """What the server told the client while the script ran, by the call in
    flight when it arrived: progress (the call's own callback), log entries
    (the client's logging callback), every notification (the message
    handler) and the questions it asked (the elicitation callback).

    The SDK's dispatcher reads the messages in order and starts their
    callbacks before it wakes the caller waiting on the reply that follows
    them, so each record carries the call that was in flight when its
    message arrived; a progress notification finds its call's callback when
    it arrives, and one after the reply finds none (the message handler
    still sees it)."""

    def __init__(self):
        self.call = None
        self.progress = []
        self.logs = []
        self.notifications = []
        self.questions = []

    async def on_progress(self, progress, total, message):
        self.progress.append((self.call, progress, total, message))

    async def on_log(self, params):
        self.logs.append((self.call, params.level, params.logger, params.data))

    async def on_message(self, message):
        if isinstance(message, Exception):
            return
        method = getattr(message, "method", None)
        if method in ("notifications/progress", "notifications/message"):
            self.notifications.append((self.call, method))

    async def on_elicit(self, context, params):
        """Confirms a deletion unless the path says to keep it."""
        self.questions.append((self.call, params.message, params.requested_schema))
        return types.ElicitResult(action="accept", content={"ok": "keep" not in params.message})

    def of(self, records, label):
        return [record[1:] for record in records if record[0] == label]

    async def watched(self, client, label, call):
        """Runs `call` as `label`, then one more round trip: anything the
        server sent about `label` after its reply arrives before that one's
        reply, and fails the check."""
        self.call = label
        try:
            result = await call()
        finally:
            self.call = f"after {label}"
        await client.call_tool("echo", {"message": "after"})
        late = self.of(self.notifications, f"after {label}")
        check(not late, f"{label}: notifications after the reply: {late}")
        self.call = None
        return result


def text_of(result):
    check(not result.is_error, f"tool error: {result}")
    texts = [c.text for c in result.content if c.type == "text"]
    check(len(texts) == 1, f"expected one text block: {result.content}")
    return texts[0]


async def image(client):
    result = await client.call_tool("pixel", {})
    check(not result.is_error, f"pixel failed: {result}")
    images = [c for c in result.content if c.type == "image"]
    check(len(images) == 1, f"pixel returned no single image: {result.content}")
    check(images[0].mime_type == "image/png", f"image mimeType {images[0].mime_type!r}")
    png = base64.b64decode(images[0].data, validate=True)
    check(png.startswith(PNG_SIGNATURE), f"image data is not a PNG: {png[:16]!r}")
    return f"image ({len(png)}-byte PNG)"


async def progress(client, watch):
    result = await watch.watched(
        client,
        "progress",
        lambda: client.call_tool("test_tool_with_progress", {}, progress_callback=watch.on_progress),
    )
    text_of(result)
    reports = watch.of(watch.progress, "progress")
    values = [value for value, _, _ in reports]
    check(values == [0, 50, 100], f"progress reports {reports}, not 0, 50, 100 in order")
    check(all(total == 100 for _, total, _ in reports), f"progress totals: {reports}")
    late = [r for r in watch.progress if r[0] != "progress"]
    check(not late, f"progress outside its call: {late}")
    return "progress (0 < 50 < 100 of 100)"


async def hello(client, watch, label, meta=None):
    result = await watch.watched(client, label, lambda: client.call_tool("hello", {}, meta=meta))
    check(text_of(result) == "hello", f"hello answered {result.content}")
    return watch.of(watch.logs, label)


async def logging(client, watch, era):
    """The client's log: nothing until the client asks, nothing below the
    level it asked for, the entry at it."""
    said = [("info", "rich", "said hello")]
    if era == "legacy":
        check(await hello(client, watch, "log unset") == [], "a log entry before logging/setLevel")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MCPDeprecationWarning)
            await client.set_logging_level("warning")
            warning = await hello(client, watch, "log warning")
            await client.set_logging_level("info")
        info = await hello(client, watch, "log info")
    else:
        none = await hello(client, watch, "log unset")
        check(none == [], f"log entries without {LOG_LEVEL}: {none}")
        warning = await hello(client, watch, "log warning", {LOG_LEVEL: "warning"})
        info = await hello(client, watch, "log info", {LOG_LEVEL: "info"})
    check(warning == [], f"an info entry reached a client that asked for warning: {warning}")
    check(info == said, f"log entries at info: {info}, not {said}")
    return "log (none unasked; none below warning; info at info)"


async def elicitation(client, watch):
    """The user's answer reaches the tool, and its state the second round:
    the legacy era by `elicitation/create`, 2026-07-28 by the SDK's own
    `input_required` retry; either way through the elicitation callback."""
    for path, verb in [("/tmp/python-doomed", "deleted"), ("/tmp/python-keep", "kept")]:
        label = f"confirm {path}"
        result = await watch.watched(client, label, lambda: client.call_tool("confirm", {"path": path}))
        expected = f"{verb} {path} (asked about {path})"
        check(text_of(result) == expected, f"confirm answered {text_of(result)!r}, not {expected!r}")
        asked = watch.of(watch.questions, label)
        check(len(asked) == 1, f"{label}: asked {len(asked)} times: {asked}")
        message, schema = asked[0]
        check(message == f"Delete {path}?", f"{label}: asked {message!r}")
        check(schema["properties"]["ok"]["type"] == "boolean", f"{label}: schema {schema}")
    return "elicitation (ok=true deleted; ok=false kept)"


def tamper(state):
    middle = len(state) // 2
    return state[:middle] + ("B" if state[middle] == "A" else "A") + state[middle + 1 :]


async def tampered_state(client):
    """A 2026-07-28 retry by hand: the state changed in one character is
    refused with -32602, the state as issued is accepted."""
    path = "/tmp/python-sealed"
    arguments = {"path": path}
    first = await client.session.call_tool("confirm", arguments, allow_input_required=True)
    check(isinstance(first, types.InputRequiredResult), f"confirm did not ask: {first}")
    check(list(first.input_requests) == ["confirm"], f"input requests: {first.input_requests}")
    check(first.request_state, f"no requestState: {first}")
    answers = {"confirm": types.ElicitResult(action="accept", content={"ok": True})}
    try:
        refused = await client.session.call_tool(
            "confirm",
            arguments,
            input_responses=answers,
            request_state=tamper(first.request_state),
            allow_input_required=True,
        )
    except MCPError as e:
        check(e.code == INVALID_PARAMS, f"tampered requestState refused with {e.code}, not {INVALID_PARAMS}: {e}")
    else:
        raise AssertionError(f"tampered requestState accepted: {refused}")
    final = await client.session.call_tool(
        "confirm", arguments, input_responses=answers, request_state=first.request_state
    )
    expected = f"deleted {path} (asked about {path})"
    check(text_of(final) == expected, f"the untampered retry answered {final.content}")
    return f"tampered requestState ({INVALID_PARAMS})"


async def run(era, target):
    watch = Watch()
    mode = "legacy" if era == "legacy" else "auto"
    async with Client(
        target,
        mode=mode,
        logging_callback=watch.on_log,
        message_handler=watch.on_message,
        elicitation_callback=watch.on_elicit,
    ) as client:
        version = client.protocol_version
        if era == "legacy":
            check(version != MODERN, f"legacy mode negotiated {version}")
        else:
            check(version == MODERN, f"auto mode settled on {version}, not {MODERN}")

        names = [tool.name for tool in (await client.list_tools()).tools]
        for name in ("echo", "fail", "pixel", "hello", "confirm", "test_tool_with_progress"):
            check(name in names, f"tools/list lacks {name}: {names}")

        good = await client.call_tool("echo", {"message": "héllo from python"})
        check(not good.is_error, f"echo failed: {good}")
        check(good.content[0].text == "héllo from python", f"echo answered {good.content}")

        bad = await client.call_tool("fail", {})
        check(bad.is_error, f"fail did not set isError: {bad}")
        check(bad.content and bad.content[0].type == "text", f"fail has no text: {bad}")
        check("boom" in bad.content[0].text, f"fail text lacks the tool's message: {bad}")

        checked = ["echo", "fail"]
        checked.append(await image(client))
        checked.append(await progress(client, watch))
        checked.append(await logging(client, watch, era))
        checked.append(await elicitation(client, watch))
        if era == "modern":
            checked.append(await tampered_state(client))
        return version, len(names), checked


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("legacy", "modern") or sys.argv[2] not in ("--url", "--stdio"):
        sys.exit(__doc__)
    era, how = sys.argv[1], sys.argv[2]
    if how == "--url":
        target, transport = sys.argv[3], "http"
    else:
        target, transport = StdioServerParameters(command=sys.argv[3], args=sys.argv[4:]), "stdio"
    try:
        version, count, checked = asyncio.run(run(era, target))
    except BaseException as e:  # noqa: BLE001 - any failure is the test's failure
        # The SDK's task groups wrap the failure: show what failed.
        while isinstance(e, BaseExceptionGroup) and len(e.exceptions) == 1:
            e = e.exceptions[0]
        print(f"FAIL python mcp {transport} {era}: {type(e).__name__}: {e}")
        sys.exit(1)
    print(f"ok python mcp {transport} {era}: protocol {version}, {count} tools; checked: {', '.join(checked)}")


if __name__ == "__main__":
    main()
