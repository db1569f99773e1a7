/**
 * Names the host accepts for tools and prompts, checked where they are
 * given, so that a bad one fails the build rather than the component's load.
 */

const NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** `name`, or a `TypeError` saying what a `kind` (tool, prompt) name is. */
export function checkName(name: string, kind: string): string {
  if (typeof name !== "string" || !NAME.test(name)) {
    throw new TypeError(`${kind} name ${JSON.stringify(name)} must be 1-128 characters of A-Z a-z 0-9 _ . -`);
  }
  return name;
}
