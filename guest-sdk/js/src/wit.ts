/**
 * The contract's types (`wit/v0.2/tool.wit`, world `server-component`) as
 * componentize-js passes them to and from JavaScript: records are objects
 * with camelCase fields, variants `{ tag, val }` with the case's WIT name as
 * the tag, enums strings, `option` a value or `undefined`, `list<u8>` a
 * `Uint8Array`, `u64` a `bigint`. An export that returns a `result` returns
 * `{ tag: "ok", val }` or `{ tag: "err", val }`. Written from `jco
 * guest-types wit/v0.2 --world-name server-component`, for the glue only.
 */

import type { HostLogLevel } from "./host.ts";
import type { LogLevel } from "./context.ts";

export type Result<T, E> = { tag: "ok"; val: T } | { tag: "err"; val: E };

export type Role = "user" | "assistant";

export interface ContentAnnotations {
  audience?: Role[];
  priority?: number;
  lastModified?: string;
}

export interface ResourceContents {
  uri: string;
  mimeType?: string;
  body: { tag: "text"; val: string } | { tag: "blob"; val: Uint8Array };
}

export interface MediaContent {
  data: Uint8Array;
  mimeType: string;
  annotations?: ContentAnnotations;
}

export type Content =
  | { tag: "text"; val: { text: string; annotations?: ContentAnnotations } }
  | { tag: "image"; val: MediaContent }
  | { tag: "audio"; val: MediaContent }
  | { tag: "resource-link"; val: ResourceLink }
  | { tag: "resource"; val: { contents: ResourceContents; annotations?: ContentAnnotations } };

export interface ResourceLink {
  uri: string;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  size?: bigint;
  annotations?: ContentAnnotations;
}

export type ToolError =
  | { tag: "invalid-input"; val: string }
  | { tag: "upstream"; val: { status?: number; retryAfterSecs?: number; message: string } }
  | { tag: "other"; val: string };

export type InputRequest = { tag: "elicitation"; val: string } | { tag: "sampling"; val: string } | { tag: "roots" };

export interface InputRequired {
  requests: { key: string; request: InputRequest }[];
  state?: Uint8Array;
}

export interface CallContext {
  responses: { key: string; answer: string }[];
  state?: Uint8Array;
  client: { elicitation: boolean; sampling: boolean; roots: boolean };
}

export type ToolOutcome =
  { tag: "done"; val: { content: Content[]; structured?: string } } | { tag: "input-required"; val: InputRequired };

export type ReadOutcome = { tag: "done"; val: ResourceContents[] } | { tag: "input-required"; val: InputRequired };

export type ResourceError = { tag: "not-found" } | { tag: "failed"; val: ToolError };

export interface PromptResult {
  description?: string;
  messages: { role: Role; content: Content }[];
}

export type PromptOutcome = { tag: "done"; val: PromptResult } | { tag: "input-required"; val: InputRequired };

export interface CompletionRequest {
  reference: { tag: "prompt"; val: string } | { tag: "resource-template"; val: string };
  argument: string;
  value: string;
  context: [string, string][];
}

export interface Completion {
  values: string[];
  total?: number;
}

export interface Catalog {
  tools: {
    name: string;
    title?: string;
    description?: string;
    inputSchema: string;
    outputSchema?: string;
    annotations?: {
      title?: string;
      readOnlyHint?: boolean;
      destructiveHint?: boolean;
      idempotentHint?: boolean;
      openWorldHint?: boolean;
    };
  }[];
  resources: {
    uri: string;
    name: string;
    title?: string;
    description?: string;
    mimeType?: string;
    size?: bigint;
    annotations?: ContentAnnotations;
  }[];
  resourceTemplates: {
    uriTemplate: string;
    name: string;
    title?: string;
    description?: string;
    mimeType?: string;
    annotations?: ContentAnnotations;
  }[];
  prompts: {
    name: string;
    title?: string;
    description?: string;
    arguments: { name: string; title?: string; description?: string; required: boolean }[];
  }[];
  completions: boolean;
}

/** The `server` export. */
export interface Server {
  describe(): Catalog;
  callTool(
    name: string,
    args: string,
    context: CallContext,
  ): Result<ToolOutcome, ToolError> | Promise<Result<ToolOutcome, ToolError>>;
  readResource(uri: string, context: CallContext): Promise<Result<ReadOutcome, ResourceError>>;
  getPrompt(name: string, args: [string, string][], context: CallContext): Promise<Result<PromptOutcome, ToolError>>;
  complete(request: CompletionRequest): Promise<Result<Completion, ToolError>>;
}

/** The world's imports, as the entry module passes them to `serverFor`. */
export interface Imports {
  client: {
    reportProgress(progress: number, total: number | undefined, message: string | undefined): void;
    log(
      level: LogLevel,
      logger: string | undefined,
      data: { tag: "message"; val: string } | { tag: "json"; val: string },
    ): void;
  };
  log: { log(level: HostLogLevel, message: string): void };
  config: { get(name: string): string | undefined };
}
