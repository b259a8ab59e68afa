import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { apiJsonSchema } from '../src/api-schema.js';
import { ServerMessageSchema } from '../src/server/outbound-messages.js';
import { type RunningGateway, startTestGateway, until } from './harness.js';
import type { LineConnector } from './scaffolding/line-connector.js';
import { type LineInstrument, startLineInstrument } from './scaffolding/line-instrument.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('published API schema', () => {
  it('docs/gateway-api.schema.json is what the code generates (run `labwire-gateway api-schema` after changes)', async () => {
    const file = JSON.parse(
      await readFile(new URL('../../../docs/gateway-api.schema.json', import.meta.url), 'utf8'),
    );
    expect(file).toEqual(apiJsonSchema());
  });

  it('every frame a real session receives matches ServerMessageSchema', async () => {
    const peer: LineInstrument = await startLineInstrument();
    cleanups.push(() => peer.close());
    const gw: RunningGateway = await startTestGateway({
      connectors: { lab: { protocol: 'test-line', options: { port: peer.port } } },
    });
    cleanups.push(() => gw.close());
    await until(() => peer.connections() === 1, 'connected');
    const ws = new WebSocket(gw.address.ws, ['labwire.v1']);
    cleanups.push(async () => ws.close());
    const frames: unknown[] = [];
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) frames.push(JSON.parse(data.toString()));
      else frames.push(JSON.parse(data.subarray(4, 4 + data.readUInt32BE(0)).toString()));
    });
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ type: 'subscribe', id: 1, patterns: ['#'] }));
    ws.send(JSON.stringify({ type: 'nope' }));
    ws.send(
      JSON.stringify({
        type: 'command',
        id: 'c',
        connector: 'lab',
        target: 'stage/x',
        action: 'set',
        args: 1,
      }),
    );
    ws.send(JSON.stringify({ type: 'unsubscribe', id: 2, subscription: 99 }));
    await until(() => frames.length >= 5, 'replies');
    peer.broadcast({ device: 'stage', property: 'x', value: 2 });
    (gw.gateway.connectors.get('lab') as LineConnector).publishData('cam', 'img', new Uint8Array([1, 2]));
    await until(() => frames.some((f) => (f as { type: string }).type === 'event'), 'data frame');
    const kinds = new Set<string>();
    for (const frame of frames) {
      const parsed = ServerMessageSchema.safeParse(frame);
      expect(parsed.success, JSON.stringify(frame)).toBe(true);
      kinds.add((frame as { type: string }).type);
    }
    expect([...kinds].sort()).toEqual(['error', 'event', 'events', 'reply', 'welcome']);
  });
});
