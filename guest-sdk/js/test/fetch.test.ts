// `fetchFollowing` over a recording stand-in for `fetch`: each hop a new
// request, browsers' rules for methods, bodies and credentials.

import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";

import { fetchFollowing, UpstreamError } from "../src/index.ts";

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  redirect: unknown;
}

const realFetch = globalThis.fetch;

/** Answers hop n with `answers[n]` (status and Location) and records it. */
function stub(answers: [number, string?][]): Sent[] {
  const sent: Sent[] = [];
  globalThis.fetch = (async (input: string | URL, init: RequestInit = {}) => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    sent.push({ url: String(input), method: init.method ?? "GET", headers, body: init.body, redirect: init.redirect });
    const [status, location] = answers[sent.length - 1]!;
    return new Response(status === 200 ? "done" : null, { status, headers: location ? { location } : {} });
  }) as typeof fetch;
  return sent;
}

describe("fetchFollowing", () => {
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  test("a POST moved with 302 becomes a GET without its body, and credentials stay home", async () => {
    const sent = stub([[302, "https://other.example/done"], [200]]);
    const response = await fetchFollowing("https://a.example/start?key=1", {
      method: "POST",
      body: "payload",
      headers: { authorization: "Bearer t", "content-type": "text/plain", accept: "*/*" },
    });
    assert.equal(await response.text(), "done");
    assert.deepEqual(
      sent.map((hop) => [hop.method, hop.url, hop.body, hop.redirect]),
      [
        ["POST", "https://a.example/start?key=1", "payload", "manual"],
        ["GET", "https://other.example/done", undefined, "manual"],
      ],
    );
    assert.deepEqual(sent[1]!.headers, { accept: "*/*" });
  });

  test("a 307 on the same origin keeps the method, the body and the credentials", async () => {
    const sent = stub([[307, "../v2/items"], [200]]);
    await fetchFollowing("https://a.example/v1/x", { method: "PUT", body: "b", headers: { authorization: "t" } });
    assert.deepEqual(
      [sent[1]!.method, sent[1]!.url, sent[1]!.body, sent[1]!.headers.authorization],
      ["PUT", "https://a.example/v2/items", "b", "t"],
    );
  });

  test("redirects stop at the limit, or are returned when none are followed", async () => {
    stub([
      [301, "/again"],
      [301, "/again"],
      [301, "/again"],
    ]);
    await assert.rejects(
      fetchFollowing("https://a.example/loop?secret=1", { maxRedirects: 2 }),
      (error: unknown) =>
        error instanceof UpstreamError && error.message === "GET a.example/loop was redirected more than 2 times",
    );
    stub([[301, "/again"]]);
    assert.equal((await fetchFollowing("https://a.example/", { maxRedirects: 0 })).status, 301);
    stub([[302, "ftp://files.example/x"]]);
    await assert.rejects(fetchFollowing("https://a.example/f"), /redirected to a URL that is not http or https/);
  });
});
