/**
 * The glue between a `Toolbox` and the component world
 * `toolhost:tool/server-component@0.2.0`: the `server` export over the
 * toolbox, and the `client`, `log` and `config` imports behind `Context`,
 * `log` and `config`.
 *
 * The imports come in as an argument, so nothing here names their module
 * specifiers (`toolhost:tool/client@0.2.0`, ...), which exist only inside
 * componentize-js: the entry module that `build.mjs` writes imports them
 * and does
 *
 * ```ts
 * export const server = serverFor(toolbox, { client, log, config });
 * ```
 *
 * and unit tests pass fakes. componentize-js runs the entry's top level
 * when it builds the component, so the catalog is checked and converted
 * then, once. Whatever goes wrong in a request ends as the contract's error:
 * an `Error` that escaped an export would trap the instance.
 */

import { mapped } from "./arrays.ts";
import { InputRequired } from "./asking.ts";
import type { Content, ContentAnnotations, ResourceContents } from "./content.ts";
import { Context, type Notification } from "./context.ts";
import { InvalidInput, ResourceNotFound, toToolError, UpstreamError, type ToolError } from "./errors.ts";
import { isThenable, type Awaitable } from "./guarded.ts";
import { useHost } from "./host.ts";
import { isObject, toJsonText } from "./json.ts";
import type { PromptResult } from "./prompts.ts";
import { Toolbox, type Catalog } from "./toolbox.ts";
import type { ToolResult } from "./tools.ts";
import type * as wit from "./wit.ts";

export type { Imports, Server } from "./wit.ts";

/** The `server` export serving `toolbox`, talking to the host through
 * `imports`; host log lines and settings go through them from now on. */
export function serverFor(toolbox: Toolbox, imports: wit.Imports): wit.Server {
  if (!(toolbox instanceof Toolbox)) {
    throw new TypeError(`the app must export a Toolbox (new Toolbox([...])) to serve, not ${typeof toolbox}`);
  }
  useHost({ log: (level, message) => imports.log.log(level, message), config: (name) => imports.config.get(name) });
  const catalog = witCatalog(toolbox.catalog());
  const context = (wire: wit.CallContext) => contextOf(wire, imports.client);
  return {
    describe: () => catalog,
    callTool: (name, args, wire) =>
      answerNow(() => {
        const outcome = toolbox.callNow(name, argumentsOf(args), context(wire));
        return isThenable(outcome) ? outcome.then(toolOutcome) : toolOutcome(outcome);
      }),
    readResource: async (uri, wire) => {
      try {
        return ok(readOutcome(await toolbox.read(uri, context(wire))));
      } catch (thrown) {
        if (thrown instanceof ResourceNotFound) return { tag: "err", val: { tag: "not-found" } };
        return { tag: "err", val: { tag: "failed", val: witError(toToolError(thrown)) } };
      }
    },
    getPrompt: (name, args, wire) =>
      answer(async () => promptOutcome(await toolbox.getPrompt(name, Object.fromEntries(args), context(wire)))),
    complete: (request) =>
      answer(async () => {
        const { reference, argument, value } = request;
        const filled = Object.fromEntries(request.context);
        const values =
          reference.tag === "prompt"
            ? await toolbox.completePrompt(reference.val, argument, value, filled)
            : await toolbox.completeTemplate(reference.val, argument, value, filled);
        return { values, total: values.length };
      }),
  };
}

/** Runs a request, turning any failure into the contract's `tool-error`. */
async function answer<T>(run: () => Promise<T>): Promise<wit.Result<T, wit.ToolError>> {
  return answerNow(run);
}

/** `answer`, synchronous while `run` is (see `guardedNow`). */
function answerNow<T>(run: () => Awaitable<T>): Awaitable<wit.Result<T, wit.ToolError>> {
  let value: Awaitable<T>;
  try {
    value = run();
  } catch (thrown) {
    return { tag: "err", val: witError(toToolError(thrown)) };
  }
  if (!isThenable(value)) return ok(value);
  return value.then(ok, (thrown: unknown) => ({ tag: "err", val: witError(toToolError(thrown)) }));
}

function ok<T>(val: T): wit.Result<T, never> {
  return { tag: "ok", val };
}

/** An error as the contract has it; numbers it cannot carry are left out. */
function witError(error: ToolError): wit.ToolError {
  if (error instanceof InvalidInput) return { tag: "invalid-input", val: error.message };
  if (error instanceof UpstreamError) {
    const status = inRange(error.status, 0xffff);
    const retryAfterSecs = inRange(error.retryAfter, 0xffffffff);
    return { tag: "upstream", val: { status, retryAfterSecs, message: error.message } };
  }
  return { tag: "other", val: error.message };
}

function inRange(value: number | undefined, max: number): number | undefined {
  return value !== undefined && Number.isInteger(value) && value >= 0 && value <= max ? value : undefined;
}

function argumentsOf(args: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(args);
  } catch (error) {
    throw new InvalidInput(`the arguments are not JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) throw new InvalidInput("the arguments are not a JSON object");
  return parsed;
}

/** A round's context; an answer that is not JSON counts as no answer. */
function contextOf(wire: wit.CallContext, client: wit.Imports["client"]): Context {
  const answers: Record<string, unknown> = {};
  // An index loop, not `for ... of`: see `arrays.ts`.
  for (let i = 0; i < wire.responses.length; i++) {
    const { key, answer } = wire.responses[i]!;
    try {
      answers[key] = JSON.parse(answer);
    } catch {
      continue;
    }
  }
  const send = (notification: Notification) => {
    if (notification.kind === "progress") {
      client.reportProgress(notification.progress, notification.total, notification.message);
    } else {
      const { data } = notification;
      client.log(
        notification.level,
        notification.logger,
        "message" in data ? { tag: "message", val: data.message } : { tag: "json", val: data.json },
      );
    }
  };
  return new Context({ client: wire.client, answers, state: wire.state, send });
}

function witCatalog(catalog: Catalog): wit.Catalog {
  return {
    tools: catalog.tools.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: toJsonText(tool.inputSchema, `tool ${tool.name}`),
      outputSchema: tool.outputSchema && toJsonText(tool.outputSchema, `tool ${tool.name}`),
      annotations: tool.annotations && { ...tool.annotations },
    })),
    resources: catalog.resources.map((resource) => ({
      uri: resource.uri,
      name: resource.name,
      title: resource.title,
      description: resource.description,
      mimeType: resource.mimeType,
      size: bytes(resource.size),
      annotations: witAnnotations(resource.annotations),
    })),
    resourceTemplates: catalog.resourceTemplates.map((template) => ({
      uriTemplate: template.uriTemplate,
      name: template.name,
      title: template.title,
      description: template.description,
      mimeType: template.mimeType,
      annotations: witAnnotations(template.annotations),
    })),
    prompts: catalog.prompts.map((prompt) => ({
      name: prompt.name,
      title: prompt.title,
      description: prompt.description,
      arguments: prompt.arguments.map((argument) => ({ ...argument })),
    })),
    completions: catalog.completions,
  };
}

function toolOutcome(outcome: ToolResult | InputRequired): wit.ToolOutcome {
  if (outcome instanceof InputRequired) return { tag: "input-required", val: witInputRequired(outcome) };
  const structured =
    outcome.structured === undefined ? undefined : toJsonText(outcome.structured, "the structured result");
  return { tag: "done", val: { content: mapped(outcome.content, witContent), structured } };
}

function readOutcome(outcome: ResourceContents[] | InputRequired): wit.ReadOutcome {
  if (outcome instanceof InputRequired) return { tag: "input-required", val: witInputRequired(outcome) };
  return { tag: "done", val: outcome.map(witContents) };
}

function promptOutcome(outcome: PromptResult | InputRequired): wit.PromptOutcome {
  if (outcome instanceof InputRequired) return { tag: "input-required", val: witInputRequired(outcome) };
  const messages = outcome.messages.map(({ role, content }) => ({ role, content: witContent(content) }));
  return { tag: "done", val: { description: outcome.description, messages } };
}

function witInputRequired(asked: InputRequired): wit.InputRequired {
  const requests = [...asked.requests].map(([key, question]): wit.InputRequired["requests"][number] => {
    if (question.kind === "roots") return { key, request: { tag: "roots" } };
    return { key, request: { tag: question.kind, val: toJsonText(question.params, `question ${key}`) } };
  });
  return { requests, state: asked.state };
}

function witContent(block: Content): wit.Content {
  const annotations = witAnnotations(block.annotations);
  switch (block.type) {
    case "text":
      return { tag: "text", val: { text: block.text, annotations } };
    case "image":
    case "audio":
      return { tag: block.type, val: { data: block.data, mimeType: block.mimeType, annotations } };
    case "resource_link": {
      const { uri, name, title, description, mimeType, size } = block;
      return { tag: "resource-link", val: { uri, name, title, description, mimeType, size: bytes(size), annotations } };
    }
    case "resource":
      return { tag: "resource", val: { contents: witContents(block.resource), annotations } };
  }
}

function witContents(contents: ResourceContents): wit.ResourceContents {
  const body: wit.ResourceContents["body"] =
    "text" in contents ? { tag: "text", val: contents.text } : { tag: "blob", val: contents.blob };
  return { uri: contents.uri, mimeType: contents.mimeType, body };
}

function witAnnotations(annotations: ContentAnnotations | undefined): wit.ContentAnnotations | undefined {
  if (annotations === undefined) return undefined;
  const { audience, priority, lastModified } = annotations;
  return { audience, priority, lastModified };
}

function bytes(size: number | undefined): bigint | undefined {
  return size === undefined ? undefined : BigInt(size);
}
