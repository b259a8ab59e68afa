import { LabwireClient } from '@labwire/client';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningGateway, startTestGateway } from './harness.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('@labwire/client without a WebSocket option (the browser path)', () => {
  it('uses the global WebSocket, sending the token as a subprotocol', async () => {
    const token = 'browser-token-0123456789';
    const gw: RunningGateway = await startTestGateway({
      auth: { tokens: [{ name: 'browser', token, role: 'read' }] },
    });
    cleanups.push(() => gw.close());
    const global = globalThis as { WebSocket?: unknown };
    const had = 'WebSocket' in global;
    const previous = global.WebSocket;
    // `ws` implements the WHATWG interface a browser provides (onopen, onmessage, binaryType…).
    global.WebSocket = WebSocket;
    cleanups.push(async () => {
      if (had) global.WebSocket = previous;
      else delete global.WebSocket;
    });
    const client = new LabwireClient({ url: gw.address.ws, token, reconnect: false });
    cleanups.push(() => client.close());
    const welcome = await client.connect();
    expect(welcome).toMatchObject({ role: 'read', principal: 'browser' });
    expect(await client.connectors()).toEqual([]);
  });
});
