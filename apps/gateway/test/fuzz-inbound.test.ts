import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningGateway, startTestGateway, until } from './harness.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('inbound WebSocket messages', () => {
  it('answers arbitrary frames with coded errors or replies, and the session keeps working', async () => {
    const gw: RunningGateway = await startTestGateway({});
    cleanups.push(() => gw.close());
    const ws = new WebSocket(gw.address.ws, ['labwire.v1']);
    cleanups.push(async () => ws.terminate());
    const frames: Array<{ type: string; id?: unknown; ok?: boolean; error?: { code: string } }> = [];
    ws.on('message', (d) => frames.push(JSON.parse(String(d))));
    await new Promise((r) => ws.once('open', r));
    const types = fc.constantFrom(
      'subscribe',
      'unsubscribe',
      'command',
      'browse',
      'connectors',
      'ping',
      'nope',
    );
    const message = fc.oneof(
      fc.string(),
      fc.json(),
      fc.record(
        { type: types, id: fc.oneof(fc.string(), fc.integer(), fc.constant(null)) },
        { requiredKeys: ['type'] },
      ),
      fc.record({
        type: types,
        id: fc.nat(),
        patterns: fc.array(fc.string()),
        connector: fc.string(),
        target: fc.string(),
        action: fc.string(),
        subscription: fc.integer(),
      }),
    );
    const samples = fc.sample(message, 300);
    for (const m of samples) ws.send(typeof m === 'string' ? m : JSON.stringify(m));
    ws.send(JSON.stringify({ type: 'ping', id: 'last' }));
    await until(() => frames.find((f) => f.id === 'last'), 'the final ping reply', 10_000);
    expect(frames[0]!.type).toBe('welcome');
    for (const f of frames.slice(1)) {
      expect(['reply', 'error']).toContain(f.type);
      if (f.type === 'error' || f.ok === false) expect(typeof f.error?.code).toBe('string');
    }
    expect(frames.find((f) => f.id === 'last')).toMatchObject({ type: 'reply', ok: true });
  });
});
