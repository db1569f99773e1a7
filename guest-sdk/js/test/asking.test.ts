// Asking the client: the questions a round ends with, exactly as the host
// forwards them, and the round trip through answers and state.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";

import {
  Context,
  defineTool,
  image,
  InputRequired,
  inputRequired,
  message,
  ToolError,
  Toolbox,
  ToolResult,
} from "../src/index.ts";
import { recordHost, rejectsWith } from "./support.ts";

const Confirm = z.object({ ok: z.boolean().describe("Delete them") });
const EMAIL_PATTERN = (z.toJSONSchema(z.email()) as { pattern: string }).pattern;

/** Round one lists the files and asks; round two (same arguments, the
 * user's answer, the state) deletes exactly the files the user was shown. */
const purge = defineTool(
  { name: "purge", description: "Empties a folder, once the user confirms.", input: z.object({ folder: z.string() }) },
  ({ folder }, ctx) => {
    const answer = ctx.elicited("confirm");
    if (answer === undefined) {
      if (!ctx.client.elicitation) throw new ToolError("this client cannot confirm: nothing was deleted");
      const files = ["a.log", "b.log", "c.log"]; // found in folder
      return inputRequired()
        .elicit("confirm", `Delete ${files.length} files in ${folder}?`, Confirm)
        .withState(files.join("\n"));
    }
    if (!answer.accepted || !answer.contentAs(Confirm).ok) return "Nothing was deleted.";
    return `Deleted ${ctx.stateText!.split("\n").length} files.`;
  },
);

describe("an input-required round trip", () => {
  const toolbox = new Toolbox([purge]);

  test("round one asks, with the form and the state", async () => {
    const asked = await toolbox.call("purge", { folder: "/tmp/logs" }, new Context({ client: { elicitation: true } }));
    assert.ok(asked instanceof InputRequired);
    assert.deepEqual(
      [...asked.requests],
      [
        [
          "confirm",
          {
            kind: "elicitation",
            params: {
              message: "Delete 3 files in /tmp/logs?",
              requestedSchema: {
                type: "object",
                properties: { ok: { type: "boolean", description: "Delete them" } },
                required: ["ok"],
              },
            },
          },
        ],
      ],
    );
    assert.equal(new TextDecoder().decode(asked.state), "a.log\nb.log\nc.log");
  });

  test("round two gets the answer and the state", async () => {
    const first = (await toolbox.call(
      "purge",
      { folder: "/tmp/logs" },
      new Context({ client: { elicitation: true } }),
    )) as InputRequired;
    const second = new Context({
      answers: { confirm: { action: "accept", content: { ok: true } } },
      state: first.state!,
    });
    assert.deepEqual(((await toolbox.call("purge", { folder: "/tmp/logs" }, second)) as ToolResult).textBlocks, [
      "Deleted 3 files.",
    ]);
    const declined = new Context({ answers: { confirm: { action: "decline" } }, state: first.state! });
    assert.deepEqual(((await toolbox.call("purge", { folder: "/tmp/logs" }, declined)) as ToolResult).textBlocks, [
      "Nothing was deleted.",
    ]);
  });

  test("a client that cannot answer gets a tool error", async () => {
    await rejectsWith(
      toolbox.call("purge", { folder: "/x" }),
      ToolError,
      "this client cannot confirm: nothing was deleted",
    );
  });
});

describe("questions", () => {
  const host = recordHost();

  test("sampling params, as sampling/createMessage takes them", () => {
    const asked = inputRequired().sample(
      "summary",
      [
        "Summarize this chart.",
        message(image(new Uint8Array([1, 2, 3]), "image/png")),
        { role: "assistant", content: "Sure." },
      ],
      {
        maxTokens: 200,
        systemPrompt: "Be brief.",
        temperature: 0.2,
        stopSequences: ["END"],
        modelHints: ["claude", "gpt"],
      },
    );
    assert.deepEqual(asked.requests.get("summary"), {
      kind: "sampling",
      params: {
        messages: [
          { role: "user", content: { type: "text", text: "Summarize this chart." } },
          { role: "user", content: { type: "image", data: "AQID", mimeType: "image/png" } },
          { role: "assistant", content: { type: "text", text: "Sure." } },
        ],
        maxTokens: 200,
        systemPrompt: "Be brief.",
        temperature: 0.2,
        stopSequences: ["END"],
        modelPreferences: { hints: [{ name: "claude" }, { name: "gpt" }] },
      },
    });
    assert.deepEqual(inputRequired().sample("s", "Hi", { maxTokens: 5 }).requests.get("s"), {
      kind: "sampling",
      params: { messages: [{ role: "user", content: { type: "text", text: "Hi" } }], maxTokens: 5 },
    });
  });

  test("roots, keys in the order asked, the same key asked again replaced in place", () => {
    const asked = inputRequired().roots("r").elicit("f", "First?", Confirm).roots("x").elicit("f", "Again?", Confirm);
    assert.deepEqual([...asked.requests.keys()], ["r", "f", "x"]);
    assert.deepEqual(asked.requests.get("r"), { kind: "roots" });
    assert.deepEqual(asked.requests.get("f"), inputRequired().elicit("f", "Again?", Confirm).requests.get("f"));
  });

  test("a form is a flat object of strings, numbers, booleans and string choices", () => {
    const form = z.object({
      email: z.email(),
      size: z.enum(["S", "M", "L"]),
      count: z.number().int().min(1),
      note: z.string().optional(),
    });
    assert.deepEqual(inputRequired().elicit("k", "?", form).requests.get("k"), {
      kind: "elicitation",
      params: {
        message: "?",
        requestedSchema: {
          type: "object",
          properties: {
            email: { type: "string", format: "email", pattern: EMAIL_PATTERN },
            size: { type: "string", enum: ["S", "M", "L"] },
            count: { type: "integer", minimum: 1, maximum: 9007199254740991 },
            note: { type: "string" },
          },
          required: ["email", "size", "count"],
        },
      },
    });
    assert.throws(
      () => inputRequired().elicit("k", "?", z.object({ tags: z.array(z.string()) })),
      /field tags: a form holds only strings/,
    );
    assert.throws(
      () => inputRequired().elicit("k", "?", z.object({ at: z.object({ x: z.number() }) })),
      /field at: a form holds only/,
    );
  });

  test("asking from a throw works as well as from a return", async () => {
    const tool = defineTool({ name: "t", description: "d" }, () => {
      throw inputRequired().roots("where");
    });
    assert.ok((await new Toolbox([tool]).call("t")) instanceof InputRequired);
  });

  test("asking nothing, without state, is a tool error", async () => {
    const tool = defineTool({ name: "t", description: "d" }, () => inputRequired());
    await rejectsWith(
      new Toolbox([tool]).call("t"),
      ToolError,
      "TypeError: an InputRequired needs at least one question or some state",
    );
    assert.equal(host.lines.length, 1);
    const stateOnly = defineTool({ name: "s", description: "d" }, () => inputRequired().withState(new Uint8Array([0])));
    assert.deepEqual(((await new Toolbox([stateOnly]).call("s")) as InputRequired).state, new Uint8Array([0]));
  });
});
