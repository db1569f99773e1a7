// Tools: what a handler returns becomes a result, what it throws a tool
// error, never a crash; arguments arrive validated and typed.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";

import {
  Context,
  defineTool,
  image,
  InvalidInput,
  resourceLink,
  text,
  ToolError,
  Toolbox,
  ToolResult,
  UpstreamError,
  type Content,
} from "../src/index.ts";
import { recordHost, rejectsWith } from "./support.ts";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);

/** The result of running a tool with `handler` (and no arguments). */
async function resultOf(handler: () => unknown, output?: z.ZodObject): Promise<ToolResult> {
  const tool = defineTool({ name: "t", description: "d", ...(output && { output }) }, handler as never);
  const result = await new Toolbox([tool]).call("t");
  assert.ok(result instanceof ToolResult);
  return result;
}

describe("results", () => {
  test("a string is one text block", async () => {
    assert.deepEqual((await resultOf(() => "hi")).content, [{ type: "text", text: "hi" }]);
  });

  test("blocks and lists of blocks and strings are those blocks", async () => {
    const blocks: Content[] = [image(PNG, "image/png"), resourceLink({ uri: "file:///a.txt", name: "a", size: 3 })];
    assert.deepEqual((await resultOf(() => blocks[0])).content, [blocks[0]]);
    assert.deepEqual((await resultOf(() => ["chart:", ...blocks])).content, [text("chart:"), ...blocks]);
  });

  test("a block written as a literal, as MCP servers write them, works too", async () => {
    const result = await resultOf(() => ({
      type: "text",
      text: "hi",
      annotations: { audience: ["user"], priority: 1 },
    }));
    assert.deepEqual(result.content, [{ type: "text", text: "hi", annotations: { audience: ["user"], priority: 1 } }]);
  });

  test("nothing is no content; other data is shown as JSON", async () => {
    assert.deepEqual((await resultOf(() => undefined)).content, []);
    assert.deepEqual((await resultOf(() => ({ a: [1, "b"] }))).content, [text('{"a":[1,"b"]}')]);
    assert.deepEqual((await resultOf(() => [1, 2])).content, [text("[1,2]")]);
    assert.equal((await resultOf(() => "x")).structured, undefined);
  });

  test("with an output schema, an object is structured content and its JSON as text", async () => {
    const result = await resultOf(() => ({ words: 2, note: undefined }), z.object({ words: z.number() }));
    assert.deepEqual(result.structured, { words: 2 });
    assert.deepEqual(result.textBlocks, ['{"words":2}']);
  });

  test("a ToolResult is taken as it is", async () => {
    const built = new ToolResult(["The chart:", image(PNG, "image/png")], { max: 3 });
    assert.equal(await resultOf(() => built), built);
    assert.deepEqual(built.content[0], text("The chart:"));
  });

  test("async handlers are awaited", async () => {
    assert.deepEqual((await resultOf(async () => "later")).textBlocks, ["later"]);
  });
});

describe("arguments", () => {
  test("arrive validated by a zod schema: defaults filled in, types as declared", async () => {
    const seen: unknown[] = [];
    const tool = defineTool(
      { name: "t", description: "d", input: z.object({ text: z.string(), times: z.number().int().default(2) }) },
      ({ text, times }) => {
        seen.push({ text, times });
        return text.repeat(times);
      },
    );
    assert.deepEqual((await tool.run({ text: "ab" }, new Context())) as ToolResult, new ToolResult(["abab"]));
    assert.deepEqual(seen, [{ text: "ab", times: 2 }]);
  });

  test("what the schema refuses beyond JSON Schema (a refinement) is invalid input", async () => {
    const even = z.object({ n: z.number().refine((n) => n % 2 === 0, "must be even") });
    const tool = defineTool({ name: "t", description: "d", input: even }, ({ n }) => String(n));
    await rejectsWith(tool.run({ n: 3 }, new Context()), InvalidInput, "the arguments: n: must be even");
  });

  test("with a JSON Schema they arrive as they are", async () => {
    const input = { type: "object", properties: { a: { type: "integer" } } } as const;
    const tool = defineTool({ name: "t", description: "d", input }, (args) => JSON.stringify(args));
    assert.deepEqual(((await tool.run({ a: 1, b: 2 }, new Context())) as ToolResult).textBlocks, ['{"a":1,"b":2}']);
  });

  test("the handler's types follow the schemas", () => {
    defineTool(
      { name: "typed", description: "d", input: z.object({ n: z.number() }), output: z.object({ n: z.number() }) },
      // @ts-expect-error: n is a number, and the result must be { n: number }
      ({ n }) => ({ n: n.toUpperCase() }),
    );
  });
});

describe("errors", () => {
  const host = recordHost();

  test("ToolError, InvalidInput and UpstreamError pass as they are", async () => {
    const failing = (error: Error) =>
      defineTool({ name: "t", description: "d" }, () => {
        throw error;
      });
    const toolbox = (error: Error) => new Toolbox([failing(error)]);
    await rejectsWith(toolbox(new ToolError("no")).call("t"), ToolError, "no");
    await rejectsWith(toolbox(new InvalidInput("say a city")).call("t"), InvalidInput, "say a city");
    const upstream = await rejectsWith(
      toolbox(new UpstreamError("the weather service is down", { status: 503, retryAfter: 30 })).call("t"),
      UpstreamError,
      "the weather service is down",
    );
    assert.deepEqual([upstream.status, upstream.retryAfter], [503, 30]);
    assert.deepEqual(host.lines, [], "expected failures are not the operator's business");
  });

  test("anything else thrown is a ToolError with its name and message, its stack in the host's log", async () => {
    const tool = defineTool({ name: "broken", description: "d" }, () => (null as unknown as { x: string }).x);
    const error = await rejectsWith(
      new Toolbox([tool]).call("broken"),
      ToolError,
      "TypeError: Cannot read properties of null (reading 'x')",
    );
    assert.equal(error.name, "ToolError");
    assert.equal(host.lines.length, 1);
    const [level, line] = host.lines[0]!;
    assert.equal(level, "error");
    assert.match(line, /^tool broken failed: TypeError: Cannot read properties of null \(reading 'x'\)\n.*at /s);
  });

  test("a thrown value that is not an Error is described", async () => {
    const tool = defineTool({ name: "t", description: "d" }, async () => {
      throw { code: 7 };
    });
    await rejectsWith(new Toolbox([tool]).call("t"), ToolError, 'thrown object: {"code":7}');
  });

  test("a result that does not fit the tool is a ToolError, not a crash", async () => {
    const output = z.object({ n: z.number() });
    await rejectsWith(
      resultOf(() => "text", output),
      ToolError,
      "TypeError: the tool declares an output schema, so it returns an object of that shape, not a string",
    );
    await rejectsWith(
      resultOf(() => ({ n: NaN }), output),
      ToolError,
      "TypeError: the structured result: NaN at n has no JSON form",
    );
    await rejectsWith(
      resultOf(() => image(PNG, "png")),
      ToolError,
      'TypeError: a MIME type is type/subtype (such as image/png), not "png"',
    );
  });

  test("an unknown tool is a ToolError", async () => {
    await rejectsWith(new Toolbox().call("nope"), ToolError, "unknown tool nope");
  });
});

describe("definitions", () => {
  test("a name the host would refuse is refused", () => {
    assert.throws(
      () => defineTool({ name: "has space", description: "d" }, () => ""),
      /tool name "has space" must be 1-128 characters/,
    );
    assert.throws(() => defineTool({ name: "x".repeat(129), description: "d" }, () => ""), /must be 1-128 characters/);
  });

  test("two tools of one name are refused", () => {
    const tool = defineTool({ name: "t", description: "d" }, () => "");
    assert.throws(() => new Toolbox([tool, tool]), /a tool named t is already in the toolbox/);
  });

  test("content helpers refuse what the host would, where the block is made", () => {
    assert.throws(
      () => text("x", { audience: ["robot" as "user"] }),
      /an audience is made of "user" and "assistant", not robot/,
    );
    assert.throws(() => image(PNG, "image"), /a MIME type is type\/subtype/);
    assert.throws(() => resourceLink({ uri: "a://b", name: "b", size: 1.5 }), /a size is a number of bytes, not 1.5/);
    assert.throws(() => text(7 as unknown as string), /a text block's text is a string, not number/);
  });

  test("the catalog lists everything in the order added", () => {
    const a = defineTool({ name: "a", description: "A.", annotations: { readOnlyHint: true } }, () => "");
    const b = defineTool({ name: "b", title: "B", description: "B." }, () => "");
    const catalog = new Toolbox([b]).add(a).catalog();
    assert.deepEqual(
      catalog.tools.map((tool) => [tool.name, tool.title, tool.annotations]),
      [
        ["b", "B", undefined],
        ["a", undefined, { readOnlyHint: true }],
      ],
    );
    assert.equal(catalog.completions, false);
  });
});
