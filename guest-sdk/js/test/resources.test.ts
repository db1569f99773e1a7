// Resources and templates: matching URIs as the host routes them, what a
// handler returns as contents, and completing template variables.

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  Context,
  defineResource,
  defineResourceTemplate,
  InputRequired,
  inputRequired,
  ResourceNotFound,
  ToolError,
  Toolbox,
  UpstreamError,
} from "../src/index.ts";
import { UriTemplate } from "../src/uri-template.ts";
import { recordHost, rejectsWith } from "./support.ts";

describe("URI templates", () => {
  test("a simple variable is one segment; a reserved one anything", () => {
    const files = new UriTemplate("files://{root}/{+path}");
    assert.deepEqual(files.variables, ["root", "path"]);
    assert.deepEqual(files.match("files://home/a/b.txt"), { root: "home", path: "a/b.txt" });
    assert.equal(files.match("files://home"), undefined);
    assert.equal(files.match("files:///a"), undefined, "a variable is never empty");
    assert.equal(new UriTemplate("w://{city}").match("w://a/b"), undefined);
  });

  test("values are percent-decoded; a malformed escape stays as it is", () => {
    assert.deepEqual(new UriTemplate("w://{city}").match("w://S%C3%A3o%20Paulo"), { city: "São Paulo" });
    assert.deepEqual(new UriTemplate("w://{city}").match("w://100%"), { city: "100%" });
    assert.deepEqual(new UriTemplate("w://{city}").match("w://%E0%A4%A"), { city: "%E0%A4%A" });
  });

  test("earlier variables take as little as they can", () => {
    assert.deepEqual(new UriTemplate("x://{+a}-{+b}").match("x://1-2-3"), { a: "1", b: "2-3" });
  });

  test("literal parts match literally", () => {
    assert.deepEqual(new UriTemplate("x://a.b/{id}?v=1").match("x://a.b/7?v=1"), { id: "7" });
    assert.equal(new UriTemplate("x://a.b/{id}").match("x://aXb/7"), undefined);
  });

  test("what the host could not route is refused", () => {
    assert.throws(
      () => new UriTemplate("x://{?q}"),
      /\{\?q\} is not a simple \{name\} or reserved \{\+name\} variable/,
    );
    assert.throws(() => new UriTemplate("x://{a}{b}"), /two variables follow each other/);
    assert.throws(() => new UriTemplate("x://{a}/{a}"), /the variable a appears twice/);
    assert.throws(() => new UriTemplate("x://{a"), /a brace without its pair/);
  });
});

describe("reading", () => {
  recordHost();
  const notes = defineResource(
    { uri: "notes://today", name: "today", mimeType: "text/plain", size: 17 },
    () => "Water the plants.",
  );
  const logo = defineResource({ uri: "img://logo", name: "logo", mimeType: "image/png" }, () => new Uint8Array([1, 2]));
  const cities = defineResourceTemplate(
    {
      uriTemplate: "weather://{city}/today",
      name: "weather",
      mimeType: "application/json",
      complete: { city: ["Lyon", "Lille", "Paris"] },
    },
    ({ city }) => {
      if (city === "Atlantis") throw new ResourceNotFound();
      if (city === "Down") throw new UpstreamError("the weather service is down", { status: 503 });
      if (city === "Ask") return inputRequired().roots("where");
      return [
        { text: JSON.stringify({ city, sky: "clear" }) },
        { uri: `weather://${city}/map`, mimeType: "image/png", blob: new Uint8Array([9]) },
      ];
    },
  );
  const everything = defineResourceTemplate({ uriTemplate: "{+any}", name: "any" }, () => "caught");
  const toolbox = new Toolbox([notes, logo, cities, everything]);

  test("text and bytes are the contents of the URI read, with the declared MIME type", async () => {
    assert.deepEqual(await toolbox.read("notes://today"), [
      { uri: "notes://today", mimeType: "text/plain", text: "Water the plants." },
    ]);
    assert.deepEqual(await toolbox.read("img://logo"), [
      { uri: "img://logo", mimeType: "image/png", blob: new Uint8Array([1, 2]) },
    ]);
  });

  test("contents without a URI are the URI read's; with one, their own", async () => {
    assert.deepEqual(await toolbox.read("weather://Lyon/today"), [
      { uri: "weather://Lyon/today", text: '{"city":"Lyon","sky":"clear"}' },
      { uri: "weather://Lyon/map", mimeType: "image/png", blob: new Uint8Array([9]) },
    ]);
  });

  test("a fixed URI wins, then the first template that matches", async () => {
    assert.deepEqual(await toolbox.read("other://x"), [{ uri: "other://x", text: "caught" }]);
    await rejectsWith(
      new Toolbox([notes]).read("notes://tomorrow"),
      ResourceNotFound,
      "no resource at notes://tomorrow",
    );
  });

  test("a template's handler may say there is nothing there, fail, or ask", async () => {
    await rejectsWith(toolbox.read("weather://Atlantis/today"), ResourceNotFound, "no resource here");
    await rejectsWith(toolbox.read("weather://Down/today"), UpstreamError, "the weather service is down");
    assert.ok((await toolbox.read("weather://Ask/today", new Context())) instanceof InputRequired);
  });

  test("contents that are neither text nor a blob are a tool error", async () => {
    const bad = defineResource({ uri: "x://bad", name: "bad" }, () => ({ text: "a", blob: new Uint8Array() }) as never);
    await rejectsWith(
      new Toolbox([bad]).read("x://bad"),
      ToolError,
      "TypeError: a resource's contents holds either text (a string) or a blob (a Uint8Array)",
    );
  });

  test("template variables complete from their completers, ignoring case", async () => {
    assert.deepEqual(await toolbox.completeTemplate("weather://{city}/today", "city", "l"), ["Lyon", "Lille"]);
    assert.deepEqual(await toolbox.completeTemplate("weather://{city}/today", "day", "l"), []);
    assert.equal(toolbox.catalog().completions, true);
  });

  test("a completer for a variable the template lacks is refused", () => {
    assert.throws(
      () =>
        defineResourceTemplate({ uriTemplate: "w://{city}", name: "w", complete: { town: ["x"] } as never }, () => ""),
      /resource template w:\/\/\{city\}: completers for arguments it does not have: town/,
    );
  });

  test("duplicates and bad descriptions are refused where they are made", () => {
    assert.throws(() => new Toolbox([notes, notes]), /a resource named notes:\/\/today is already in the toolbox/);
    assert.throws(
      () => defineResource({ uri: "x://a", name: "a", size: -1 }, () => ""),
      /a size is a number of bytes, not -1/,
    );
    assert.throws(
      () => defineResource({ uri: "x://a", name: "a", annotations: { priority: 2 } }, () => ""),
      /a priority is between 0 and 1, not 2/,
    );
  });
});
