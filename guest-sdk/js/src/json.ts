/**
 * JSON as the contract carries it: structured results, schemas, client log
 * entries and questions travel serialized. `JSON.stringify` quietly turns
 * `NaN` into `null` and drops `undefined`; a result that silently changed
 * would fail its output schema far from the mistake, so both are refused
 * here, naming where they were.
 */

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** `value` serialized as compact JSON; a `TypeError` naming `what` (and the
 * path inside it) for anything JSON cannot carry exactly. */
export function toJsonText(value: unknown, what: string): string {
  const text = JSON.stringify(value, function (this: unknown, key: string, item: unknown) {
    if (typeof item === "number" && !Number.isFinite(item)) {
      throw new TypeError(`${what}: ${item} at ${key || "the top"} has no JSON form`);
    }
    if (typeof item === "bigint") {
      throw new TypeError(
        `${what}: the bigint at ${key || "the top"} has no JSON form; convert it to a number or a string`,
      );
    }
    return item;
  });
  if (text === undefined) throw new TypeError(`${what}: ${typeof value} has no JSON form`);
  return text;
}

/** Whether `value` is a plain JSON-like object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
