// The glue, against fake imports: the `server` export's values exactly as
// componentize-js lowers them to the contract, and never a thrown Error
// (which would trap the instance).

import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { z } from "zod";

import { serverFor, type Imports } from "../src/component.ts";
import { useHost } from "../src/host.ts";
import {
  audio,
  config,
  defineResource,
  defineResourceTemplate,
  definePrompt,
  defineTool,
  embeddedResource,
  image,
  inputRequired,
  InvalidInput,
  log,
  ResourceNotFound,
  resourceLink,
  text,
  ToolResult,
  Toolbox,
  UpstreamError,
} from "../src/index.ts";

const PNG = new Uint8Array([0x89, 0x50]);
const FIRST_ROUND = { responses: [], client: { elicitation: true, sampling: false, roots: false } };

/** Fake imports that record every call. */
function fakeImports(settings: Record<string, string> = {}): { imports: Imports; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const imports: Imports = {
    client: {
      reportProgress: (...args) => calls.push(["reportProgress", ...args]),
      log: (...args) => calls.push(["client.log", ...args]),
    },
    log: { log: (...args) => calls.push(["log", ...args]) },
    config: { get: (name) => settings[name] },
  };
  return { imports, calls };
}

const chart = defineTool(
  {
    name: "chart",
    title: "Chart",
    description: "Draws a chart.",
    input: z.object({ points: z.array(z.number()) }),
    annotations: { readOnlyHint: true, openWorldHint: false },
  },
  ({ points }, ctx) => {
    ctx.progress(1, 2, "drawing");
    ctx.log("notice", { points: points.length }, "chart");
    log("info", `drawing ${points.length} points with ${config.get("STYLE")}`);
    if (points.length === 0) throw new InvalidInput("give at least one point");
    if (points[0] === -1) throw new UpstreamError("no", { status: 70_000, retryAfter: 2.5 });
    if (points[0] === -2) throw new RangeError("too far");
    if (points[0] === -3)
      return inputRequired()
        .elicit("ok", "Sure?", z.object({ ok: z.boolean() }))
        .roots("r")
        .withState("s");
    return new ToolResult(["max", image(PNG, "image/png")], { max: Math.max(...points) });
  },
);
const sum = defineTool(
  {
    name: "sum",
    description: "Adds.",
    input: z.object({ a: z.number(), b: z.number() }),
    output: z.object({ sum: z.number() }),
  },
  ({ a, b }, ctx) => ({ sum: a + b + (ctx.elicited("extra")?.contentAs(z.object({ n: z.number() })).n ?? 0) }),
);
const notes = defineResource(
  { uri: "notes://today", name: "today", mimeType: "text/plain", size: 5, annotations: { audience: ["user"] } },
  () => "Hello",
);
const weather = defineResourceTemplate(
  { uriTemplate: "weather://{city}", name: "weather", complete: { city: ["Lyon", "Paris"] } },
  ({ city }) => {
    if (city === "Atlantis") throw new ResourceNotFound();
    if (city === "Oops") throw new Error("boom");
    return { blob: new Uint8Array([1]) };
  },
);
const review = definePrompt(
  { name: "review", description: "Reviews.", arguments: z.object({ code: z.string().describe("The code") }) },
  ({ code }) => [`Review:\n${code}`, { role: "assistant", content: image(PNG, "image/png") }],
);
const toolbox = new Toolbox([chart, sum, notes, weather, review]);

describe("the server export", () => {
  afterEach(() => useHost({ log: () => {}, config: () => undefined }));

  test("describe lists the catalog as the contract has it", () => {
    const { imports } = fakeImports();
    assert.deepEqual(serverFor(toolbox, imports).describe(), {
      tools: [
        {
          name: "chart",
          title: "Chart",
          description: "Draws a chart.",
          inputSchema:
            '{"type":"object","properties":{"points":{"type":"array","items":{"type":"number"}}},"required":["points"]}',
          outputSchema: undefined,
          annotations: { readOnlyHint: true, openWorldHint: false },
        },
        {
          name: "sum",
          title: undefined,
          description: "Adds.",
          inputSchema:
            '{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}',
          outputSchema:
            '{"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"],"additionalProperties":false}',
          annotations: undefined,
        },
      ],
      resources: [
        {
          uri: "notes://today",
          name: "today",
          title: undefined,
          description: undefined,
          mimeType: "text/plain",
          size: 5n,
          annotations: { audience: ["user"], priority: undefined, lastModified: undefined },
        },
      ],
      resourceTemplates: [
        {
          uriTemplate: "weather://{city}",
          name: "weather",
          title: undefined,
          description: undefined,
          mimeType: undefined,
          annotations: undefined,
        },
      ],
      prompts: [
        {
          name: "review",
          title: undefined,
          description: "Reviews.",
          arguments: [{ name: "code", description: "The code", required: true }],
        },
      ],
      completions: true,
    });
  });

  test("a call's content, notifications, host log and settings go through the imports", async () => {
    const { imports, calls } = fakeImports({ STYLE: "bars" });
    const server = serverFor(toolbox, imports);
    assert.deepEqual(await server.callTool("chart", '{"points":[1,3]}', FIRST_ROUND), {
      tag: "ok",
      val: {
        tag: "done",
        val: {
          content: [
            { tag: "text", val: { text: "max", annotations: undefined } },
            { tag: "image", val: { data: PNG, mimeType: "image/png", annotations: undefined } },
          ],
          structured: '{"max":3}',
        },
      },
    });
    assert.deepEqual(calls, [
      ["reportProgress", 1, 2, "drawing"],
      ["client.log", "notice", "chart", { tag: "json", val: '{"points":2}' }],
      ["log", "info", "drawing 2 points with bars"],
    ]);
  });

  test("failures are the contract's tool errors, never thrown", async () => {
    const { imports, calls } = fakeImports();
    const server = serverFor(toolbox, imports);
    const call = (args: string) => server.callTool("chart", args, FIRST_ROUND);
    assert.deepEqual(await call('{"points":[]}'), {
      tag: "err",
      val: { tag: "invalid-input", val: "give at least one point" },
    });
    assert.deepEqual(await call('{"points":[-1]}'), {
      tag: "err",
      val: { tag: "upstream", val: { status: undefined, retryAfterSecs: undefined, message: "no" } },
    });
    assert.deepEqual(await call('{"points":[-2]}'), { tag: "err", val: { tag: "other", val: "RangeError: too far" } });
    assert.match(String(calls.at(-1)?.[2]), /^tool chart failed: RangeError: too far\n/);
    assert.deepEqual(await call("[1]"), {
      tag: "err",
      val: { tag: "invalid-input", val: "the arguments are not a JSON object" },
    });
    assert.deepEqual(await call("{"), {
      tag: "err",
      val: {
        tag: "invalid-input",
        val: "the arguments are not JSON: Expected property name or '}' in JSON at position 1 (line 1 column 2)",
      },
    });
    assert.deepEqual(await server.callTool("nope", "{}", FIRST_ROUND), {
      tag: "err",
      val: { tag: "other", val: "unknown tool nope" },
    });
  });

  test("a tool that does not wait is answered without a promise; one that does, with one", async () => {
    const { imports } = fakeImports();
    const tools = new Toolbox([
      defineTool({ name: "now", description: "sync", input: z.object({ n: z.number() }) }, ({ n }) => `${n + 1}`),
      defineTool({ name: "later", description: "async" }, async () => "done"),
      defineTool({ name: "broken", description: "throws" }, () => {
        throw new RangeError("bad range");
      }),
      defineTool({ name: "asks", description: "throws a question" }, () => {
        throw inputRequired().roots("r");
      }),
    ]);
    const server = serverFor(tools, imports);
    const now = server.callTool("now", '{"n":1}', FIRST_ROUND);
    assert.ok(!(now instanceof Promise), "no promise for a synchronous tool");
    const done = (text: string) => ({
      tag: "ok",
      val: {
        tag: "done",
        val: { content: [{ tag: "text", val: { text, annotations: undefined } }], structured: undefined },
      },
    });
    assert.deepEqual(now, done("2"));
    const invalid = server.callTool("now", '{"n":"x"}', FIRST_ROUND);
    assert.ok(!(invalid instanceof Promise));
    assert.equal(invalid.tag, "err");
    assert.deepEqual(server.callTool("broken", "{}", FIRST_ROUND), {
      tag: "err",
      val: { tag: "other", val: "RangeError: bad range" },
    });
    assert.deepEqual(server.callTool("asks", "{}", FIRST_ROUND), {
      tag: "ok",
      val: { tag: "input-required", val: { requests: [{ key: "r", request: { tag: "roots" } }], state: undefined } },
    });
    assert.deepEqual(server.callTool("nope", "{}", FIRST_ROUND), {
      tag: "err",
      val: { tag: "other", val: "unknown tool nope" },
    });
    const later = server.callTool("later", "{}", FIRST_ROUND);
    assert.ok(later instanceof Promise, "a promise for a tool that waits");
    assert.deepEqual(await later, done("done"));
    // The toolbox's own `call` always returns a promise, as it did.
    assert.ok(tools.call("now", { n: 1 }) instanceof Promise);
  });

  test("questions go out as keyed requests with the state; answers come back as JSON", async () => {
    const { imports } = fakeImports();
    const server = serverFor(toolbox, imports);
    assert.deepEqual(await server.callTool("chart", '{"points":[-3]}', FIRST_ROUND), {
      tag: "ok",
      val: {
        tag: "input-required",
        val: {
          requests: [
            {
              key: "ok",
              request: {
                tag: "elicitation",
                val: '{"message":"Sure?","requestedSchema":{"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"]}}',
              },
            },
            { key: "r", request: { tag: "roots" } },
          ],
          state: new TextEncoder().encode("s"),
        },
      },
    });
    const second = {
      responses: [
        { key: "extra", answer: '{"action":"accept","content":{"n":10}}' },
        { key: "garbled", answer: "not json" },
      ],
      state: new Uint8Array([1]),
      client: { elicitation: true, sampling: false, roots: false },
    };
    const done = await server.callTool("sum", '{"a":1,"b":2}', second);
    assert.deepEqual(done, {
      tag: "ok",
      val: {
        tag: "done",
        val: {
          content: [{ tag: "text", val: { text: '{"sum":13}', annotations: undefined } }],
          structured: '{"sum":13}',
        },
      },
    });
  });

  test("resources: contents, not found, and failures", async () => {
    const server = serverFor(toolbox, fakeImports().imports);
    assert.deepEqual(await server.readResource("notes://today", FIRST_ROUND), {
      tag: "ok",
      val: {
        tag: "done",
        val: [{ uri: "notes://today", mimeType: "text/plain", body: { tag: "text", val: "Hello" } }],
      },
    });
    assert.deepEqual(await server.readResource("weather://Lyon", FIRST_ROUND), {
      tag: "ok",
      val: {
        tag: "done",
        val: [{ uri: "weather://Lyon", mimeType: undefined, body: { tag: "blob", val: new Uint8Array([1]) } }],
      },
    });
    assert.deepEqual(await server.readResource("weather://Atlantis", FIRST_ROUND), {
      tag: "err",
      val: { tag: "not-found" },
    });
    assert.deepEqual(await server.readResource("mars://x", FIRST_ROUND), { tag: "err", val: { tag: "not-found" } });
    assert.deepEqual(await server.readResource("weather://Oops", FIRST_ROUND), {
      tag: "err",
      val: { tag: "failed", val: { tag: "other", val: "Error: boom" } },
    });
  });

  test("prompts and completions", async () => {
    const server = serverFor(toolbox, fakeImports().imports);
    assert.deepEqual(await server.getPrompt("review", [["code", "x = 1"]], FIRST_ROUND), {
      tag: "ok",
      val: {
        tag: "done",
        val: {
          description: "Reviews.",
          messages: [
            { role: "user", content: { tag: "text", val: { text: "Review:\nx = 1", annotations: undefined } } },
            {
              role: "assistant",
              content: { tag: "image", val: { data: PNG, mimeType: "image/png", annotations: undefined } },
            },
          ],
        },
      },
    });
    assert.deepEqual(await server.getPrompt("review", [], FIRST_ROUND), {
      tag: "err",
      val: { tag: "invalid-input", val: "missing arguments: code" },
    });
    const complete = (
      reference: { tag: "prompt" | "resource-template"; val: string },
      argument: string,
      value: string,
    ) => server.complete({ reference, argument, value, context: [] });
    assert.deepEqual(await complete({ tag: "resource-template", val: "weather://{city}" }, "city", "p"), {
      tag: "ok",
      val: { values: ["Paris"], total: 1 },
    });
    assert.deepEqual(await complete({ tag: "prompt", val: "nope" }, "x", ""), {
      tag: "err",
      val: { tag: "invalid-input", val: "nothing here to complete: no prompt nope" },
    });
  });

  test("every kind of block, with annotations, as the contract has it", async () => {
    const annotations = { audience: ["assistant" as const], priority: 0.5, lastModified: "2026-01-02T03:04:05Z" };
    const blocks = defineTool({ name: "blocks", description: "d" }, () => [
      text("t", annotations),
      audio(PNG, "audio/wav"),
      resourceLink({ uri: "file:///a", name: "a", title: "A", description: "An a.", mimeType: "text/plain", size: 3 }),
      embeddedResource({ uri: "notes://x", mimeType: "text/plain", text: "x" }, { priority: 1 }),
      embeddedResource({ uri: "bin://y", blob: PNG }),
    ]);
    const server = serverFor(new Toolbox([blocks]), fakeImports().imports);
    const wit = { audience: ["assistant"], priority: 0.5, lastModified: "2026-01-02T03:04:05Z" };
    const none = { audience: undefined, lastModified: undefined };
    assert.deepEqual(await server.callTool("blocks", "{}", FIRST_ROUND), {
      tag: "ok",
      val: {
        tag: "done",
        val: {
          content: [
            { tag: "text", val: { text: "t", annotations: wit } },
            { tag: "audio", val: { data: PNG, mimeType: "audio/wav", annotations: undefined } },
            {
              tag: "resource-link",
              val: {
                uri: "file:///a",
                name: "a",
                title: "A",
                description: "An a.",
                mimeType: "text/plain",
                size: 3n,
                annotations: undefined,
              },
            },
            {
              tag: "resource",
              val: {
                contents: { uri: "notes://x", mimeType: "text/plain", body: { tag: "text", val: "x" } },
                annotations: { ...none, priority: 1 },
              },
            },
            {
              tag: "resource",
              val: {
                contents: { uri: "bin://y", mimeType: undefined, body: { tag: "blob", val: PNG } },
                annotations: undefined,
              },
            },
          ],
          structured: undefined,
        },
      },
    });
  });

  test("serving something that is not a toolbox fails the build, saying what is wanted", () => {
    assert.throws(
      () => serverFor(undefined as never, fakeImports().imports),
      /the app must export a Toolbox \(new Toolbox\(\[\.\.\.\]\)\) to serve, not undefined/,
    );
  });
});
