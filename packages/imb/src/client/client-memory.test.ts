import { memoryPair, rechunk, waitUntil } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeString } from '../codec/index.js';
import { ImbHub } from '../simulator/imb-hub.js';
import { ImbClient } from './imb-client.js';
import type { LabwireError } from '@labwire/core';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!().catch(() => {});
});

/** A client wired to the hub over an in-memory pair, every incoming chunk cut at every byte. */
function memoryClient(hub: ImbHub, ownerName: string): ImbClient {
  const c = new ImbClient('memory', 0, {
    ownerId: 9,
    ownerName,
    federation: 'mem',
    transport: () => {
      const pair = memoryPair('stream');
      hub.attach(pair.server);
      return rechunk(pair.client, { kind: 'every-byte' });
    },
  });
  closers.push(() => c.disconnect());
  return c;
}

describe('ImbClient over an in-memory pair', () => {
  it('runs publish/subscribe through the hub with input split at every byte', async () => {
    const hub = new ImbHub();
    const a = memoryClient(hub, 'a');
    const b = memoryClient(hub, 'b');
    await a.connect();
    await b.connect();
    const got: string[] = [];
    b.subscribe('x').onEvent('ekNormalEvent', (e) => got.push(decodeString(e.body)));
    await waitUntil('b.uniqueClientId === 4098', () => b.uniqueClientId === 4098);
    a.publish('x').signalString('one');
    a.getEvent('x').signalString('two');
    await waitUntil('got.length === 2', () => got.length === 2);
    expect(got).toEqual(['one', 'two']);
  });

  it('reports bad input from the hub as coded errors and stays connected', async () => {
    const pair = memoryPair('stream');
    const c = new ImbClient('memory', 0, {
      ownerId: 1,
      ownerName: 'c',
      federation: 'f',
      transport: () => pair.client,
    });
    closers.push(() => c.disconnect());
    const errors: LabwireError[] = [];
    c.on('error', (e) => errors.push(e));
    await c.connect();
    pair.server.write(
      Buffer.from(
        '00112f47617195adc5fbf1ffffff14000000070000000000000005000000040000006c6174656734f110',
        'hex',
      ),
    );
    await waitUntil('errors.length === 2', () => errors.length === 2);
    expect(errors.map((e) => [e.code, e.details?.error])).toEqual([
      ['IMB_JUNK', 'junk'],
      ['IMB_UNKNOWN_EVENT', 'unknown-event'],
    ]);
    expect(c.connected).toBe(true);
  });

  it('refuses out-of-range values before writing anything', async () => {
    const pair = memoryPair('stream');
    const c = new ImbClient('memory', 0, {
      ownerId: 1,
      ownerName: 'c',
      federation: 'f',
      transport: () => pair.client,
    });
    closers.push(() => c.disconnect());
    await c.connect();
    const before = pair.client.counters.bytesOut;
    expect(() => c.getEvent('e').signalChangeObject(2, 2 ** 31, 'a')).toThrow(
      expect.objectContaining({ code: 'IMB_OUT_OF_RANGE' }),
    );
    expect(() => c.getEvent('e').signalEvent(5, new Uint8Array(0), 3)).toThrow(
      expect.objectContaining({ code: 'IMB_OUT_OF_RANGE' }),
    );
    await new Promise((r) => setTimeout(r, 5));
    expect(pair.client.counters.bytesOut).toBe(before);
    expect(c.getEvent('e').isPublished).toBe(false);
  });
});
