// Helpers the tests share.

import assert from "node:assert/strict";
import { afterEach, beforeEach } from "node:test";

import { useHost, type HostLogLevel } from "../src/host.ts";

/** Host log lines written during the current test, instead of stderr; the
 * settings a test grants come from `settings`. */
export function recordHost(settings: Record<string, string> = {}): { lines: [HostLogLevel, string][] } {
  const recorded = { lines: [] as [HostLogLevel, string][] };
  beforeEach(() => {
    recorded.lines.length = 0;
    useHost({ log: (level, message) => recorded.lines.push([level, message]), config: (name) => settings[name] });
  });
  afterEach(() => useHost({ log: () => {}, config: () => undefined }));
  return recorded;
}

/** Awaits `promise` and checks that it rejects with an error of exactly the
 * class `kind` and exactly `message`; returns the error. */
export async function rejectsWith<E extends Error>(
  promise: Promise<unknown>,
  kind: abstract new (...args: never[]) => E,
  message: string,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof kind, `expected a ${kind.name}, got ${String(error)}`);
    assert.equal(error.constructor, kind, `expected exactly a ${kind.name}, got a ${error.constructor.name}`);
    assert.equal(error.message, message);
    return error;
  }
  assert.fail(`expected a rejection with ${kind.name}: ${message}`);
}
