/**
 * What a request runs with besides its arguments, and its line to the
 * client while it runs.
 *
 * A handler gets the request's `Context` as its last argument. Every round
 * of a request runs in a fresh instance: the previous round's answers and
 * state are all that is left of it.
 *
 * In unit tests there is no client: build a `Context` with the client,
 * answers and state a round would have, run the handler, and check
 * `notifications`, which records what it sent. In the component the same
 * calls go to the host at once.
 */

import type { Role } from "./content.ts";
import { ToolError } from "./errors.ts";
import { isObject, toJsonText } from "./json.ts";
import { parseNow, type Infer, type StandardSchema } from "./schema.ts";

/** The client's log levels (RFC 5424), lowest first. */
export const LOG_LEVELS = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What the client said it can answer. Ask only for what it can: the host
 * refuses a request whose questions the client did not declare. */
export interface ClientCapabilities {
  readonly elicitation: boolean;
  readonly sampling: boolean;
  readonly roots: boolean;
}

/** A progress report, as recorded in `notifications`. */
export interface Progress {
  readonly kind: "progress";
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

/** An entry for the client's log, as recorded in `notifications`: `data` is
 * a message, or a JSON value serialized. */
export interface LogEntry {
  readonly kind: "log";
  readonly level: LogLevel;
  readonly data: { readonly message: string } | { readonly json: string };
  readonly logger?: string;
}

export type Notification = Progress | LogEntry;

/** The user's answer to a form. */
export class Elicited {
  /** What the user did. */
  readonly action: "accept" | "decline" | "cancel";
  /** The values filled in (empty unless the user accepted). */
  readonly content: Readonly<Record<string, unknown>>;

  constructor(action: Elicited["action"], content: Readonly<Record<string, unknown>>) {
    this.action = action;
    this.content = content;
  }

  /** Whether the user submitted the form. */
  get accepted(): boolean {
    return this.action === "accept";
  }

  /** The values, validated by `schema` (the form's, say): a client need not
   * enforce the form. A `ToolError` when the user did not accept or the
   * values do not fit. */
  contentAs<S extends StandardSchema>(schema: S): Infer<S> {
    if (!this.accepted) throw new ToolError("the user did not fill in the form");
    return parseNow(schema, this.content, "the user's answer does not fit");
  }
}

/** What the client's model wrote: `content` is one MCP content block, or a
 * list of them, as sent (images as base64 text). */
export class Sampled {
  readonly role: Role;
  readonly content: unknown;
  /** The model that wrote it, as the client names it. */
  readonly model: string;
  readonly stopReason: string | undefined;

  constructor(role: Role, content: unknown, model: string, stopReason: string | undefined) {
    this.role = role;
    this.content = content;
    this.model = model;
    this.stopReason = stopReason;
  }

  /** The text of the first text block, if any. */
  get text(): string | undefined {
    const blocks: unknown[] = Array.isArray(this.content) ? this.content : [this.content];
    const found = blocks.find((block) => isObject(block) && block.type === "text" && typeof block.text === "string");
    return found === undefined ? undefined : (found as { text: string }).text;
  }
}

/** A root the client exposes (a folder, a repository). */
export interface Root {
  readonly uri: string;
  readonly name?: string;
}

/** How a `Context` is made: for a unit test, the round to play. */
export interface ContextOptions {
  /** What the client can answer (default: nothing). */
  client?: Partial<ClientCapabilities>;
  /** The previous round's answers by key: each the JSON-RPC `result` of the
   * question asked under that key. */
  answers?: Readonly<Record<string, unknown>>;
  /** The state the previous round returned (a string is taken as UTF-8). */
  state?: Uint8Array | string;
  /** Where notifications go; by default they are kept in `notifications`. */
  send?: (notification: Notification) => void;
}

/** A request's context: what the client can answer, the previous round's
 * answers and state, and the line for progress and the client's log. */
export class Context {
  /** What the client can answer. */
  readonly client: ClientCapabilities;
  /** The state the previous round returned, verified by the host;
   * `undefined` on the first round. */
  readonly state: Uint8Array | undefined;
  /** What the request sent, when no `send` was given (in unit tests). */
  readonly notifications: Notification[] = [];
  readonly #answers: Readonly<Record<string, unknown>>;
  readonly #send: (notification: Notification) => void;

  constructor(options: ContextOptions = {}) {
    // Each field by hand, not spread: see `arrays.ts`.
    const client = options.client;
    this.client = {
      elicitation: client?.elicitation ?? false,
      sampling: client?.sampling ?? false,
      roots: client?.roots ?? false,
    };
    this.state = typeof options.state === "string" ? new TextEncoder().encode(options.state) : options.state;
    this.#answers = options.answers ?? {};
    this.#send = options.send ?? ((notification) => this.notifications.push(notification));
  }

  /** The state as UTF-8 text (what `withState` was given as a string). */
  get stateText(): string | undefined {
    return this.state === undefined ? undefined : new TextDecoder().decode(this.state);
  }

  /** The client's answer under `key`, as JSON data; `undefined` when it did
   * not answer (ask again if the request needs it). */
  answer(key: string): unknown {
    return Object.hasOwn(this.#answers, key) ? this.#answers[key] : undefined;
  }

  /** The answer to the form asked under `key`; an answer of another shape
   * counts as none. */
  elicited(key: string): Elicited | undefined {
    const answer = this.answer(key);
    if (!isObject(answer) || !["accept", "decline", "cancel"].includes(answer.action as string)) return undefined;
    return new Elicited(answer.action as Elicited["action"], isObject(answer.content) ? answer.content : {});
  }

  /** The answer to the sampling request asked under `key`. */
  sampled(key: string): Sampled | undefined {
    const answer = this.answer(key);
    if (!isObject(answer) || (answer.role !== "user" && answer.role !== "assistant") || !("content" in answer)) {
      return undefined;
    }
    const stop = typeof answer.stopReason === "string" ? answer.stopReason : undefined;
    return new Sampled(answer.role, answer.content, typeof answer.model === "string" ? answer.model : "", stop);
  }

  /** The roots the client listed, asked for under `key`. */
  roots(key: string): Root[] | undefined {
    const answer = this.answer(key);
    const listed = isObject(answer) ? answer.roots : undefined;
    if (!Array.isArray(listed) || !listed.every((root) => isObject(root) && typeof root.uri === "string")) {
      return undefined;
    }
    return listed.map((root) =>
      typeof root.name === "string" ? { uri: root.uri, name: root.name } : { uri: root.uri },
    );
  }

  /** Tells the client how far the request got: `progress` grows from one
   * report to the next; `total`, when known, is where it ends. The host
   * forwards at most one report every 100 ms (the latest wins), and only
   * when the client asked for progress. */
  progress(progress: number, total?: number, message?: string): void {
    this.#send({
      kind: "progress",
      progress,
      ...(total !== undefined && { total }),
      ...(message !== undefined && { message }),
    });
  }

  /** Writes to the client's log, if the client asked for entries at `level`
   * or above: a message (a string) or any JSON value. Unlike the host's
   * `log`, the user sees these: never log a secret. */
  log(level: LogLevel, data: unknown, logger?: string): void {
    if (!LOG_LEVELS.includes(level)) {
      throw new TypeError(`a client log level is one of ${LOG_LEVELS.join(", ")}, not ${JSON.stringify(level)}`);
    }
    const entry = typeof data === "string" ? { message: data } : { json: toJsonText(data, "a client log entry") };
    this.#send({ kind: "log", level, data: entry, ...(logger !== undefined && { logger }) });
  }
}
