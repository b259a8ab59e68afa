import { memoryPair, tcpPair } from '@labwire/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { encodeMessage } from '../codec/encode.js';
import { ndarray } from '../codec/ndarray.js';
import { PymodaqConnection } from './connection.js';
import { doneValue } from './grab-data.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const frame = ndarray(new Uint16Array(512 * 512), [512, 512]);

describe('PymodaqConnection writes', () => {
  it('writes a message in one call on a message-less transport (memory)', async () => {
    const { client, server } = memoryPair('stream');
    await client.open();
    const received: Uint8Array[] = [];
    server.on('data', (d) => received.push(d as Uint8Array));
    const write = vi.spyOn(client, 'write');
    const connection = new PymodaqConnection(client, { dialect: 'v4', side: 'client' });
    const message = doneValue('v4', frame, 'cam');
    connection.send('Done', [message]);
    expect(write).toHaveBeenCalledTimes(1);
    await client.flush();
    expect(received).toHaveLength(1);
    expect(Buffer.from(received[0]!).equals(Buffer.from(encodeMessage('v4', 'Done', [message])))).toBe(true);
    await client.close();
  });

  it('corks the pieces of a message into one vectored write on TCP (no Nagle stall between them)', async () => {
    const pair = await tcpPair();
    cleanup.push(() => pair.close());
    const socket = pair.client.rawSocket!;
    expect(socket.writableCorked).toBe(0);
    const cork = vi.spyOn(socket, 'cork');
    const uncork = vi.spyOn(socket, 'uncork');
    const connection = new PymodaqConnection(pair.client, { dialect: 'v4', side: 'client' });
    const message = doneValue('v4', frame, 'cam');
    connection.send('Done', [message]);
    expect(cork).toHaveBeenCalledTimes(1);
    expect(uncork).toHaveBeenCalledTimes(1);
    // The peer receives exactly the single-buffer encoding.
    const expected = encodeMessage('v4', 'Done', [message]);
    const got: Buffer[] = [];
    let total = 0;
    await new Promise<void>((resolve) =>
      pair.server.on('data', (d) => {
        got.push(Buffer.from(d as Uint8Array));
        total += (d as Uint8Array).byteLength;
        if (total >= expected.byteLength) resolve();
      }),
    );
    expect(Buffer.concat(got).equals(Buffer.from(expected))).toBe(true);
  });
});
