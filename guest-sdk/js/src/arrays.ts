/**
 * Array helpers for the call path. In the component, SpiderMonkey runs in
 * its interpreter, and a fresh instance (one per request) pays for the first
 * use of each self-hosted builtin written in JavaScript (`map`, `for ... of`
 * iteration, array spreads): tens of thousands of instructions apiece, a
 * quarter of an echo call in all. Plain index loops cost nothing extra.
 */

/** `items.map(fn)`, as an index loop. */
export function mapped<T, U>(items: ReadonlyArray<T>, fn: (item: T) => U): U[] {
  const out: U[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = fn(items[i]!);
  return out;
}
