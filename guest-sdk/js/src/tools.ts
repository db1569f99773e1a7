/**
 * Tools: `defineTool(spec, handler)`, the way MCP servers in TypeScript
 * register them (`server.registerTool(name, { inputSchema }, handler)`),
 * with the schemas and the result conversion done once, where the tool is
 * defined.
 *
 * What a handler returns becomes the result:
 *
 * | Returned                                | Result                                   |
 * | --------------------------------------- | ---------------------------------------- |
 * | a string                                | one text block                           |
 * | a content block, or a list of blocks and strings | those blocks                    |
 * | `undefined`, `null`                     | no content                               |
 * | an object, with an `output` schema      | structured content, and its JSON as text |
 * | any other value, without one            | its JSON as text                         |
 * | `ToolResult`                            | exactly what it holds                    |
 * | `InputRequired` (returned or thrown)    | questions for the client                 |
 */

import { mapped } from "./arrays.ts";
import { InputRequired } from "./asking.ts";
import { checkContent, isContent, text, type Content } from "./content.ts";
import type { Context } from "./context.ts";
import { guarded, guardedNow, isThenable, type Awaitable } from "./guarded.ts";
import { isObject, toJsonText, type JsonObject, type JsonValue } from "./json.ts";
import { checkName } from "./names.ts";
import { objectSchema, parse, type Infer, type SchemaInput } from "./schema.ts";

/** Hints for clients about how a tool behaves (MCP's `ToolAnnotations`);
 * leave one out for MCP's default. Clients treat them as untrusted. */
export interface ToolAnnotations {
  /** A human-readable title, used when the tool itself has none. */
  title?: string;
  /** It does not modify its environment (default: false). */
  readOnlyHint?: boolean;
  /** Its updates may be destructive (default: true). */
  destructiveHint?: boolean;
  /** Repeating a call with the same arguments has no further effect (default: false). */
  idempotentHint?: boolean;
  /** It talks to an open world, such as the web (default: true). */
  openWorldHint?: boolean;
}

/** What describes a tool. */
export interface ToolSpec<I extends SchemaInput | undefined, O extends SchemaInput | undefined> {
  /** Unique name: 1-128 characters from `A-Z a-z 0-9 _ . -`. */
  name: string;
  /** Human-readable display name. */
  title?: string;
  /** What the tool does, written for a model choosing a tool. */
  description: string;
  /** The arguments: a zod object (or another Standard JSON Schema), or a
   * JSON Schema whose root is an object. None: no arguments. The host
   * validates every call against it before the handler runs. */
  input?: I;
  /** The structured result, an object: with one, the handler returns an
   * object of that shape and the client gets it as structured content. */
  output?: O;
  annotations?: ToolAnnotations;
}

/** What a tool's handler gets: the arguments, validated (and with a zod
 * schema, with its defaults and transforms applied). */
export type ToolArgs<I> = I extends SchemaInput ? Infer<I> : Record<string, never>;

/** What a tool's handler may return. */
export type ToolReturn<O> = O extends SchemaInput
  ? Infer<O> | ToolResult | InputRequired
  : string | Content | ReadonlyArray<string | Content> | JsonValue | ToolResult | InputRequired | undefined | void;

export type ToolHandler<I, O> = (args: ToolArgs<I>, ctx: Context) => Awaitable<ToolReturn<O>>;

/** A tool's result, built by hand: several blocks, and a structured value
 * besides them (JSON data; what the client gets, so `undefined` properties
 * are dropped). Return one when the derived result is not what you want,
 * such as a chart image together with the numbers it shows. */
export class ToolResult {
  readonly content: Content[];
  readonly structured: JsonValue | undefined;

  constructor(content: ReadonlyArray<string | Content> = [], structured?: unknown) {
    this.content = mapped(content, (block) => (typeof block === "string" ? text(block) : checkContent(block)));
    this.structured =
      structured === undefined ? undefined : (JSON.parse(toJsonText(structured, "the structured result")) as JsonValue);
  }

  /** The text of the text blocks, in order; for tests. */
  get textBlocks(): string[] {
    return this.content.flatMap((block) => (block.type === "text" ? [block.text] : []));
  }
}

/** One tool, as listed to clients and as run for them. */
export class Tool {
  readonly name: string;
  readonly title: string | undefined;
  readonly description: string;
  /** The arguments' JSON Schema, as the host and clients get it. */
  readonly inputSchema: JsonObject;
  /** The structured result's JSON Schema; `undefined` for content. */
  readonly outputSchema: JsonObject | undefined;
  readonly annotations: ToolAnnotations | undefined;
  readonly #input: SchemaInput | undefined;
  readonly #handler: (args: never, ctx: Context) => Awaitable<unknown>;

  constructor(
    spec: ToolSpec<SchemaInput | undefined, SchemaInput | undefined>,
    handler: (args: never, ctx: Context) => Awaitable<unknown>,
  ) {
    const what = `tool ${spec.name}`;
    this.name = checkName(spec.name, "tool");
    this.title = spec.title;
    this.description = spec.description;
    this.inputSchema =
      spec.input === undefined
        ? { type: "object", properties: {} }
        : objectSchema(spec.input, "input", `${what}: input`);
    this.outputSchema = spec.output === undefined ? undefined : objectSchema(spec.output, "output", `${what}: output`);
    this.annotations = spec.annotations;
    this.#input = spec.input;
    this.#handler = handler;
  }

  /** Runs the tool with `args` (JSON data that passed the input schema).
   * Resolves to the result or the questions it asks; rejects only with a
   * `ToolError`. */
  run(args: Record<string, unknown>, ctx: Context): Promise<ToolResult | InputRequired> {
    return guarded(`tool ${this.name}`, () => this.#run(args, ctx));
  }

  /** `run`, synchronous while the schema and the handler are (see
   * `guardedNow`): what the component calls. */
  runNow(args: Record<string, unknown>, ctx: Context): Awaitable<ToolResult | InputRequired> {
    return guardedNow(`tool ${this.name}`, () => this.#run(args, ctx));
  }

  #run(args: Record<string, unknown>, ctx: Context): Awaitable<ToolResult | InputRequired> {
    const handle = (parsed: unknown): Awaitable<ToolResult | InputRequired> => {
      const value = this.#handler(parsed as never, ctx);
      return isThenable(value) ? value.then((settled) => this.#finish(settled)) : this.#finish(value);
    };
    const parsed = this.#input === undefined ? args : parse(this.#input, args, "the arguments");
    return isThenable(parsed) ? parsed.then(handle) : handle(parsed);
  }

  #finish(value: unknown): ToolResult | InputRequired {
    return value instanceof ToolResult || value instanceof InputRequired ? value : this.#result(value);
  }

  #result(value: unknown): ToolResult {
    if (this.outputSchema === undefined) return new ToolResult(blocks(value));
    if (!isObject(value) || isContent(value)) {
      throw new TypeError(
        `the tool declares an output schema, so it returns an object of that shape, not ${kindOf(value)}`,
      );
    }
    const json = toJsonText(value, "the structured result");
    return new ToolResult([json], JSON.parse(json));
  }
}

/** Defines a tool: its description and schemas, and the handler that runs
 * it with the validated arguments and the request's `Context`. */
export function defineTool<
  I extends SchemaInput | undefined = undefined,
  O extends SchemaInput | undefined = undefined,
>(spec: ToolSpec<I, O>, handler: ToolHandler<I, O>): Tool {
  return new Tool(spec, handler as (args: never, ctx: Context) => Awaitable<unknown>);
}

/** An unstructured result's blocks: strings become text, blocks stay,
 * nothing is nothing, and other data is shown as JSON text. */
function blocks(value: unknown): ReadonlyArray<string | Content> {
  if (value === undefined || value === null) return [];
  if (typeof value === "string" || isContent(value)) return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string" || isContent(item))) return value;
  return [toJsonText(value, "the result")];
}

function kindOf(value: unknown): string {
  if (isContent(value)) return `a ${value.type} block`;
  return Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
}
