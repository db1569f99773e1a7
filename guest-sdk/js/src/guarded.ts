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
  run: () => Awaitable<T>,
  passing: Passing = toolErrors,
): Promise<T | InputRequired> {
  return guardedNow(what, run, passing);
}

/**
 * `guarded`, but synchronous for as long as `run` is: a promise only when
 * `run` returns one, and a failure of a synchronous `run` thrown. In the
 * component every promise costs a turn of SpiderMonkey's interpreter through
 * its self-hosted promise machinery, a third of an echo call; a tool that
 * does not wait should not pay for it.
 */
export function guardedNow<T>(
  what: string,
  run: () => Awaitable<T>,
  passing: Passing = toolErrors,
): Awaitable<T | InputRequired> {
  let value: Awaitable<T>;
  try {
    value = run();
  } catch (thrown) {
    return recovered(what, thrown, passing);
  }
  if (isThenable(value)) {
    return Promise.resolve(value).then(
      (settled) => checked(what, settled, passing),
      (thrown: unknown) => recovered(what, thrown, passing),
    );
  }
  return checked(what, value, passing);
}

/** Whether `value` is a promise (or another thenable) to wait for. */
export function isThenable<T>(value: Awaitable<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === "function";
}

/** A value `run` produced: an `InputRequired` is checked first. */
function checked<T>(what: string, value: T | InputRequired, passing: Passing): T | InputRequired {
  try {
    if (value instanceof InputRequired) value.check();
    return value;
  } catch (thrown) {
    throw failure(what, thrown, passing);
  }
}

/** What `run` threw: a thrown `InputRequired` is an answer, anything else a failure. */
function recovered(what: string, thrown: unknown, passing: Passing): InputRequired {
  if (thrown instanceof InputRequired) return checked(what, thrown, passing) as InputRequired;
  throw failure(what, thrown, passing);
}

/** The error to throw for `thrown`: itself if it passes, else a
 * `ToolError`, logged with its stack. */
function failure(what: string, thrown: unknown, passing: Passing): unknown {
  if (passing(thrown)) return thrown;
  const error = toToolError(thrown);
  const stack = thrown instanceof Error && thrown.stack ? `\n${thrown.stack}` : "";
  log("error", `${what} failed: ${error.message}${stack}`);
  return error;
}
