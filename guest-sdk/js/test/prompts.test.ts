// Prompts: arguments from a schema, messages from what the handler
// returns, completions from choices.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";

import { definePrompt, image, InvalidInput, text, Toolbox } from "../src/index.ts";
import { rejectsWith } from "./support.ts";

const review = definePrompt(
  {
    name: "review",
    title: "Code review",
    description: "Reviews a piece of code.",
    arguments: z.object({
      code: z.string().describe("The code to review"),
      language: z.enum(["python", "rust", "typescript"]).optional().describe("Its language"),
      focus: z.string().optional(),
    }),
    complete: { focus: (typed) => ["security", "speed", "style"].filter((item) => item.startsWith(typed)) },
  },
  ({ code, language }) => `Review this ${language ?? "code"}:\n${code}`,
);

describe("prompts", () => {
  const toolbox = new Toolbox([review]);

  test("arguments come from the schema: descriptions and which are required", () => {
    assert.deepEqual(review.arguments, [
      { name: "code", description: "The code to review", required: true },
      { name: "language", description: "Its language", required: false },
      { name: "focus", required: false },
    ]);
  });

  test("a string is one user message; the prompt's description comes along", async () => {
    assert.deepEqual(await toolbox.getPrompt("review", { code: "fn f() {}", language: "rust" }), {
      description: "Reviews a piece of code.",
      messages: [{ role: "user", content: { type: "text", text: "Review this rust:\nfn f() {}" } }],
    });
  });

  test("blocks, messages and lists of them; or a whole result", async () => {
    const png = image(new Uint8Array([1]), "image/png");
    const many = definePrompt({ name: "many" }, () => ["Look:", png, { role: "assistant", content: "I see a chart." }]);
    const whole = definePrompt({ name: "whole", description: "D." }, () => ({
      description: "Own.",
      messages: [{ role: "user", content: text("x") }],
    }));
    const box = new Toolbox([many, whole]);
    assert.deepEqual(await box.getPrompt("many"), {
      messages: [
        { role: "user", content: text("Look:") },
        { role: "user", content: png },
        { role: "assistant", content: text("I see a chart.") },
      ],
    });
    assert.deepEqual(await box.getPrompt("whole"), {
      description: "Own.",
      messages: [{ role: "user", content: text("x") }],
    });
  });

  test("missing or unusable arguments are invalid input", async () => {
    await rejectsWith(toolbox.getPrompt("review", {}), InvalidInput, "missing arguments: code");
    await rejectsWith(
      toolbox.getPrompt("review", { code: "x", language: "cobol" }),
      InvalidInput,
      'the arguments: language: Invalid option: expected one of "python"|"rust"|"typescript"',
    );
    await rejectsWith(toolbox.getPrompt("nope"), InvalidInput, "unknown prompt nope");
  });

  test("a choice completes from its values; a completer function from what it finds", async () => {
    assert.deepEqual(await toolbox.completePrompt("review", "language", "TY"), ["typescript"]);
    assert.deepEqual(await toolbox.completePrompt("review", "focus", "s"), ["security", "speed", "style"]);
    assert.deepEqual(await toolbox.completePrompt("review", "code", ""), []);
    await rejectsWith(
      toolbox.completePrompt("nope", "a", ""),
      InvalidInput,
      "nothing here to complete: no prompt nope",
    );
  });

  test("arguments that are not strings are refused, since clients send strings", () => {
    assert.throws(
      () => definePrompt({ name: "p", arguments: z.object({ n: z.number() }) }, () => ""),
      /prompt p: argument n: prompt arguments are strings/,
    );
  });

  test("a JSON Schema works as well", async () => {
    const greet = definePrompt(
      {
        name: "greet",
        arguments: { type: "object", properties: { who: { type: "string", title: "Who" } }, required: ["who"] },
      },
      (args) => `Say hello to ${String(args.who)}.`,
    );
    assert.deepEqual(greet.arguments, [{ name: "who", title: "Who", required: true }]);
    assert.deepEqual(await new Toolbox([greet]).getPrompt("greet", { who: "Ada" }), {
      messages: [{ role: "user", content: text("Say hello to Ada.") }],
    });
  });
});
