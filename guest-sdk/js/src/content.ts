/**
 * Blocks of content a tool returns and a prompt's messages carry: text,
 * images, sound, links to resources and resources themselves.
 *
 * They have MCP's shapes (`{ type: "text", text }`, `{ type: "image", data,
 * mimeType }`, ...), so a block written as a literal, the way MCP servers in
 * TypeScript write them, works as well as one made by a helper. One thing
 * differs from the wire: images, sounds and blobs are raw bytes
 * (`Uint8Array`; the host base64-encodes them). Values the host would refuse
 * (a MIME type that is not `type/subtype`, a priority outside 0..1) are
 * refused where the block is made or returned.
 */

/** Who a block or a message is for, or from. */
export type Role = "user" | "assistant";

/** Hints on a block or a resource, passed to the client as given. */
export interface ContentAnnotations {
  /** Who it is for; leave it out for both. */
  audience?: Role[];
  /** How important it is, from 0 (least) to 1 (most). */
  priority?: number;
  /** When it last changed, as an ISO 8601 timestamp. */
  lastModified?: string;
}

/** Text for the model to read. */
export interface TextContent {
  type: "text";
  text: string;
  annotations?: ContentAnnotations;
}

/** An image or a sound, as raw bytes. */
export interface MediaContent<Kind extends "image" | "audio"> {
  type: Kind;
  data: Uint8Array;
  /** `type/subtype`, such as `image/png` or `audio/wav`. */
  mimeType: string;
  annotations?: ContentAnnotations;
}

export type ImageContent = MediaContent<"image">;
export type AudioContent = MediaContent<"audio">;

/** What describes a resource besides its contents. */
export interface ResourceInfo {
  uri: string;
  /** Its name, for people and models. */
  name: string;
  title?: string;
  description?: string;
  mimeType?: string;
  /** Its size in bytes, when known. */
  size?: number;
  annotations?: ContentAnnotations;
}

/** A pointer to a resource the client may read (or fetch) itself. */
export interface ResourceLink extends ResourceInfo {
  type: "resource_link";
}

/** What a resource holds: text, or bytes (sent base64-encoded). */
export type ResourceContents =
  { uri: string; mimeType?: string; text: string } | { uri: string; mimeType?: string; blob: Uint8Array };

/** A resource included in a result or a message, contents and all. */
export interface EmbeddedResource {
  type: "resource";
  resource: ResourceContents;
  annotations?: ContentAnnotations;
}

/** One block of content. */
export type Content = TextContent | ImageContent | AudioContent | ResourceLink | EmbeddedResource;

/** One message of a prompt or of a sampling request. */
export interface Message {
  role: Role;
  content: Content;
}

const MIME_TYPE = /^[\w.+-]+\/[\w.+-]+(;.*)?$/;
const CONTENT_TYPES = new Set(["text", "image", "audio", "resource_link", "resource"]);

/** A text block. */
export function text(text: string, annotations?: ContentAnnotations): TextContent {
  return checkContent({ type: "text", text, ...(annotations && { annotations }) });
}

/** An image, such as a PNG with `mimeType` `image/png`. */
export function image(data: Uint8Array, mimeType: string, annotations?: ContentAnnotations): ImageContent {
  return checkContent({ type: "image", data, mimeType, ...(annotations && { annotations }) });
}

/** A sound, such as a WAV file with `mimeType` `audio/wav`. */
export function audio(data: Uint8Array, mimeType: string, annotations?: ContentAnnotations): AudioContent {
  return checkContent({ type: "audio", data, mimeType, ...(annotations && { annotations }) });
}

/** A link to a resource the client may read itself. */
export function resourceLink(link: ResourceInfo): ResourceLink {
  return checkContent({ type: "resource_link", ...link });
}

/** A resource included contents and all: `{ uri, text }` or `{ uri, blob }`. */
export function embeddedResource(resource: ResourceContents, annotations?: ContentAnnotations): EmbeddedResource {
  return checkContent({ type: "resource", resource, ...(annotations && { annotations }) });
}

/** A message: a string is one text block. */
export function message(content: string | Content, role: Role = "user"): Message {
  return toMessage({ role, content });
}

/** Whether `value` claims to be a content block (its `type` is one); it is
 * checked when used. */
export function isContent(value: unknown): value is Content {
  return typeof value === "object" && value !== null && CONTENT_TYPES.has((value as { type?: unknown }).type as string);
}

/** Whether `value` looks like a message: a role and some content. */
export function isMessage(value: unknown): value is { role: Role; content: string | Content } {
  if (typeof value !== "object" || value === null) return false;
  const { role, content } = value as { role?: unknown; content?: unknown };
  return (role === "user" || role === "assistant") && (typeof content === "string" || isContent(content));
}

/** A message with its content checked; a string becomes a text block. */
export function toMessage(value: { role: Role; content: string | Content }): Message {
  if (value.role !== "user" && value.role !== "assistant") {
    throw new TypeError(`a message's role is "user" or "assistant", not ${JSON.stringify(value.role)}`);
  }
  return {
    role: value.role,
    content: typeof value.content === "string" ? text(value.content) : checkContent(value.content),
  };
}

/** `block`, or a `TypeError` saying what the host would refuse in it. */
export function checkContent<C extends Content>(block: C): C {
  switch (block.type) {
    case "text":
      expectString(block.text, "a text block's text");
      break;
    case "image":
    case "audio":
      if (!(block.data instanceof Uint8Array)) throw new TypeError(`an ${block.type} block's data is a Uint8Array`);
      checkMimeType(block.mimeType);
      break;
    case "resource_link":
      expectString(block.uri, "a resource link's uri");
      expectString(block.name, "a resource link's name");
      checkSize(block.size);
      break;
    case "resource":
      checkContents(block.resource, "an embedded resource");
      break;
    default:
      throw new TypeError(`not a content block: type ${JSON.stringify((block as { type?: unknown }).type)}`);
  }
  checkAnnotations(block.annotations);
  return block;
}

/** Resource contents with either `text` or a `blob`; `what` names them in
 * the error. */
export function checkContents(contents: ResourceContents, what: string): ResourceContents {
  expectString(contents.uri, `${what}'s uri`);
  const hasText = "text" in contents && typeof contents.text === "string";
  const hasBlob = "blob" in contents && contents.blob instanceof Uint8Array;
  if (hasText === hasBlob) throw new TypeError(`${what} holds either text (a string) or a blob (a Uint8Array)`);
  return contents;
}

/** Annotations the host accepts: an audience of roles, a priority in 0..1. */
export function checkAnnotations(annotations: ContentAnnotations | undefined): void {
  if (annotations === undefined) return;
  const { priority, audience } = annotations;
  if (priority !== undefined && !(priority >= 0 && priority <= 1)) {
    throw new RangeError(`a priority is between 0 and 1, not ${priority}`);
  }
  const strangers = (audience ?? []).filter((role) => role !== "user" && role !== "assistant");
  if (strangers.length > 0)
    throw new TypeError(`an audience is made of "user" and "assistant", not ${strangers.join(", ")}`);
}

/** A size in bytes, when known, is a whole number that is not negative. */
export function checkSize(size: number | undefined): void {
  if (size !== undefined && !(Number.isSafeInteger(size) && size >= 0)) {
    throw new RangeError(`a size is a number of bytes, not ${size}`);
  }
}

function checkMimeType(mimeType: string): void {
  if (typeof mimeType !== "string" || !MIME_TYPE.test(mimeType)) {
    throw new TypeError(`a MIME type is type/subtype (such as image/png), not ${JSON.stringify(mimeType)}`);
  }
}

function expectString(value: unknown, what: string): void {
  if (typeof value !== "string") throw new TypeError(`${what} is a string, not ${typeof value}`);
}
