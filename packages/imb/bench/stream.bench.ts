import { type AddressInfo, type Socket, createServer, connect } from 'node:net';
import { describePairedRatio, pairedRatio } from '@labwire/testkit';
import { afterAll, bench, describe } from 'vitest';
import { ImbClient } from '../dist/client/imb-client.js';
import { ImbHub } from '../dist/simulator/imb-hub.js';

/**
 * A 100 MiB stream publisher → hub → subscriber on loopback, against the baseline of raw
 * loopback TCP moving the same 100 MiB (64 KiB writes with backpressure, one hop) in the same
 * run. Target from the issue: the stream at ≥ 50% of the raw throughput, judged on the
 * interleaved pairs printed after the rows. A bare byte relay (two hops, no protocol work)
 * is measured too: it is the most any hub can do here.
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
const sinkPort = (sink.address() as AddressInfo).port;

async function connected(port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, noDelay: true });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket;
}

const rawSocket = await connected(sinkPort);

// The bare relay: forwards what it reads to the sink, pausing while the sink pushes back.
const relayOut = await connected(sinkPort);
const relay = createServer({ noDelay: true }, (socket) => {
  socket.on('data', (chunk: Buffer) => {
    if (relayOut.write(chunk)) return;
    socket.pause();
    relayOut.once('drain', () => socket.resume());
  });
  socket.on('error', () => {});
});
await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', () => resolve()));
const relayIn = await connected((relay.address() as AddressInfo).port);

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

/** Writes the 100 MiB to `socket` in 64 KiB writes, waiting on backpressure, until the sink has it all. */
async function pushThrough(socket: Socket): Promise<void> {
  rawReceived = 0;
  const done = new Promise<void>((resolve) => {
    rawDone = resolve;
  });
  for (let at = 0; at < SIZE; at += 65536) {
    if (!socket.write(data.subarray(at, at + 65536))) await new Promise((r) => socket.once('drain', r));
  }
  await done;
}
const rawRun = () => pushThrough(rawSocket);
const relayRun = () => pushThrough(relayIn);

async function streamRun(): Promise<void> {
  streamBytes = 0;
  const done = new Promise<void>((resolve) => {
    streamDone = resolve;
  });
  await out.signalStream('big.bin', data);
  await done;
  if (streamBytes !== SIZE) throw new Error(`received ${streamBytes} of ${SIZE}`);
}

const title = '100 MiB over loopback';
afterAll(async () => {
  // The target is judged on interleaved pairs: the rows below are measured one after the other.
  const pairs = { pairs: 10, warmup: 2 };
  console.log(
    describePairedRatio(`${title}: bare relay vs raw TCP`, await pairedRatio(rawRun, relayRun, pairs)),
  );
  console.log(
    describePairedRatio(
      `${title}: stream through the hub vs raw TCP`,
      await pairedRatio(rawRun, streamRun, pairs),
    ),
  );
  await publisher.disconnect();
  await subscriber.disconnect();
  await hub.close();
  for (const socket of [rawSocket, relayIn, relayOut]) socket.destroy();
  await new Promise<void>((resolve) => relay.close(() => resolve()));
  await new Promise<void>((resolve) => sink.close(() => resolve()));
});

const options = { iterations: 3, time: 0, warmupIterations: 1 };

describe(title, () => {
  bench('baseline: raw TCP socket, 64 KiB writes', rawRun, options);
  bench('bare relay: raw TCP through a forwarding socket (two hops)', relayRun, options);
  bench('@labwire/imb stream publisher → hub → subscriber (16 KiB chunks)', streamRun, options);
});
