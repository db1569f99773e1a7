/**
 * Asking the client for input: the questions a request ends with when it
 * cannot finish alone.
 *
 * A component keeps nothing between requests, so asking is not a call that
 * waits: the handler returns (or throws) an `InputRequired` with questions
 * under keys and state of its own; the host asks the client, then runs the
 * handler again, in a fresh instance, with the answers and the state in its
 * `Context`:
 *
 * ```ts
 * const answer = ctx.elicited("confirm");
 * if (answer === undefined) {
 *   return inputRequired().elicit("confirm", `Empty ${folder}?`, Confirm).withState(listing);
 * }
 * ```
 */

import { isMessage, message, toMessage, type Content, type Role } from "./content.ts";
import type { JsonObject } from "./json.ts";
import { objectSchema, type SchemaInput } from "./schema.ts";

/** One question: the params of the MCP request that asks it
 * (`elicitation/create`, `sampling/createMessage`; none for `roots/list`). */
export type Question =
  | { readonly kind: "elicitation"; readonly params: JsonObject }
  | { readonly kind: "sampling"; readonly params: JsonObject }
  | { readonly kind: "roots" };

/** A message of a sampling request: a string is a user's text. */
export type SamplingMessage = string | { role: Role; content: string | Content };

/** How the client's model should answer a sampling request. */
export interface SampleOptions {
  /** The longest answer wanted, in tokens. */
  maxTokens: number;
  /** The system prompt to use, if the client allows one. */
  systemPrompt?: string;
  /** How random the answer may be. */
  temperature?: number;
  /** Strings that end the answer when the model writes them. */
  stopSequences?: string[];
  /** Model names (or parts of them) to prefer, best first. */
  modelHints?: string[];
}

/** What MCP lets a form hold: flat fields of these types. */
const FORM_TYPES = new Set(["string", "number", "integer", "boolean"]);
const FORM_FORMATS = new Set(["email", "uri", "date", "date-time"]);

/**
 * A request's questions for the client, and the state it wants back. Build
 * it with the chaining methods and return it (or throw it). Ask only for
 * what `ctx.client` says the client can answer, and give at least one
 * question or some state. Asking again under a key replaces the earlier
 * question, in its place.
 */
export class InputRequired {
  /** The questions by key, in the order asked. */
  readonly requests = new Map<string, Question>();
  /** What the next round gets back as `ctx.state`. */
  state: Uint8Array | undefined;

  /** Asks the user to fill in a form (`elicitation/create`): `message` says
   * why, `form` what to fill in, a flat object of strings, numbers,
   * booleans and string choices (a zod object, or a JSON Schema). Read the
   * answer with `ctx.elicited(key)`. */
  elicit(key: string, message: string, form: SchemaInput): this {
    return this.#ask(key, { kind: "elicitation", params: { message, requestedSchema: formSchema(form) } });
  }

  /** Asks the client's model to write something (`sampling/createMessage`).
   * The client may show the request to its user, change it or refuse it.
   * Read the answer with `ctx.sampled(key)`. */
  sample(key: string, messages: SamplingMessage | SamplingMessage[], options: SampleOptions): this {
    const conversation = Array.isArray(messages) ? messages : [messages];
    const params: JsonObject = {
      messages: conversation.map((item) => samplingMessage(item)),
      maxTokens: options.maxTokens,
    };
    if (options.systemPrompt !== undefined) params.systemPrompt = options.systemPrompt;
    if (options.temperature !== undefined) params.temperature = options.temperature;
    if (options.stopSequences?.length) params.stopSequences = options.stopSequences;
    if (options.modelHints?.length) params.modelPreferences = { hints: options.modelHints.map((name) => ({ name })) };
    return this.#ask(key, { kind: "sampling", params });
  }

  /** Asks which roots (folders, repositories) the client exposes
   * (`roots/list`). Read the answer with `ctx.roots(key)`. */
  roots(key: string): this {
    return this.#ask(key, { kind: "roots" });
  }

  /** Sets what the next round gets back as `ctx.state` (a string is stored
   * as UTF-8; read it back with `ctx.stateText`). The host seals it, so the
   * client can neither read nor change it; keep it small, since it travels
   * to the client and back. */
  withState(state: Uint8Array | string): this {
    this.state = typeof state === "string" ? new TextEncoder().encode(state) : Uint8Array.from(state);
    return this;
  }

  /** A `TypeError` when nothing is asked and there is no state: the host
   * would refuse it. */
  check(): void {
    if (this.requests.size === 0 && this.state === undefined) {
      throw new TypeError("an InputRequired needs at least one question or some state");
    }
  }

  #ask(key: string, question: Question): this {
    this.requests.set(key, question);
    return this;
  }
}

/** A new, empty `InputRequired`, to chain questions on. */
export function inputRequired(): InputRequired {
  return new InputRequired();
}

/** The form an elicitation asks the user to fill in. MCP allows only a flat
 * object of strings (some formats), numbers, booleans and single choices
 * among strings, so anything else is a `TypeError`. */
function formSchema(form: SchemaInput): JsonObject {
  const schema = objectSchema(form, "input", "an elicitation form");
  const properties = (schema.properties ?? {}) as Record<string, JsonObject>;
  for (const [name, field] of Object.entries(properties)) {
    const plain = FORM_TYPES.has(field.type as string) && FORM_FORMATS.has((field.format ?? "email") as string);
    if (!plain || (field.enum !== undefined && field.type !== "string")) {
      throw new TypeError(
        `an elicitation form's field ${name}: a form holds only strings, numbers, booleans and string choices`,
      );
    }
  }
  return schema;
}

/** A message as `sampling/createMessage` carries it: text, an image or a
 * sound (base64). */
function samplingMessage(item: SamplingMessage): JsonObject {
  if (typeof item !== "string" && !isMessage(item))
    throw new TypeError("a sampling message is a string or { role, content }");
  const { role, content } = typeof item === "string" ? message(item) : toMessage(item);
  switch (content.type) {
    case "text":
      return { role, content: { type: "text", text: content.text } };
    case "image":
    case "audio":
      return { role, content: { type: content.type, data: base64(content.data), mimeType: content.mimeType } };
    default:
      throw new TypeError(`a sampling message holds text, an image or a sound, not ${content.type}`);
  }
}

/** Bytes as base64, without Node's `Buffer` (the component has none). */
function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}
