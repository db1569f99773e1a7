// The context: what a handler sends while it runs (recorded in a test), the
// answers and state of the previous round, the host's log and settings.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { z } from "zod";

import { config, Context, defineTool, log, ToolError, Toolbox } from "../src/index.ts";
import { recordHost } from "./support.ts";

describe("notifications", () => {
  test("progress and client log entries are recorded in order", async () => {
    const tool = defineTool(
      { name: "render", description: "d", input: z.object({ frames: z.number() }) },
      ({ frames }, ctx) => {
        for (let frame = 1; frame <= frames; frame++)
          ctx.progress(frame, frames, frame === frames ? "done" : undefined);
        ctx.log("info", `rendered ${frames} frames`);
        ctx.log("debug", { frames, fps: 24.5 }, "renderer");
        return "ok";
      },
    );
    const ctx = new Context();
    await new Toolbox([tool]).call("render", { frames: 2 }, ctx);
    assert.deepEqual(ctx.notifications, [
      { kind: "progress", progress: 1, total: 2 },
      { kind: "progress", progress: 2, total: 2, message: "done" },
      { kind: "log", level: "info", data: { message: "rendered 2 frames" } },
      { kind: "log", level: "debug", data: { json: '{"frames":2,"fps":24.5}' }, logger: "renderer" },
    ]);
  });

  test("they go to `send` when one is given", () => {
    const sent: unknown[] = [];
    const ctx = new Context({ send: (notification) => sent.push(notification) });
    ctx.progress(0.5);
    assert.deepEqual(sent, [{ kind: "progress", progress: 0.5 }]);
    assert.deepEqual(ctx.notifications, []);
  });

  test("a level the client does not know, or data JSON cannot carry, is refused", () => {
    const ctx = new Context();
    assert.throws(
      () => ctx.log("warn" as never, "x"),
      /a client log level is one of debug, info, notice, warning, error, critical, alert, emergency, not "warn"/,
    );
    assert.throws(() => ctx.log("info", { n: Infinity }), /a client log entry: Infinity at n has no JSON form/);
  });
});

describe("answers", () => {
  const ctx = new Context({
    client: { elicitation: true },
    answers: {
      form: { action: "accept", content: { city: "Lyon", days: 3 } },
      declined: { action: "decline" },
      odd: { action: "maybe" },
      sampled: { role: "assistant", content: { type: "text", text: "Bonjour" }, model: "m-1", stopReason: "endTurn" },
      roots: { roots: [{ uri: "file:///src", name: "src" }, { uri: "file:///tmp" }] },
    },
    state: "step 2",
  });

  test("the client's capabilities, defaults false", () => {
    assert.deepEqual(ctx.client, { elicitation: true, sampling: false, roots: false });
  });

  test("a form's answer, and its content validated by a schema", () => {
    const answer = ctx.elicited("form")!;
    assert.equal(answer.accepted, true);
    assert.deepEqual(answer.contentAs(z.object({ city: z.string(), days: z.number() })), { city: "Lyon", days: 3 });
    assert.throws(() => answer.contentAs(z.object({ city: z.number() })), {
      name: "ToolError",
      message: "the user's answer does not fit: city: Invalid input: expected number, received string",
    });
    const declined = ctx.elicited("declined")!;
    assert.deepEqual([declined.action, declined.content, declined.accepted], ["decline", {}, false]);
    assert.throws(() => declined.contentAs(z.object({})), new ToolError("the user did not fill in the form"));
  });

  test("an answer of another shape, or none, is undefined", () => {
    assert.equal(ctx.elicited("odd"), undefined);
    assert.equal(ctx.elicited("missing"), undefined);
    assert.equal(ctx.sampled("form"), undefined);
    assert.equal(ctx.roots("form"), undefined);
    assert.equal(ctx.answer("toString"), undefined, "only the answers' own keys");
  });

  test("a sampling answer and its text", () => {
    const sampled = ctx.sampled("sampled")!;
    assert.deepEqual(
      [sampled.role, sampled.model, sampled.stopReason, sampled.text],
      ["assistant", "m-1", "endTurn", "Bonjour"],
    );
  });

  test("the roots the client listed", () => {
    assert.deepEqual(ctx.roots("roots"), [{ uri: "file:///src", name: "src" }, { uri: "file:///tmp" }]);
  });

  test("the state, as bytes and as text", () => {
    assert.deepEqual(ctx.state, new TextEncoder().encode("step 2"));
    assert.equal(ctx.stateText, "step 2");
    assert.equal(new Context().stateText, undefined);
  });
});

describe("the host", () => {
  const host = recordHost({ API_TOKEN: "s3cret" });

  test("log writes a line to the host's log", () => {
    log("warn", "cache is cold");
    assert.deepEqual(host.lines, [["warn", "cache is cold"]]);
    assert.throws(() => log("notice" as never, "x"), /a host log level is one of trace, debug, info, warn, error/);
  });

  test("config gives what the policy grants, and require names what is missing", () => {
    assert.equal(config.get("API_TOKEN"), "s3cret");
    assert.equal(config.get("OTHER"), undefined);
    assert.equal(config.require("API_TOKEN"), "s3cret");
    assert.throws(
      () => config.require("OTHER"),
      new ToolError(
        "this tool needs the setting OTHER, which it has not been given: the operator's policy must grant it",
      ),
    );
  });
});
