/**
 * echo: the smallest useful TypeScript tool, and the one the language
 * benchmark (`cargo bench -p toolhost --bench languages`) calls beside the
 * Rust and Python echoes.
 *
 * Build it into a component with `toolhost build --path examples/echo DIR`.
 */

import { defineTool, Toolbox } from "@toolhost/sdk";

export const echo = defineTool(
  {
    name: "js_echo",
    description: "Returns the message, unchanged.",
    input: {
      type: "object",
      properties: { message: { type: "string" } },
      required: ["message"],
    },
  },
  ({ message }) => String(message),
);

export default new Toolbox([echo]);
