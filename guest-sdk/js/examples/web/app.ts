/**
 * web: reads web pages and posts to webhooks with `fetch`, which goes over
 * `wasi:http`: the operator's network policy decides which hosts the
 * component may reach, per request and per redirect.
 *
 *     [components.web.network]
 *     allow = ["https://example.com"]
 *
 * Build it into a component with `toolhost build --path examples/web DIR`.
 */

import { defineTool, fetchFollowing, Toolbox, UpstreamError } from "@toolhost/sdk";
import { z } from "zod";

/** The response, or an `UpstreamError` with its status (the host words it
 * for the model, with any `Retry-After`). */
async function checked(url: string, init?: RequestInit): Promise<Response> {
  // `fetch` follows no redirects in a component; this sends each hop.
  const response = await fetchFollowing(url, init);
  if (!response.ok) {
    const retry = Number(response.headers.get("retry-after") ?? Number.NaN);
    const retryAfter = Number.isInteger(retry) ? retry : undefined;
    throw new UpstreamError(`${new URL(url).host} returned HTTP ${response.status}`, {
      status: response.status,
      ...(retryAfter !== undefined && { retryAfter }),
    });
  }
  return response;
}

export const pageInfo = defineTool(
  {
    name: "page_info",
    description: "Fetches a web page and tells its title, how many links it has and its size.",
    input: z.object({ url: z.string().describe("An http:// or https:// URL the operator allows this tool to reach.") }),
    output: z.object({
      status: z.number().int(),
      contentType: z.string().nullable(),
      title: z.string().nullable(),
      links: z.number().int(),
      bytes: z.number().int(),
    }),
    annotations: { readOnlyHint: true },
  },
  async ({ url }) => {
    const response = await checked(url);
    const body = await response.text();
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim() ?? null;
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      title,
      links: body.match(/<a\s[^>]*href=/gi)?.length ?? 0,
      bytes: new TextEncoder().encode(body).length,
    };
  },
);

export const notify = defineTool(
  {
    name: "notify",
    description: "Posts an event to a webhook as JSON and returns its answer.",
    input: z.object({
      url: z.string().describe("The webhook's URL."),
      event: z.string().describe('The event\'s name, such as "build.finished".'),
      data: z.record(z.string(), z.unknown()).describe("The event's details."),
    }),
    output: z.object({ status: z.number().int(), reply: z.unknown() }),
  },
  async ({ url, event, data }) => {
    const response = await checked(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ event, data }),
    });
    const isJson = (response.headers.get("content-type") ?? "").startsWith("application/json");
    return { status: response.status, reply: isJson ? await response.json() : await response.text() };
  },
);

export default new Toolbox([pageInfo, notify]);
