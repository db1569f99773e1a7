/**
 * Running an author's handler so that whatever it does ends as a result, a
 * question for the client or a `ToolError`, never as a crash: in the
 * component, an exception that escaped would trap the instance, and the
 * client would learn nothing but that the tool crashed.
 */

import { InputRequired } from "./asking.ts";
import { ResourceNotFound, ToolError, toToolError } from "./errors.ts";
import { log } from "./host.ts";

/** A handler's value, or a promise of it. */
export type Awaitable<T> = T | Promise<T>;

/** Which thrown values pass unchanged: `ToolError`s, and for a resource
 * also `ResourceNotFound`. */
export type Passing = (thrown: unknown) => boolean;

const toolErrors: Passing = (thrown) => thrown instanceof ToolError;
export const toolErrorsAndNotFound: Passing = (thrown) =>
  thrown instanceof ToolError || thrown instanceof ResourceNotFound;

/**
 * Runs `run`, sync or async. An `InputRequired`, returned or thrown, comes
 * back (checked); `passing` errors pass; anything else thrown becomes a
 * `ToolError` saying its name and message, and its stack goes to the host's
 * log, naming `what` (such as `tool word_count`), for the operator.
 */
export async function guarded<T>(
  what: string,
  run: () => T | Promise<T>,
  passing: Passing = toolErrors,
): Promise<T | InputRequired> {
  try {
    let value: T | InputRequired;
    try {
      value = await run();
    } catch (thrown) {
      if (!(thrown instanceof InputRequired)) throw thrown;
      value = thrown;
    }
    if (value instanceof InputRequired) value.check();
    return value;
  } catch (thrown) {
    if (passing(thrown)) throw thrown;
    const error = toToolError(thrown);
    const stack = thrown instanceof Error && thrown.stack ? `\n${thrown.stack}` : "";
    log("error", `${what} failed: ${error.message}${stack}`);
    throw error;
  }
}
