// build.mjs up to componentize-js: the entry module it writes, and the
// bundle it hands over, loaded under Node with the world's imports faked.
// (componentize-js itself is not a unit test: about 10 s a build.)

import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { registerHooks } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

import { appFile, bundleApp, entrySource } from "../build.mjs";
import type { Server } from "../src/component.ts";

const EXAMPLE = fileURLToPath(new URL("../examples/markdown", import.meta.url));

/** The world's imports, as modules that record their calls in
 * `globalThis.witCalls`. */
const FAKE_WORLD: Record<string, string> = {
  "toolhost:tool/client@0.2.0":
    "export const reportProgress = (...a) => globalThis.witCalls.push(['reportProgress', ...a]);" +
    "export const log = (...a) => globalThis.witCalls.push(['client.log', ...a]);",
  "toolhost:tool/log@0.2.0": "export const log = (...a) => globalThis.witCalls.push(['log', ...a]);",
  "toolhost:tool/config@0.2.0": "export const get = (name) => (name === 'GREETING' ? 'hi' : undefined);",
};

describe("build.mjs", () => {
  let work: string;
  before(async () => {
    work = await mkdtemp(join(tmpdir(), "toolhost-build-test-"));
    registerHooks({
      resolve(specifier, context, nextResolve) {
        const fake = FAKE_WORLD[specifier];
        if (fake === undefined) return nextResolve(specifier, context);
        return { url: `data:text/javascript,${encodeURIComponent(fake)}`, shortCircuit: true };
      },
    });
  });
  after(() => rm(work, { recursive: true, force: true }));

  test("finds the app in its folder", async () => {
    assert.equal(await appFile(EXAMPLE), join(EXAMPLE, "app.ts"));
    await assert.rejects(appFile(work), /neither a module nor a folder holding app.ts, app.js, app.mjs/);
  });

  test("the entry serves the chosen export over the world's imports", () => {
    const source = entrySource("/apps/a.ts", "tools");
    assert.match(source, /^import \{ log as clientLog, reportProgress \} from "toolhost:tool\/client@0\.2\.0";$/m);
    assert.match(source, /^import \{ get \} from "toolhost:tool\/config@0\.2\.0";$/m);
    assert.match(source, /^import \{ log \} from "toolhost:tool\/log@0\.2\.0";$/m);
    assert.match(source, /^import \* as app from "\/apps\/a\.ts";$/m);
    assert.match(source, /^export const server = serverFor\(app\["tools"\], \{$/m);
  });

  test("the bundle of the example runs as the component would, without Node's modules", async () => {
    const entry = join(work, "entry.js");
    const bundle = join(work, "bundle.js");
    await writeFile(entry, entrySource(join(EXAMPLE, "app.ts"), "default"));
    await bundleApp(entry, bundle);
    (globalThis as { witCalls?: unknown[] }).witCalls = [];
    const { server } = (await import(pathToFileURL(bundle).href)) as { server: Server };
    assert.deepEqual(
      server.describe().tools.map((tool) => tool.name),
      ["markdown_to_html"],
    );
    const round = { responses: [], client: { elicitation: false, sampling: false, roots: false } };
    const called = await server.callTool("markdown_to_html", '{"markdown":"# Hi"}', round);
    assert.deepEqual(called, {
      tag: "ok",
      val: {
        tag: "done",
        val: {
          content: [
            {
              tag: "text",
              val: { text: '{"html":"<h1>Hi</h1>\\n","headings":[{"level":1,"text":"Hi"}]}', annotations: undefined },
            },
          ],
          structured: '{"html":"<h1>Hi</h1>\\n","headings":[{"level":1,"text":"Hi"}]}',
        },
      },
    });
    assert.deepEqual((globalThis as { witCalls?: unknown[] }).witCalls, [
      ["client.log", "debug", "markdown", { tag: "json", val: '{"characters":4,"headings":1}' }],
    ]);
  });

  test("an app that imports a Node module fails the bundle, naming it", async () => {
    const app = join(work, "app.ts");
    await writeFile(app, 'import { readFileSync } from "node:fs";\nexport default readFileSync;\n');
    const entry = join(work, "node-entry.js");
    await writeFile(entry, entrySource(app, "default"));
    await assert.rejects(bundleApp(entry, join(work, "node-bundle.js"), "silent"), /Could not resolve "node:fs"/);
  });
});
