import type { Transport, TransportData } from '@labwire/core';
import { afterEach, describe, expect, it } from 'vitest';
import { splitBytes, standardSplits } from './chunking.js';
import { withFaults } from './faults.js';
import { tcpPair, wsPair } from './loopback.js';
import { memoryPair } from './memory-transport.js';
import { rechunk } from './rechunk.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

function collect(t: Transport): TransportData[] {
  const got: TransportData[] = [];
  t.on('data', (d) => got.push(d));
  return got;
}

const settle = () => new Promise((r) => setTimeout(r, 20));

/** The same scenario over each kind of pair: data both ways, counters, close reaches the peer. */
const pairs = {
  memory: async () => {
    const p = memoryPair('stream');
    await p.client.open();
    return { ...p, close: async () => p.client.destroy() };
  },
  tcp: () => tcpPair(),
};

for (const [name, make] of Object.entries(pairs)) {
  describe(`${name} pair`, () => {
    it('carries bytes both ways and propagates close', async () => {
      const pair = await make();
      cleanup.push(() => pair.close());
      const atServer = collect(pair.server);
      const atClient = collect(pair.client);
      pair.client.write(Uint8Array.from([1, 2, 3]));
      pair.server.write(Uint8Array.from([9]));
      await settle();
      expect(Buffer.concat(atServer.map((d) => Buffer.from(d as Uint8Array)))).toEqual(
        Buffer.from([1, 2, 3]),
      );
      expect(Buffer.concat(atClient.map((d) => Buffer.from(d as Uint8Array)))).toEqual(Buffer.from([9]));
      expect(pair.client.counters.bytesOut).toBe(3);
      const closed = new Promise((r) => pair.server.on('close', r));
      await pair.client.close();
      await closed;
      expect(pair.server.state).toBe('closed');
    });
  });
}

describe('ws pair', () => {
  it('carries whole messages', async () => {
    const pair = await wsPair();
    cleanup.push(() => pair.close());
    const got = collect(pair.server);
    pair.client.write('a');
    pair.client.write('bc');
    await settle();
    expect(got).toEqual(['a', 'bc']);
  });
});

describe('splitBytes', () => {
  it('covers the input exactly, with views, for every strategy', () => {
    const input = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
    for (const s of [...standardSplits(), { kind: 'offsets', offsets: [0, 5, 5, 299, 400] } as const]) {
      const parts = splitBytes(input, s);
      expect(Buffer.concat(parts.map((p) => Buffer.from(p)))).toEqual(Buffer.from(input));
      for (const p of parts) expect(p.buffer).toBe(input.buffer);
    }
    expect(splitBytes(input, { kind: 'every-byte' })).toHaveLength(300);
    expect(splitBytes(input, { kind: 'offsets', offsets: [10, 20] }).map((p) => p.length)).toEqual([
      10, 10, 280,
    ]);
  });
});

describe('rechunk', () => {
  it('re-splits what arrives at every byte', async () => {
    const { client, server } = memoryPair('stream');
    await client.open();
    const split = rechunk(server, { kind: 'every-byte' });
    const got = collect(split);
    client.write(Uint8Array.from([1, 2, 3, 4]));
    await settle();
    expect(got.map((d) => [...(d as Uint8Array)])).toEqual([[1], [2], [3], [4]]);
  });
});

describe('withFaults', () => {
  it('drops the connection after N bytes, mid-message', async () => {
    const { client, server } = memoryPair('stream');
    await client.open();
    const faulty = withFaults(server, { dropAfterBytes: 5 });
    const got = collect(faulty);
    const closed = new Promise((r) => faulty.on('close', r));
    client.write(Uint8Array.from([1, 2, 3]));
    client.write(Uint8Array.from([4, 5, 6, 7]));
    await closed;
    expect(Buffer.concat(got.map((d) => Buffer.from(d as Uint8Array)))).toEqual(Buffer.from([1, 2, 3, 4, 5]));
  });

  it('stalls after N bytes, holding the rest', async () => {
    const { client, server } = memoryPair('stream');
    await client.open();
    const faulty = withFaults(server, { stallAfterBytes: 2 });
    const got = collect(faulty);
    client.write(Uint8Array.from([1, 2, 3, 4]));
    await settle();
    expect(got.map((d) => [...(d as Uint8Array)])).toEqual([[1, 2]]);
    expect(faulty.held).toBe(2);
    expect(faulty.state).toBe('open');
  });

  it('delays each chunk, keeping order', async () => {
    const { client, server } = memoryPair('message');
    await client.open();
    const faulty = withFaults(server, { delayMs: 15 });
    const got = collect(faulty);
    client.write('one');
    client.write('two');
    await new Promise((r) => setTimeout(r, 5));
    expect(got).toEqual([]);
    await new Promise((r) => setTimeout(r, 60));
    expect(got).toEqual(['one', 'two']);
  });
});
