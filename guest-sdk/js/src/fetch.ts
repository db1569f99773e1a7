/**
 * `fetch` that follows redirects. In the component, StarlingMonkey sends
 * each `fetch` over `wasi:http`, which follows none: a 3xx comes back as the
 * response. `fetchFollowing` sends each hop as a new request, so the host
 * checks every one against the operator's network policy, and does what a
 * browser does: a 303 (and a 301 or 302 after a POST) turns into a GET
 * without its body, and `Authorization` and `Cookie` go to the same origin
 * only. Natively (under Node) it behaves the same, over Node's `fetch`.
 */

import { UpstreamError } from "./errors.ts";

/** `RequestInit`, and how many redirects to follow (default 5; with 0, a
 * redirect is returned as the response). */
export interface FollowingInit extends RequestInit {
  maxRedirects?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIALS = ["authorization", "cookie", "proxy-authorization"];
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "transfer-encoding"];

/** Sends a request and follows its redirects; otherwise `fetch` itself.
 * One redirect too many, or one to a URL that is not `http` or `https`,
 * rejects with an `UpstreamError` that names the request without its query. */
export async function fetchFollowing(input: string | URL, init: FollowingInit = {}): Promise<Response> {
  const { maxRedirects = 5, ...rest } = init;
  let url = new URL(String(input));
  let method = (rest.method ?? "GET").toUpperCase();
  const headers = new Headers(rest.headers);
  let body = rest.body;
  const original = `${method} ${url.host}${url.pathname}`;
  for (let hops = 0; ; hops++) {
    const response = await fetch(url, { ...rest, method, headers, body, redirect: "manual" });
    const location = response.headers.get("location");
    if (maxRedirects === 0 || !REDIRECTS.has(response.status) || location === null) return response;
    await response.body?.cancel();
    if (hops === maxRedirects) throw new UpstreamError(`${original} was redirected more than ${maxRedirects} times`);
    const next = new URL(location, url);
    if (next.protocol !== "http:" && next.protocol !== "https:") {
      throw new UpstreamError(`${method} ${url.host}${url.pathname} redirected to a URL that is not http or https`);
    }
    const toGet = response.status === 303 ? method !== "HEAD" : response.status <= 302 && method === "POST";
    if (toGet) {
      method = "GET";
      body = undefined;
      for (let i = 0; i < BODY_HEADERS.length; i++) headers.delete(BODY_HEADERS[i]!);
    }
    if (next.origin !== url.origin) {
      for (let i = 0; i < CREDENTIALS.length; i++) headers.delete(CREDENTIALS[i]!);
    }
    url = next;
  }
}
