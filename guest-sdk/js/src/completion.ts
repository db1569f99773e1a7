/**
 * Suggesting values for a prompt argument or a URI template variable as the
 * user types (`completion/complete`).
 *
 * A completer is a list of values (those starting with what was typed are
 * suggested, ignoring case) or a function `(typed, filled) => values`,
 * where `filled` holds the arguments already filled in. A prompt argument
 * whose schema is a choice among strings (`z.enum([...])`) completes from
 * its values without being asked.
 */

/** Values to suggest, or how to find them. */
export type Completer =
  | ReadonlyArray<string>
  | ((typed: string, filled: Readonly<Record<string, string>>) => Iterable<string> | Promise<Iterable<string>>);

/** The completers of a prompt's or template's arguments: those given, then
 * the `choices` known from schemas. A `TypeError` for a completer of an
 * argument that does not exist, since it could never be asked for. */
export function completers(
  names: readonly string[],
  given: Readonly<Record<string, Completer>> | undefined,
  choices: Readonly<Record<string, string[]>>,
  what: string,
): Map<string, Completer> {
  const unknown = Object.keys(given ?? {}).filter((name) => !names.includes(name));
  if (unknown.length > 0)
    throw new TypeError(`${what}: completers for arguments it does not have: ${unknown.join(", ")}`);
  const found = new Map<string, Completer>();
  for (const name of names) {
    const completer = given?.[name] ?? choices[name];
    if (completer !== undefined) found.set(name, completer);
  }
  return found;
}

/** Suggestions, best first; none for an argument without a completer,
 * since a client may ask about any argument. */
export async function complete(
  completer: Completer | undefined,
  typed: string,
  filled: Readonly<Record<string, string>>,
): Promise<string[]> {
  if (completer === undefined) return [];
  if (typeof completer === "function") return Array.from(await completer(typed, filled), String);
  const prefix = typed.toLowerCase();
  return completer.filter((value) => value.toLowerCase().startsWith(prefix));
}
