/**
 * Schemas: what a tool takes and returns, what a prompt takes, what a form
 * asks. Each is given either as a JSON Schema object or as a schema from a
 * validation library that implements Standard Schema with Standard JSON
 * Schema (https://standardschema.dev), such as zod 4.2 and later (`zod`;
 * `zod/mini` lacks the JSON Schema half). The official MCP TypeScript SDK
 * (v2) takes the same, so a tool's `z.object({...})` moves over unchanged,
 * and this SDK depends on no validation library at all: the author's schema
 * converts itself.
 *
 * Whatever the source, what the host and clients get is JSON Schema 2020-12
 * with only standard keywords and formats, so that every validator (the
 * host's, a client's) reads it alike. Converters add their own formats (zod:
 * `cuid`, `nanoid`, `e164`, `emoji`, `base64`...) next to a `pattern` that
 * says the same; those formats are dropped. In a schema written by hand an
 * unknown keyword or format is more likely a typo, so it is refused, where
 * the tool is defined. A `$schema` naming 2020-12 is dropped too: it is
 * the default.
 */

import { InvalidInput, ToolError } from "./errors.ts";
import type { Awaitable } from "./guarded.ts";
import { isObject, type JsonObject } from "./json.ts";

/** A Standard Schema that can also describe itself as JSON Schema (the
 * interfaces of standardschema.dev, as far as this SDK uses them). */
export interface StandardSchema<Input = unknown, Output = Input> {
  readonly "~standard": {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly jsonSchema: {
      readonly input: (options: { readonly target: string }) => Record<string, unknown>;
      readonly output: (options: { readonly target: string }) => Record<string, unknown>;
    };
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

/** What a Standard Schema's `validate` returns. */
export type StandardResult<Output> =
  { readonly value: Output; readonly issues?: undefined } | { readonly issues: ReadonlyArray<StandardIssue> };

/** One way a value fails a Standard Schema. */
export interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

/** A JSON Schema, written as an object. */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** A schema as an author gives it. */
export type SchemaInput = JsonSchema | StandardSchema;

/** The values a schema accepts, after validation: its output type for a
 * Standard Schema, a plain object for a JSON Schema. */
export type Infer<S> = S extends StandardSchema<unknown, infer Output> ? Output : Record<string, unknown>;

const DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = new Set([
  "items",
  "contains",
  "additionalProperties",
  "propertyNames",
  "if",
  "then",
  "else",
  "not",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema",
]);
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LIST_KEYWORDS = new Set(["prefixItems", "allOf", "anyOf", "oneOf"]);
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP_KEYWORDS = new Set(["$defs", "properties", "patternProperties", "dependentSchemas"]);
/** Every other keyword of the 2020-12 vocabularies (core, validation,
 * meta-data, format, content); their values are not schemas. */
const VALUE_KEYWORDS = new Set([
  "$schema",
  "$id",
  "$ref",
  "$anchor",
  "$dynamicRef",
  "$dynamicAnchor",
  "$vocabulary",
  "$comment",
  "type",
  "const",
  "enum",
  "multipleOf",
  "maximum",
  "exclusiveMaximum",
  "minimum",
  "exclusiveMinimum",
  "maxLength",
  "minLength",
  "pattern",
  "maxItems",
  "minItems",
  "uniqueItems",
  "maxContains",
  "minContains",
  "maxProperties",
  "minProperties",
  "required",
  "dependentRequired",
  "title",
  "description",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "examples",
  "format",
  "contentEncoding",
  "contentMediaType",
]);
/** The formats 2020-12 defines. */
const FORMATS = new Set([
  "date-time",
  "date",
  "time",
  "duration",
  "email",
  "idn-email",
  "hostname",
  "idn-hostname",
  "ipv4",
  "ipv6",
  "uri",
  "uri-reference",
  "iri",
  "iri-reference",
  "uuid",
  "uri-template",
  "json-pointer",
  "relative-json-pointer",
  "regex",
]);

/** Whether `value` is a Standard Schema (it may still lack JSON Schema). */
function isStandardSchema(value: unknown): value is StandardSchema {
  if ((typeof value !== "object" && typeof value !== "function") || value === null) return false;
  const props = (value as { "~standard"?: { validate?: unknown } })["~standard"];
  return typeof props?.validate === "function";
}

/**
 * `schema` as a JSON Schema document for `io` (`input`: what may be passed
 * in; `output`: what comes out, after defaults and transforms), its root an
 * object as MCP wants for arguments, results and forms. A `TypeError` that
 * starts with `what` for a schema that cannot be one.
 */
export function objectSchema(schema: SchemaInput, io: "input" | "output", what: string): JsonObject {
  const document = jsonSchema(schema, io, what);
  if (document.type === undefined) return { type: "object", ...document };
  if (document.type !== "object") {
    throw new TypeError(
      `${what}: the schema's root must be an object (type "object"), not ${JSON.stringify(document.type)}`,
    );
  }
  return document;
}

/** `schema` as a JSON Schema document, standard keywords and formats only. */
export function jsonSchema(schema: SchemaInput, io: "input" | "output", what: string): JsonObject {
  let document: unknown;
  const generated = isStandardSchema(schema);
  if (generated) {
    const props = schema["~standard"];
    if (typeof props.jsonSchema?.[io] !== "function") {
      throw new TypeError(
        `${what}: this ${props.vendor} schema cannot describe itself as JSON Schema (it lacks ~standard.jsonSchema, ` +
          "which zod has from 4.2 and zod/mini has not); give a JSON Schema object instead",
      );
    }
    try {
      document = props.jsonSchema[io]({ target: "draft-2020-12" });
    } catch (error) {
      throw new TypeError(`${what}: the schema has no JSON Schema form: ${(error as Error).message}`);
    }
  } else {
    document = schema;
  }
  if (!isObject(document)) throw new TypeError(`${what}: a schema is an object`);
  // A copy through JSON: what the host gets, and never the author's object.
  const copy = JSON.parse(JSON.stringify(document)) as JsonObject;
  if (copy.$schema === DIALECT) delete copy.$schema;
  if (copy.$schema === undefined) standardize(copy, generated, what, "");
  return copy;
}

/** Checks (and for a generated schema, trims) a 2020-12 schema in place;
 * `at` is its JSON Pointer, for messages. */
function standardize(schema: unknown, generated: boolean, what: string, at: string): void {
  if (typeof schema === "boolean") return;
  if (!isObject(schema)) throw new TypeError(`${what}: the schema at ${at || "/"} is not an object or a boolean`);
  for (const [keyword, value] of Object.entries(schema)) {
    const here = `${at}/${keyword}`;
    if (SCHEMA_KEYWORDS.has(keyword)) {
      standardize(value, generated, what, here);
    } else if (SCHEMA_LIST_KEYWORDS.has(keyword)) {
      if (!Array.isArray(value)) throw new TypeError(`${what}: ${here} is a list of schemas`);
      value.forEach((item, index) => standardize(item, generated, what, `${here}/${index}`));
    } else if (SCHEMA_MAP_KEYWORDS.has(keyword)) {
      if (!isObject(value)) throw new TypeError(`${what}: ${here} maps names to schemas`);
      for (const [name, item] of Object.entries(value)) standardize(item, generated, what, `${here}/${name}`);
    } else if (keyword === "format" && !FORMATS.has(value as string)) {
      if (!generated)
        throw new TypeError(`${what}: ${here}: ${JSON.stringify(value)} is not a JSON Schema 2020-12 format`);
      delete schema.format;
    } else if (!VALUE_KEYWORDS.has(keyword)) {
      const hint = keyword === "definitions" ? " (use $defs)" : "";
      throw new TypeError(`${what}: ${here}: ${keyword} is not a JSON Schema 2020-12 keyword${hint}`);
    }
  }
}

/**
 * `value` validated by `schema` when it is a Standard Schema (defaults
 * filled in, transforms applied), as is when it is a JSON Schema (the host
 * has checked it already). An `InvalidInput` listing the issues otherwise.
 */
export function parse<S extends SchemaInput>(schema: S, value: unknown, what: string): Awaitable<Infer<S>> {
  if (!isStandardSchema(schema)) return value as Infer<S>;
  const result = schema["~standard"].validate(value);
  if (result instanceof Promise) return result.then((settled) => settle(settled, what, InvalidInput) as Infer<S>);
  return settle(result, what, InvalidInput) as Infer<S>;
}

/** `value` validated by `schema` where waiting is not possible (a schema
 * that validates asynchronously is a `TypeError`), for values that are not
 * the arguments: a `ToolError` listing the issues. */
export function parseNow<S extends StandardSchema>(schema: S, value: unknown, what: string): Infer<S> {
  const result = schema["~standard"].validate(value);
  if (result instanceof Promise)
    throw new TypeError(`${what}: the schema validates asynchronously; use one that does not`);
  return settle(result, what, ToolError) as Infer<S>;
}

function settle<Output>(
  result: StandardResult<Output>,
  what: string,
  failure: new (message: string) => ToolError,
): Output {
  if (result.issues === undefined) return result.value;
  const issues = result.issues.map((issue) => {
    const path = (issue.path ?? []).map((part) => String(typeof part === "object" ? part.key : part)).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw new failure(`${what}: ${issues.join("; ")}`);
}
