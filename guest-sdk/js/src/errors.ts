/**
 * Failures a component reports, as the contract names them.
 *
 * A tool's failure reaches the model as a result with `isError: true`; a
 * resource's or a prompt's, as a JSON-RPC error. Throw `InvalidInput` when
 * the arguments passed the schema but are still unusable, `UpstreamError`
 * when a service the tool depends on failed, and `ToolError` for anything
 * else. Anything else thrown is reported as a `ToolError` too, with a short
 * message (`"TypeError: ..."`), and its stack goes to the host's log for the
 * operator: a bug in a tool never crashes the component.
 */

/** A failure to report to the client; its message is what the model reads
 * (the host caps its length and strips control characters). */
export class ToolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The arguments passed the schema but are still unusable: say what to
 * change, so the model can call again. */
export class InvalidInput extends ToolError {}

/** Details of an upstream failure, as far as they are known. */
export interface UpstreamDetails {
  /** The HTTP status, when the failure was an HTTP response. */
  status?: number;
  /** Seconds to wait before retrying, from `Retry-After`. */
  retryAfter?: number;
}

/** A service the tool depends on failed. The message is a short
 * explanation for the model, never the upstream body verbatim. */
export class UpstreamError extends ToolError {
  readonly status: number | undefined;
  readonly retryAfter: number | undefined;

  constructor(message: string, details: UpstreamDetails = {}) {
    super(message);
    this.status = details.status;
    this.retryAfter = details.retryAfter;
  }
}

/** Nothing is served at this URI: throw it from a resource template's
 * handler for an ID that does not exist, and the client gets MCP's
 * "resource not found" error. */
export class ResourceNotFound extends Error {
  readonly uri: string | undefined;

  constructor(uri?: string) {
    super(uri === undefined ? "no resource here" : `no resource at ${uri}`);
    this.name = "ResourceNotFound";
    this.uri = uri;
  }
}

/** Anything thrown, as a `ToolError`: itself when it is one, else its
 * name and message (`"TypeError: x is not a function"`). */
export function toToolError(thrown: unknown): ToolError {
  if (thrown instanceof ToolError) return thrown;
  if (thrown instanceof Error) {
    return new ToolError(thrown.message ? `${thrown.name}: ${thrown.message}` : thrown.name);
  }
  return new ToolError(`thrown ${typeof thrown}: ${describe(thrown)}`);
}

/** A thrown value that is not an `Error`, in words; never fails. */
function describe(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
