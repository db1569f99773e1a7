// The official TypeScript SDK clients against toolhost: connect, list tools,
// call a good tool and a failing one, check the results; with `client2`, also
// the features a real application uses (see `features.mjs`).
//
//   node ts_client.mjs sdk1|client2 legacy|modern --url http://127.0.0.1:PORT/mcp
//   node ts_client.mjs sdk1|client2 legacy|modern --stdio TOOLHOST serve --tools DIR
//
// The server must serve the `echo`, `misbehave`, `rich` and `conformance`
// components. `sdk1` is `@modelcontextprotocol/sdk` 1.x, which speaks only the
// legacy (`initialize`) era. `client2` is `@modelcontextprotocol/client` 2.x:
// `legacy` pins its default `initialize` connect, `modern` negotiates with
// `server/discover` (mode 'auto') and must settle on 2026-07-28.
// Prints one summary line ending in `checked: ...` (what held); exits non-zero
// on any mismatch.

import { check, Watch, image, progress, logging, elicitation, tamperedState } from './features.mjs';

const MODERN = '2026-07-28';
const [pkg, era, how, ...rest] = process.argv.slice(2);
if (!['sdk1', 'client2'].includes(pkg) || !['legacy', 'modern'].includes(era)
    || !['--url', '--stdio'].includes(how) || rest.length === 0
    || (pkg === 'sdk1' && era === 'modern')) {
  console.error('usage: node ts_client.mjs sdk1|client2 legacy|modern --url URL | --stdio COMMAND ARGS...');
  console.error('(sdk1 speaks only the legacy era)');
  process.exit(2);
}
const transportName = how === '--url' ? 'http' : 'stdio';
const label = `${pkg === 'sdk1' ? '@modelcontextprotocol/sdk' : '@modelcontextprotocol/client'} ${transportName} ${era}`;

async function connect(watch) {
  const info = { name: 'toolhost-client-tests', version: '0' };
  if (pkg === 'sdk1') {
    const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
    const client = new Client(info);
    let transport;
    if (how === '--url') {
      const { StreamableHTTPClientTransport } = await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
      transport = new StreamableHTTPClientTransport(new URL(rest[0]));
    } else {
      const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
      transport = new StdioClientTransport({ command: rest[0], args: rest.slice(1) });
    }
    // 1.x has no getter for the negotiated version; it hands the version to
    // the transport, so catch it there.
    let version;
    const setProtocolVersion = transport.setProtocolVersion?.bind(transport);
    transport.setProtocolVersion = (v) => {
      version = v;
      setProtocolVersion?.(v);
    };
    await client.connect(transport);
    return { client, version };
  }
  const sdk = await import('@modelcontextprotocol/client');
  const client = new sdk.Client(info, {
    versionNegotiation: { mode: era === 'modern' ? 'auto' : 'legacy' },
    // The elicitation handler answers the legacy era's `elicitation/create`
    // and, at 2026-07-28, the `input_required` rounds the SDK drives itself.
    capabilities: { elicitation: {} },
  });
  watch.attach(client);
  let transport;
  if (how === '--url') {
    transport = new sdk.StreamableHTTPClientTransport(new URL(rest[0]));
  } else {
    const { StdioClientTransport } = await import('@modelcontextprotocol/client/stdio');
    transport = new StdioClientTransport({ command: rest[0], args: rest.slice(1) });
  }
  watch.tap(transport);
  await client.connect(transport);
  return { client, sdk, version: client.getNegotiatedProtocolVersion() };
}

async function run() {
  const watch = new Watch();
  const { client, sdk, version } = await connect(watch);
  try {
    if (era === 'modern') {
      check(version === MODERN, `negotiated ${version}, not ${MODERN}`);
    } else {
      check(version !== MODERN, `the legacy connect negotiated ${version}`);
    }

    const names = (await client.listTools()).tools.map((t) => t.name);
    for (const name of ['echo', 'fail', 'pixel', 'hello', 'confirm', 'test_tool_with_progress']) {
      check(names.includes(name), `tools/list lacks ${name}: ${names}`);
    }

    const message = `héllo from ${pkg}`;
    const good = await client.callTool({ name: 'echo', arguments: { message } });
    check(!good.isError, `echo failed: ${JSON.stringify(good)}`);
    check(good.content?.[0]?.text === message, `echo answered ${JSON.stringify(good.content)}`);

    const bad = await client.callTool({ name: 'fail', arguments: {} });
    check(bad.isError === true, `fail did not set isError: ${JSON.stringify(bad)}`);
    check(bad.content?.[0]?.type === 'text', `fail has no text: ${JSON.stringify(bad)}`);
    check(bad.content[0].text.includes('boom'), `fail text lacks the tool's message: ${JSON.stringify(bad)}`);

    const checked = ['echo', 'fail'];
    if (pkg === 'client2') {
      checked.push(await image(client));
      checked.push(await progress(client, watch));
      checked.push(await logging(client, watch, era, sdk.LOG_LEVEL_META_KEY));
      checked.push(await elicitation(client, watch));
      if (era === 'modern') checked.push(await tamperedState(client));
      watch.assertNoErrors();
    }
    return { version, count: names.length, checked };
  } finally {
    await client.close();
  }
}

try {
  const { version, count, checked } = await run();
  console.log(`ok ${label}: protocol ${version}, ${count} tools; checked: ${checked.join(', ')}`);
  process.exit(0);
} catch (e) {
  console.log(`FAIL ${label}: ${e?.stack ?? e}`);
  process.exit(1);
}
