// The markdown example, run under Node as its author would test it.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import toolbox, { MAX_CHARS } from "../examples/markdown/app.ts";
import { Context, InvalidInput, ToolResult, type ResourceContents } from "../src/index.ts";
import { rejectsWith } from "./support.ts";

describe("the markdown example", () => {
  test("converts Markdown and lists its headings", async () => {
    const ctx = new Context();
    const markdown = "# Hello *world*\n\nSee https://example.com\n\n## Use `npm`";
    const result = (await toolbox.call("markdown_to_html", { markdown }, ctx)) as ToolResult;
    assert.deepEqual(result.structured, {
      html:
        "<h1>Hello <em>world</em></h1>\n" +
        '<p>See <a href="https://example.com">https://example.com</a></p>\n' +
        "<h2>Use <code>npm</code></h2>\n",
      headings: [
        { level: 1, text: "Hello world" },
        { level: 2, text: "Use npm" },
      ],
    });
    assert.deepEqual(ctx.notifications, [
      {
        kind: "log",
        level: "debug",
        data: { json: `{"characters":${markdown.length},"headings":2}` },
        logger: "markdown",
      },
    ]);
  });

  test("escapes HTML unless asked to pass it through", async () => {
    const html = async (args: Record<string, unknown>) =>
      ((await toolbox.call("markdown_to_html", args)) as ToolResult).structured as { html: string };
    assert.equal((await html({ markdown: "<b>x</b>" })).html, "<p>&lt;b&gt;x&lt;/b&gt;</p>\n");
    assert.equal((await html({ markdown: "<b>x</b>", html: true })).html, "<p><b>x</b></p>\n");
  });

  test("refuses a text past the limit, saying the limit", async () => {
    await rejectsWith(
      toolbox.call("markdown_to_html", { markdown: "x".repeat(MAX_CHARS + 1) }),
      InvalidInput,
      `the Markdown is ${MAX_CHARS + 1} characters long; the most is ${MAX_CHARS}`,
    );
  });

  test("serves a cheat sheet as Markdown", async () => {
    const [sheet] = (await toolbox.read("markdown://cheat-sheet")) as ResourceContents[];
    assert.equal(sheet?.mimeType, "text/markdown");
    assert.match(sheet && "text" in sheet ? sheet.text : "", /^# Heading 1/);
  });
});
