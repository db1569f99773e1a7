/**
 * Resources a component serves: at fixed URIs (`defineResource`) and as
 * families named by a URI template (`defineResourceTemplate`).
 *
 * A handler returns text (a string), bytes (a `Uint8Array`), contents
 * (`{ text }` or `{ blob }`, with a `uri` of their own or the one read, and
 * a `mimeType`) or a list of them, or asks the client (`InputRequired`). A
 * template's handler gets the template's variables, and may throw
 * `ResourceNotFound` for a URI that matches but names nothing.
 */

import { InputRequired } from "./asking.ts";
import { completers, type Completer } from "./completion.ts";
import {
  checkAnnotations,
  checkContents,
  checkSize,
  type ContentAnnotations,
  type ResourceContents,
} from "./content.ts";
import type { Context } from "./context.ts";
import { guarded, toolErrorsAndNotFound, type Awaitable } from "./guarded.ts";
import { UriTemplate, type TemplateVariables } from "./uri-template.ts";

/** Contents as a handler returns them: the URI may be left out when it is
 * the one read. */
export type ReadContents =
  { uri?: string; mimeType?: string; text: string } | { uri?: string; mimeType?: string; blob: Uint8Array };

/** What a resource's handler may return. */
export type ReadReturn = string | Uint8Array | ReadContents | ReadContents[] | InputRequired;

/** What describes a resource at a fixed URI. */
export interface ResourceSpec {
  /** Unique across the server. */
  uri: string;
  name: string;
  title?: string;
  description?: string;
  /** The MIME type of what it holds, given to text and bytes returned. */
  mimeType?: string;
  /** Its size in bytes, when known. */
  size?: number;
  annotations?: ContentAnnotations;
}

/** What describes a family of resources. */
export interface ResourceTemplateSpec<T extends string> {
  /** An RFC 6570 template with simple `{name}` and reserved `{+name}`
   * variables, such as `weather://{city}/today`. */
  uriTemplate: T;
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  annotations?: ContentAnnotations;
  /** Completers for the variables, by name. */
  complete?: Partial<Record<TemplateVariables<T>, Completer>>;
}

/** A resource at a fixed URI. */
export class Resource {
  readonly uri: string;
  readonly name: string;
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly mimeType: string | undefined;
  readonly size: number | undefined;
  readonly annotations: ContentAnnotations | undefined;
  readonly #handler: (ctx: Context) => Awaitable<ReadReturn>;

  constructor(spec: ResourceSpec, handler: (ctx: Context) => Awaitable<ReadReturn>) {
    if (!spec.uri) throw new TypeError("a resource needs a URI");
    checkSize(spec.size);
    checkAnnotations(spec.annotations);
    ({ uri: this.uri, name: this.name, title: this.title, description: this.description } = spec);
    ({ mimeType: this.mimeType, size: this.size, annotations: this.annotations } = spec);
    this.#handler = handler;
  }

  /** The resource's contents, or the questions its handler asks. */
  read(ctx: Context): Promise<ResourceContents[] | InputRequired> {
    const run = async () => contents(await this.#handler(ctx), this.uri, this.mimeType);
    return guarded(`resource ${this.uri}`, run, toolErrorsAndNotFound);
  }
}

/** A family of resources named by a URI template. */
export class ResourceTemplate {
  readonly uriTemplate: string;
  readonly name: string;
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly mimeType: string | undefined;
  readonly annotations: ContentAnnotations | undefined;
  readonly matcher: UriTemplate;
  /** Completers of the variables that have one. */
  readonly completers: Map<string, Completer>;
  readonly #handler: (variables: Record<string, string>, ctx: Context) => Awaitable<ReadReturn>;

  constructor(
    spec: ResourceTemplateSpec<string>,
    handler: (variables: Record<string, string>, ctx: Context) => Awaitable<ReadReturn>,
  ) {
    const what = `resource template ${spec.uriTemplate}`;
    this.matcher = new UriTemplate(spec.uriTemplate);
    checkAnnotations(spec.annotations);
    this.completers = completers(this.matcher.variables, spec.complete as Record<string, Completer>, {}, what);
    ({ uriTemplate: this.uriTemplate, name: this.name, title: this.title, description: this.description } = spec);
    ({ mimeType: this.mimeType, annotations: this.annotations } = spec);
    this.#handler = handler;
  }

  /** The contents at `uri`, whose `variables` this template matched, or the
   * questions the handler asks. */
  read(uri: string, variables: Record<string, string>, ctx: Context): Promise<ResourceContents[] | InputRequired> {
    const run = async () => contents(await this.#handler(variables, ctx), uri, this.mimeType);
    return guarded(`resource template ${this.uriTemplate}`, run, toolErrorsAndNotFound);
  }
}

/** Defines the resource at `spec.uri`, read by `handler`. */
export function defineResource(spec: ResourceSpec, handler: (ctx: Context) => Awaitable<ReadReturn>): Resource {
  return new Resource(spec, handler);
}

/** Defines the resources matching `spec.uriTemplate`, read by `handler`
 * with the variables of the URI read. */
export function defineResourceTemplate<T extends string>(
  spec: ResourceTemplateSpec<T>,
  handler: (variables: Record<TemplateVariables<T>, string>, ctx: Context) => Awaitable<ReadReturn>,
): ResourceTemplate {
  return new ResourceTemplate(
    spec,
    handler as (variables: Record<string, string>, ctx: Context) => Awaitable<ReadReturn>,
  );
}

/** What a handler returned, as contents: text and bytes are the contents of
 * the URI read, with the declared MIME type. */
function contents(value: ReadReturn, uri: string, mimeType: string | undefined): ResourceContents[] | InputRequired {
  if (value instanceof InputRequired) return value;
  const typed = mimeType === undefined ? {} : { mimeType };
  if (typeof value === "string") return [{ uri, ...typed, text: value }];
  if (value instanceof Uint8Array) return [{ uri, ...typed, blob: value }];
  const items = Array.isArray(value) ? value : [value];
  if (!items.every((item) => typeof item === "object" && item !== null)) {
    throw new TypeError("a resource is a string, a Uint8Array or { text } / { blob } contents (or a list of them)");
  }
  return items.map((item) =>
    checkContents({ ...item, uri: item.uri ?? uri } as ResourceContents, "a resource's contents"),
  );
}
