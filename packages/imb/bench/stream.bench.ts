import { type AddressInfo, createServer, connect } from 'node:net';
import { bench, describe } from 'vitest';
import { ImbClient } from '../src/client/imb-client.js';
import { ImbHub } from '../src/simulator/imb-hub.js';

/**
 * A 100 MiB stream publisher → hub → subscriber on loopback, against the baseline of raw
 * loopback TCP moving the same 100 MiB (64 KiB writes with backpressure, one hop) in the same
 * run. Target from the issue: the stream at ≥ 50% of the raw throughput.
 */
const SIZE = 100 * 1024 * 1024;
const data = new Uint8Array(SIZE).map((_, i) => i & 0xff);

// Raw TCP baseline: a sink that counts bytes.
let rawReceived = 0;
let rawDone: (() => void) | undefined;
const sink = createServer((socket) => {
  socket.on('data', (chunk: Buffer) => {
    rawReceived += chunk.byteLength;
    if (rawReceived >= SIZE) rawDone?.();
  });
  socket.on('error', () => {});
});
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', () => resolve()));
const rawSocket = connect({ host: '127.0.0.1', port: (sink.address() as AddressInfo).port });
await new Promise<void>((resolve) => rawSocket.once('connect', () => resolve()));

const hub = new ImbHub({ host: '127.0.0.1', port: 0 });
const { port } = await hub.listen();
const publisher = await ImbClient.connect('127.0.0.1', port, {
  ownerId: 1,
  ownerName: 'pub',
  federation: 'bench',
});
const subscriber = await ImbClient.connect('127.0.0.1', port, {
  ownerId: 2,
  ownerName: 'sub',
  federation: 'bench',
  assembleStreams: false,
});
let streamBytes = 0;
let streamDone: (() => void) | undefined;
subscriber.subscribe('big').onStream((stream) => {
  stream.on('data', (chunk: Buffer) => {
    streamBytes += chunk.byteLength;
  });
});
subscriber.on('streamEnd', (end) => {
  if (end.byteLength === SIZE) streamDone?.();
});
const out = publisher.publish('big');
await new Promise((r) => setTimeout(r, 100));

const options = { iterations: 3, time: 0, warmupIterations: 1 };

describe('100 MiB over loopback', () => {
  bench(
    'baseline: raw TCP socket, 64 KiB writes',
    async () => {
      rawReceived = 0;
      const done = new Promise<void>((resolve) => {
        rawDone = resolve;
      });
      for (let at = 0; at < SIZE; at += 65536) {
        if (!rawSocket.write(data.subarray(at, at + 65536)))
          await new Promise((r) => rawSocket.once('drain', r));
      }
      await done;
    },
    options,
  );

  bench(
    '@labwire/imb stream publisher → hub → subscriber (16 KiB chunks)',
    async () => {
      streamBytes = 0;
      const done = new Promise<void>((resolve) => {
        streamDone = resolve;
      });
      await out.signalStream('big.bin', data);
      await done;
      if (streamBytes !== SIZE) throw new Error(`received ${streamBytes} of ${SIZE}`);
    },
    {
      ...options,
      teardown: async (_task, mode) => {
        if (mode !== 'run') return;
        await publisher.disconnect();
        await subscriber.disconnect();
        await hub.close();
        rawSocket.destroy();
        await new Promise<void>((resolve) => sink.close(() => resolve()));
      },
    },
  );
});
