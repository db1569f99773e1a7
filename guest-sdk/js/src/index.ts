/**
 * Write toolhost tools (MCP tools that run as WebAssembly components) in
 * TypeScript, the way MCP servers in TypeScript are written:
 *
 * ```ts
 * import { defineTool, Toolbox } from "@toolhost/sdk";
 * import { z } from "zod";
 *
 * const wordCount = defineTool(
 *   {
 *     name: "word_count",
 *     description: "Counts the words in a text.",
 *     input: z.object({ text: z.string().describe("The text to count in.") }),
 *     output: z.object({ words: z.number().int() }),
 *     annotations: { readOnlyHint: true },
 *   },
 *   ({ text }) => ({ words: text.split(/\s+/).filter(Boolean).length }),
 * );
 *
 * export default new Toolbox([wordCount]);
 * ```
 *
 * `build.mjs` bundles the module and serves its default export over the
 * contract `toolhost:tool@0.2.0` (`@toolhost/sdk/component`). Everything
 * here runs under Node as well, so tools unit-test without WebAssembly:
 * `await toolbox.call("word_count", { text: "a b" })`.
 */

export { InputRequired, inputRequired, type Question, type SampleOptions, type SamplingMessage } from "./asking.ts";
export type { Completer } from "./completion.ts";
export {
  audio,
  embeddedResource,
  image,
  message,
  resourceLink,
  text,
  type AudioContent,
  type Content,
  type ContentAnnotations,
  type EmbeddedResource,
  type ImageContent,
  type Message,
  type ResourceContents,
  type ResourceInfo,
  type ResourceLink,
  type Role,
  type TextContent,
} from "./content.ts";
export {
  Context,
  Elicited,
  Sampled,
  type ClientCapabilities,
  type ContextOptions,
  type LogEntry,
  type LogLevel,
  type Notification,
  type Progress,
  type Root,
} from "./context.ts";
export { InvalidInput, ResourceNotFound, ToolError, UpstreamError, type UpstreamDetails } from "./errors.ts";
export { fetchFollowing, type FollowingInit } from "./fetch.ts";
export type { Awaitable } from "./guarded.ts";
export { config, log, type HostLogLevel } from "./host.ts";
export type { JsonObject, JsonValue } from "./json.ts";
export {
  definePrompt,
  Prompt,
  type MessageInput,
  type PromptArgs,
  type PromptArgument,
  type PromptResult,
  type PromptReturn,
  type PromptSpec,
} from "./prompts.ts";
export {
  defineResource,
  defineResourceTemplate,
  Resource,
  ResourceTemplate,
  type ReadContents,
  type ReadReturn,
  type ResourceSpec,
  type ResourceTemplateSpec,
} from "./resources.ts";
export type { Infer, JsonSchema, SchemaInput, StandardSchema } from "./schema.ts";
export { Toolbox, type Catalog, type Definition } from "./toolbox.ts";
export {
  defineTool,
  Tool,
  ToolResult,
  type ToolAnnotations,
  type ToolArgs,
  type ToolHandler,
  type ToolReturn,
  type ToolSpec,
} from "./tools.ts";
export type { TemplateVariables } from "./uri-template.ts";
