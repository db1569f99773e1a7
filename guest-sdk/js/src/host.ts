/**
 * The host's services that need no request: its own log, which operators
 * read, and the settings and secrets the operator granted the component.
 *
 * In the component they are the contract's `log` and `config` imports (the
 * glue plugs them in with `useHost`); in unit tests, lines go to stderr and
 * settings come from the process environment.
 */

import { ToolError } from "./errors.ts";

/** How serious a line in the host's log is. */
const HOST_LOG_LEVELS = ["trace", "debug", "info", "warn", "error"] as const;
export type HostLogLevel = (typeof HOST_LOG_LEVELS)[number];

/** Where host log lines and settings come from. */
export interface Host {
  log(level: HostLogLevel, message: string): void;
  config(name: string): string | undefined;
}

/** No host (a unit test): stderr and the environment stand in for it. */
const nativeHost: Host = {
  log: (level, message) => console.error(`[${level}] ${message}`),
  config: (name) => (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env[name],
};

let current: Host = nativeHost;

/** Sends host log lines and settings lookups to `host` from now on. */
export function useHost(host: Host): void {
  current = host;
}

/** Writes one line to the host's log. The host tags it with the request and
 * caps lines per request; clients never see it (`ctx.log` writes to the
 * client's log). Log what helps an operator understand a failure. */
export function log(level: HostLogLevel, message: string): void {
  if (!HOST_LOG_LEVELS.includes(level)) {
    throw new TypeError(`a host log level is one of ${HOST_LOG_LEVELS.join(", ")}, not ${JSON.stringify(level)}`);
  }
  current.log(level, message);
}

/**
 * Settings and secrets the operator granted this component in its policy.
 * Nothing is granted by default, and a tool cannot ask for more: it names a
 * setting and gets its value only if the policy grants it. Secrets (API
 * tokens) are visible only here, never in the environment, and the host
 * redacts their values from everything a call returns or logs; still, never
 * put a value in a result, an error or a log line on purpose.
 */
export const config = {
  /** The value of the granted setting or secret `name`, or `undefined` when
   * the policy grants nothing by that name. */
  get(name: string): string | undefined {
    return current.config(name);
  },

  /** The value of `name`, or a `ToolError` telling the model (and, through
   * it, the user) which setting the operator must grant. The message names
   * the setting, never a value. */
  require(name: string): string {
    const value = current.config(name);
    if (value === undefined) {
      throw new ToolError(
        `this tool needs the setting ${name}, which it has not been given: the operator's policy must grant it`,
      );
    }
    return value;
  },
};
