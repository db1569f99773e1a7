/**
 * markdown: a toolhost tool written in TypeScript, converting Markdown to
 * HTML with the `markdown-it` library, and a resource with a Markdown cheat
 * sheet for the model. (`marked`, the other common choice, does not load in
 * a component: its regular expressions use Unicode property escapes,
 * `\p{L}`, which the engine componentize-js embeds lacks; see the README.)
 *
 * Build it into a component (from `guest-sdk/js`):
 *
 *     node build.mjs examples/markdown -o /tmp/js-example/markdown.wasm
 *
 * and put the `.wasm` in the host's tools folder. The module knows nothing
 * of WebAssembly: it exports its toolbox, `build.mjs` adds the glue, and
 * its tests run it under Node (`test/example-markdown.test.ts`).
 */

import { defineResource, defineTool, InvalidInput, Toolbox } from "@toolhost/sdk";
import MarkdownIt, { type Token } from "markdown-it";
import { z } from "zod";

/** The longest Markdown converted, in characters, so that one call's time
 * and memory stay bounded. */
export const MAX_CHARS = 1_000_000;

const Heading = z.object({
  level: z.number().int().min(1).max(6).describe("1 for #, 2 for ##, ..."),
  text: z.string().describe("The heading's text, without Markdown."),
});

export const markdownToHtml = defineTool(
  {
    name: "markdown_to_html",
    title: "Markdown to HTML",
    description:
      "Converts Markdown (CommonMark, with tables and strikethrough) to HTML and lists the document's headings.",
    input: z.object({
      markdown: z.string().describe("The Markdown text."),
      html: z.boolean().default(false).describe("Pass HTML tags in the Markdown through; otherwise they are escaped."),
      linkify: z.boolean().default(true).describe("Turn bare URLs into links."),
      breaks: z.boolean().default(false).describe("Turn single line breaks into <br>."),
    }),
    output: z.object({
      html: z.string().describe("The HTML."),
      headings: z.array(Heading).describe("The headings, in order."),
    }),
    annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  },
  ({ markdown, html, linkify, breaks }, ctx) => {
    if (markdown.length > MAX_CHARS) {
      throw new InvalidInput(`the Markdown is ${markdown.length} characters long; the most is ${MAX_CHARS}`);
    }
    const converter = new MarkdownIt({ html, linkify, breaks });
    const tokens = converter.parse(markdown, {});
    const headings = tokens.flatMap((token, index) =>
      token.type === "heading_open" ? [{ level: Number(token.tag.slice(1)), text: plainText(tokens[index + 1]!) }] : [],
    );
    ctx.log("debug", { characters: markdown.length, headings: headings.length }, "markdown");
    return { html: converter.renderer.render(tokens, converter.options, {}), headings };
  },
);

export const cheatSheet = defineResource(
  {
    uri: "markdown://cheat-sheet",
    name: "cheat-sheet",
    title: "Markdown cheat sheet",
    description: "The Markdown syntax markdown_to_html understands, in brief.",
    mimeType: "text/markdown",
  },
  () =>
    [
      "# Heading 1, ## Heading 2, ... ###### Heading 6",
      "*emphasis*, **strong**, ~~strikethrough~~, `code`",
      "[a link](https://example.com), ![an image](https://example.com/a.png)",
      "- a list item, 1. a numbered one",
      "> a quotation",
      "```lang fenced code```",
      "| a | table |, then |---|---|",
    ].join("\n"),
);

/** The text of an inline token (a heading's), without its Markdown. */
function plainText(inline: Token): string {
  return (inline.children ?? [])
    .filter((child) => child.type === "text" || child.type === "code_inline")
    .map((child) => child.content)
    .join("");
}

export default new Toolbox([markdownToHtml, cheatSheet]);
