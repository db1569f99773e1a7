/**
 * The registry of everything one component serves: tools, resources,
 * resource templates and prompts, in the order added.
 *
 * Mistakes are refused where they are made: a bad name, schema or template
 * when it is defined, a duplicate when it is added (in the component: when
 * it is built, since the build runs the module's top level). Every method
 * that runs something works in a unit test exactly as the component runs
 * it, so tests need no WebAssembly.
 */

import type { InputRequired } from "./asking.ts";
import { complete, type Completer } from "./completion.ts";
import type { ResourceContents } from "./content.ts";
import { Context } from "./context.ts";
import { InvalidInput, ResourceNotFound, ToolError } from "./errors.ts";
import { guarded, type Awaitable } from "./guarded.ts";
import { Prompt, type PromptResult } from "./prompts.ts";
import { Resource, ResourceTemplate } from "./resources.ts";
import { Tool, type ToolResult } from "./tools.ts";

/** What a toolbox holds. */
export type Definition = Tool | Resource | ResourceTemplate | Prompt;

/** Everything a toolbox serves, as the host's `describe` lists it. */
export interface Catalog {
  readonly tools: Tool[];
  readonly resources: Resource[];
  readonly resourceTemplates: ResourceTemplate[];
  readonly prompts: Prompt[];
  /** Whether any prompt or template completes its arguments. */
  readonly completions: boolean;
}

/** Tools, resources, templates and prompts, in the order added. */
export class Toolbox {
  readonly #tools = new Map<string, Tool>();
  readonly #resources = new Map<string, Resource>();
  readonly #templates = new Map<string, ResourceTemplate>();
  readonly #prompts = new Map<string, Prompt>();

  constructor(definitions: Iterable<Definition> = []) {
    this.add(...definitions);
  }

  /** Adds definitions; a `TypeError` for one whose name (a resource's URI,
   * a template's template) is taken. */
  add(...definitions: Definition[]): this {
    for (const definition of definitions) {
      if (definition instanceof Tool) added(this.#tools, definition.name, definition, "tool");
      else if (definition instanceof Resource) added(this.#resources, definition.uri, definition, "resource");
      else if (definition instanceof ResourceTemplate) {
        added(this.#templates, definition.uriTemplate, definition, "resource template");
      } else if (definition instanceof Prompt) added(this.#prompts, definition.name, definition, "prompt");
      else
        throw new TypeError(
          "a toolbox holds what defineTool, defineResource, defineResourceTemplate and definePrompt make",
        );
    }
    return this;
  }

  /** Everything the toolbox serves, as the host sees it. */
  catalog(): Catalog {
    const resourceTemplates = [...this.#templates.values()];
    const prompts = [...this.#prompts.values()];
    const completions = [...resourceTemplates, ...prompts].some((item) => item.completers.size > 0);
    return {
      tools: [...this.#tools.values()],
      resources: [...this.#resources.values()],
      resourceTemplates,
      prompts,
      completions,
    };
  }

  /** Runs the tool `name` with `args` (JSON data), exactly as the component
   * does; rejects only with a `ToolError`. */
  call(
    name: string,
    args: Record<string, unknown> = {},
    ctx: Context = new Context(),
  ): Promise<ToolResult | InputRequired> {
    const tool = this.#tools.get(name);
    if (tool === undefined) return Promise.reject(new ToolError(`unknown tool ${name}`));
    return tool.run(args, ctx);
  }

  /** `call`, synchronous while the tool is: a result, or a `ToolError`
   * thrown, unless the tool waits. What the component calls. */
  callNow(name: string, args: Record<string, unknown>, ctx: Context): Awaitable<ToolResult | InputRequired> {
    const tool = this.#tools.get(name);
    if (tool === undefined) throw new ToolError(`unknown tool ${name}`);
    return tool.runNow(args, ctx);
  }

  /** Reads the resource at `uri`: the resource with exactly that URI, else
   * the first template, in the order added, that matches it. Rejects with
   * `ResourceNotFound` when nothing here serves it. */
  read(uri: string, ctx: Context = new Context()): Promise<ResourceContents[] | InputRequired> {
    const resource = this.#resources.get(uri);
    if (resource !== undefined) return resource.read(ctx);
    for (const template of this.#templates.values()) {
      const variables = template.matcher.match(uri);
      if (variables !== undefined) return template.read(uri, variables, ctx);
    }
    return Promise.reject(new ResourceNotFound(uri));
  }

  /** Fills in the prompt `name` with `args` (strings, by name). */
  getPrompt(
    name: string,
    args: Readonly<Record<string, string>> = {},
    ctx: Context = new Context(),
  ): Promise<PromptResult | InputRequired> {
    const prompt = this.#prompts.get(name);
    if (prompt === undefined) return Promise.reject(new InvalidInput(`unknown prompt ${name}`));
    return prompt.get(args, ctx);
  }

  /** Suggestions for `argument` of the prompt `name`, given what the user
   * `typed` and the arguments already `filled` in. */
  completePrompt(
    name: string,
    argument: string,
    typed: string,
    filled: Readonly<Record<string, string>> = {},
  ): Promise<string[]> {
    const prompt = this.#prompts.get(name);
    if (prompt === undefined) return Promise.reject(new InvalidInput(`nothing here to complete: no prompt ${name}`));
    return completed(`prompt ${name}`, prompt.completers.get(argument), typed, filled);
  }

  /** Suggestions for `variable` of the resource template `uriTemplate`. */
  completeTemplate(
    uriTemplate: string,
    variable: string,
    typed: string,
    filled: Readonly<Record<string, string>> = {},
  ): Promise<string[]> {
    const template = this.#templates.get(uriTemplate);
    if (template === undefined) {
      return Promise.reject(new InvalidInput(`nothing here to complete: no resource template ${uriTemplate}`));
    }
    return completed(`resource template ${uriTemplate}`, template.completers.get(variable), typed, filled);
  }
}

function added<T>(registry: Map<string, T>, key: string, item: T, kind: string): void {
  if (registry.has(key)) throw new TypeError(`a ${kind} named ${key} is already in the toolbox`);
  registry.set(key, item);
}

/** Runs a completer so that its failure is a `ToolError` like any other's.
 * Completions cannot ask the client anything. */
async function completed(
  what: string,
  completer: Completer | undefined,
  typed: string,
  filled: Readonly<Record<string, string>>,
): Promise<string[]> {
  const values = await guarded(`completion of ${what}`, () => complete(completer, typed, filled));
  if (!Array.isArray(values)) throw new ToolError(`completion of ${what}: completions cannot ask the client for input`);
  return values;
}
