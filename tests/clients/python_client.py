"""The official Python SDK (`mcp`) against toolhost: connect, list tools, call
a good tool and a failing one, check the results.

    python python_client.py legacy|modern --url http://127.0.0.1:PORT/mcp
    python python_client.py legacy|modern --stdio TOOLHOST serve --tools DIR

`legacy` opens with `initialize` (mode="legacy"); `modern` lets the SDK probe
with `server/discover` (mode="auto") and requires it to settle on 2026-07-28.
Prints one summary line; exits non-zero on any mismatch.
"""

import asyncio
import sys

from mcp import Client, StdioServerParameters

MODERN = "2026-07-28"


def check(condition, what):
    if not condition:
        raise AssertionError(what)


async def run(era, target):
    mode = "legacy" if era == "legacy" else "auto"
    async with Client(target, mode=mode) as client:
        version = client.protocol_version
        if era == "legacy":
            check(version != MODERN, f"legacy mode negotiated {version}")
        else:
            check(version == MODERN, f"auto mode settled on {version}, not {MODERN}")

        names = [tool.name for tool in (await client.list_tools()).tools]
        check("echo" in names and "fail" in names, f"tools/list lacks echo or fail: {names}")

        good = await client.call_tool("echo", {"message": "héllo from python"})
        check(not good.is_error, f"echo failed: {good}")
        check(good.content[0].text == "héllo from python", f"echo answered {good.content}")

        bad = await client.call_tool("fail", {})
        check(bad.is_error, f"fail did not set isError: {bad}")
        check(bad.content and bad.content[0].type == "text", f"fail has no text: {bad}")
        check("boom" in bad.content[0].text, f"fail text lacks the tool's message: {bad}")
        return version, len(names)


def main():
    if len(sys.argv) < 4 or sys.argv[1] not in ("legacy", "modern") or sys.argv[2] not in ("--url", "--stdio"):
        sys.exit(__doc__)
    era, how = sys.argv[1], sys.argv[2]
    if how == "--url":
        target, transport = sys.argv[3], "http"
    else:
        target, transport = StdioServerParameters(command=sys.argv[3], args=sys.argv[4:]), "stdio"
    try:
        version, count = asyncio.run(run(era, target))
    except BaseException as e:  # noqa: BLE001 - any failure is the test's failure
        print(f"FAIL python mcp {transport} {era}: {type(e).__name__}: {e}")
        sys.exit(1)
    print(f"ok python mcp {transport} {era}: protocol {version}, {count} tools, echo and fail as expected")


if __name__ == "__main__":
    main()
