/**
 * Prompts a component serves: templates of messages a user picks in the
 * client, filled in with their arguments.
 *
 * Prompt arguments are strings, so their schema (a zod object, or a JSON
 * Schema) has string properties only; a choice among strings
 * (`z.enum([...])`) also completes from its values. The handler returns a
 * string (one user message), a content block, a message (`{ role,
 * content }`), a list of those, or `{ description?, messages }`.
 */

import { InputRequired } from "./asking.ts";
import { completers, type Completer } from "./completion.ts";
import { isContent, isMessage, toMessage, type Content, type Message, type Role } from "./content.ts";
import type { Context } from "./context.ts";
import { InvalidInput } from "./errors.ts";
import { guarded, type Awaitable } from "./guarded.ts";
import { isObject, type JsonObject } from "./json.ts";
import { checkName } from "./names.ts";
import { objectSchema, parse, type Infer, type SchemaInput } from "./schema.ts";

/** One argument a prompt takes, as listed to clients. */
export interface PromptArgument {
  readonly name: string;
  readonly title?: string;
  readonly description?: string;
  readonly required: boolean;
}

/** A prompt, filled in (MCP's `GetPromptResult`). */
export interface PromptResult {
  description?: string;
  messages: Message[];
}

/** A message as a handler may write it: a string is one text block. */
export type MessageInput = { role: Role; content: string | Content };

/** What a prompt's handler may return. */
export type PromptReturn =
  | string
  | Content
  | MessageInput
  | ReadonlyArray<string | Content | MessageInput>
  | { description?: string; messages: ReadonlyArray<MessageInput> }
  | InputRequired;

/** What describes a prompt. */
export interface PromptSpec<A extends SchemaInput | undefined> {
  /** Unique name: 1-128 characters from `A-Z a-z 0-9 _ . -`. */
  name: string;
  title?: string;
  description?: string;
  /** The arguments: an object schema whose properties are strings. */
  arguments?: A;
  /** Completers for the arguments, by name. */
  complete?: Partial<Record<keyof PromptArgs<A> & string, Completer>>;
}

/** What a prompt's handler gets: its arguments, by name. */
export type PromptArgs<A> = A extends SchemaInput ? Infer<A> : Record<string, never>;

/** One prompt, as listed to clients and as filled in for them. */
export class Prompt {
  readonly name: string;
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly arguments: PromptArgument[];
  /** Completers of the arguments that have one. */
  readonly completers: Map<string, Completer>;
  readonly #schema: SchemaInput | undefined;
  readonly #handler: (args: never, ctx: Context) => Awaitable<PromptReturn>;

  constructor(
    spec: PromptSpec<SchemaInput | undefined>,
    handler: (args: never, ctx: Context) => Awaitable<PromptReturn>,
  ) {
    const what = `prompt ${spec.name}`;
    this.name = checkName(spec.name, "prompt");
    this.title = spec.title;
    this.description = spec.description;
    const schema = spec.arguments === undefined ? {} : objectSchema(spec.arguments, "input", `${what}: arguments`);
    const { described, choices } = promptArguments(schema, what);
    this.arguments = described;
    const names = described.map((argument) => argument.name);
    this.completers = completers(names, spec.complete as Record<string, Completer> | undefined, choices, what);
    this.#schema = spec.arguments;
    this.#handler = handler;
  }

  /** The prompt filled in with `args` (strings, by name), or the questions
   * its handler asks. */
  get(args: Readonly<Record<string, string>>, ctx: Context): Promise<PromptResult | InputRequired> {
    return guarded(`prompt ${this.name}`, async () => {
      const missing = this.arguments.filter((argument) => argument.required && !Object.hasOwn(args, argument.name));
      if (missing.length > 0) throw new InvalidInput(`missing arguments: ${missing.map((a) => a.name).join(", ")}`);
      const parsed = this.#schema === undefined ? args : await parse(this.#schema, args, "the arguments");
      return this.#result(await this.#handler(parsed as never, ctx));
    });
  }

  #result(value: PromptReturn): PromptResult | InputRequired {
    if (value instanceof InputRequired) return value;
    const result: unknown = value;
    if (isObject(result) && Array.isArray(result.messages)) {
      const description = typeof result.description === "string" ? result.description : this.description;
      return withDescription(result.messages.map(messageOf), description);
    }
    const items: unknown[] = Array.isArray(value) ? value : [value];
    return withDescription(items.map(messageOf), this.description);
  }
}

/** Defines a prompt: its arguments, and the handler that fills it in. */
export function definePrompt<A extends SchemaInput | undefined = undefined>(
  spec: PromptSpec<A>,
  handler: (args: PromptArgs<A>, ctx: Context) => Awaitable<PromptReturn>,
): Prompt {
  return new Prompt(spec, handler as (args: never, ctx: Context) => Awaitable<PromptReturn>);
}

/** The arguments an object schema describes, and the choices of those that
 * are choices; a `TypeError` for a property that is not a string. */
function promptArguments(
  schema: JsonObject,
  what: string,
): { described: PromptArgument[]; choices: Record<string, string[]> } {
  const properties = (schema.properties ?? {}) as Record<string, JsonObject>;
  const required = (schema.required ?? []) as string[];
  const described: PromptArgument[] = [];
  const choices: Record<string, string[]> = {};
  for (const [name, property] of Object.entries(properties)) {
    const choice = Array.isArray(property.enum) && property.enum.every((value) => typeof value === "string");
    if (property.type !== "string" && !(property.type === undefined && choice)) {
      throw new TypeError(`${what}: argument ${name}: prompt arguments are strings`);
    }
    if (choice) choices[name] = property.enum as string[];
    described.push({
      name,
      ...(typeof property.title === "string" && { title: property.title }),
      ...(typeof property.description === "string" && { description: property.description }),
      required: required.includes(name),
    });
  }
  return { described, choices };
}

function messageOf(item: unknown): Message {
  if (typeof item === "string" || isContent(item)) return toMessage({ role: "user", content: item });
  if (isMessage(item)) return toMessage(item);
  throw new TypeError("a prompt's message is a string, a content block or { role, content }");
}

function withDescription(messages: Message[], description: string | undefined): PromptResult {
  return description === undefined ? { messages } : { description, messages };
}
