// Schemas as the host and clients get them: zod's conversion trimmed to
// standard 2020-12, hand-written JSON Schema checked, roots made objects.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";

import { defineTool, type StandardSchema } from "../src/index.ts";
import { jsonSchema, objectSchema } from "../src/schema.ts";

describe("zod schemas", () => {
  test("an object's properties, descriptions, defaults and required list", () => {
    const input = z.object({
      text: z.string().min(1).describe("The text."),
      count: z.number().int().optional(),
      mode: z.enum(["fast", "slow"]).default("fast"),
      tags: z.array(z.string()).max(3),
      scores: z.record(z.string(), z.number()),
      pair: z.tuple([z.string(), z.number()]),
      note: z.string().nullable(),
    });
    assert.deepEqual(objectSchema(input, "input", "t"), {
      type: "object",
      properties: {
        text: { type: "string", minLength: 1, description: "The text." },
        count: { type: "integer", minimum: -9007199254740991, maximum: 9007199254740991 },
        mode: { default: "fast", type: "string", enum: ["fast", "slow"] },
        tags: { maxItems: 3, type: "array", items: { type: "string" } },
        scores: { type: "object", propertyNames: { type: "string" }, additionalProperties: { type: "number" } },
        pair: {
          type: "array",
          prefixItems: [{ type: "string" }, { type: "number" }],
          items: false,
          minItems: 2,
          maxItems: 2,
        },
        note: { type: ["string", "null"] },
      },
      required: ["text", "tags", "scores", "pair", "note"],
    });
  });

  test("standard formats stay; zod's own formats go, their patterns stay", () => {
    const schema = objectSchema(
      z.object({ email: z.email(), id: z.uuid(), code: z.cuid(), at: z.iso.datetime() }),
      "input",
      "t",
    );
    const properties = schema.properties as Record<string, Record<string, unknown>>;
    assert.equal(properties.email!.format, "email");
    assert.equal(properties.id!.format, "uuid");
    assert.equal(properties.at!.format, "date-time");
    assert.deepEqual(properties.code, { type: "string", pattern: "^[cC][0-9a-z]{6,}$" });
    assert.equal(schema.$schema, undefined, "2020-12 is the default dialect");
  });

  test("formats inside nested schemas are trimmed too", () => {
    const schema = jsonSchema(z.object({ ids: z.array(z.nanoid()) }), "input", "t");
    assert.deepEqual(schema.properties, {
      ids: { type: "array", items: { type: "string", pattern: "^[a-zA-Z0-9_-]{21}$" } },
    });
  });

  test("output schemas describe what comes out: defaults filled in, no extra properties", () => {
    assert.deepEqual(objectSchema(z.object({ a: z.string().default("x") }), "output", "t"), {
      type: "object",
      properties: { a: { default: "x", type: "string" } },
      required: ["a"],
      additionalProperties: false,
    });
  });

  test("a type JSON Schema cannot describe is refused, naming the tool", () => {
    assert.throws(() => objectSchema(z.object({ when: z.date() }), "input", "tool t: input"), {
      name: "TypeError",
      message: /^tool t: input: the schema has no JSON Schema form: Date cannot be represented/,
    });
  });

  test("a schema whose root is not an object is refused", () => {
    assert.throws(
      () => objectSchema(z.string(), "input", "t"),
      /t: the schema's root must be an object \(type "object"\), not "string"/,
    );
  });

  test("a union of objects gets its root type", () => {
    const either = z.union([z.object({ a: z.string() }), z.object({ b: z.number() })]);
    const schema = objectSchema(either, "input", "t");
    assert.equal(schema.type, "object");
    assert.equal((schema.anyOf as unknown[]).length, 2);
  });

  test("a Standard Schema that cannot describe itself is refused", () => {
    const bare = { "~standard": { version: 1, vendor: "other", validate: (value: unknown) => ({ value }) } };
    assert.throws(
      () => objectSchema(bare as unknown as StandardSchema, "input", "t"),
      /t: this other schema cannot describe itself as JSON Schema \(it lacks ~standard.jsonSchema, .*zod\/mini has not\)/,
    );
  });
});

describe("JSON Schema written by hand", () => {
  test("is copied as given, the default dialect left out", () => {
    const given = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: { city: { type: "string", format: "hostname", examples: ["Lyon"] } },
      required: ["city"],
      $defs: { unused: true },
    };
    const schema = objectSchema(given, "input", "t");
    assert.deepEqual(schema, {
      type: "object",
      properties: { city: { type: "string", format: "hostname", examples: ["Lyon"] } },
      required: ["city"],
      $defs: { unused: true },
    });
    assert.notEqual(schema.properties, given.properties, "never the author's own object");
  });

  test("an unknown keyword is refused, with where it is", () => {
    assert.throws(
      () => objectSchema({ type: "object", properties: { a: { type: "string", minLenght: 2 } } }, "input", "t"),
      /t: \/properties\/a\/minLenght: minLenght is not a JSON Schema 2020-12 keyword/,
    );
    assert.throws(
      () => objectSchema({ type: "object", definitions: {} }, "input", "t"),
      /definitions is not .* keyword \(use \$defs\)/,
    );
  });

  test("a format 2020-12 does not define is refused", () => {
    assert.throws(
      () =>
        objectSchema(
          { type: "object", properties: { a: { anyOf: [{ type: "string", format: "phone" }] } } },
          "input",
          "t",
        ),
      /t: \/properties\/a\/anyOf\/0\/format: "phone" is not a JSON Schema 2020-12 format/,
    );
  });

  test("a schema naming another dialect is left to the host's validator", () => {
    const draft7 = { $schema: "http://json-schema.org/draft-07/schema#", type: "object", definitions: { x: {} } };
    assert.deepEqual(objectSchema(draft7, "input", "t"), draft7);
  });
});

describe("tool schemas", () => {
  test("a tool without input takes an empty object", () => {
    const tool = defineTool({ name: "now", description: "The time." }, () => "noon");
    assert.deepEqual(tool.inputSchema, { type: "object", properties: {} });
    assert.equal(tool.outputSchema, undefined);
  });

  test("input and output schemas are derived once, when the tool is defined", () => {
    const tool = defineTool(
      {
        name: "count",
        description: "Counts.",
        input: z.object({ text: z.string().describe("What to count in.") }),
        output: z.object({ words: z.number().int().min(0) }),
      },
      ({ text }) => ({ words: text.split(" ").length }),
    );
    assert.deepEqual(tool.inputSchema, {
      type: "object",
      properties: { text: { type: "string", description: "What to count in." } },
      required: ["text"],
    });
    assert.deepEqual(tool.outputSchema, {
      type: "object",
      properties: { words: { type: "integer", minimum: 0, maximum: 9007199254740991 } },
      required: ["words"],
      additionalProperties: false,
    });
  });

  test("a bad schema fails the definition, naming the tool and which schema", () => {
    assert.throws(
      () => defineTool({ name: "bad", description: "d", output: z.array(z.string()) }, () => []),
      /tool bad: output: the schema's root must be an object/,
    );
  });
});
