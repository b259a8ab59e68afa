/**
 * Shared setup of the gateway benchmarks: an in-process gateway on loopback with the test-line
 * scaffolding connector (test/scaffolding), clients through @labwire/client, and the raw `ws`
 * baselines each benchmark is compared with in the same run.
 */
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { LabwireClient } from '@labwire/client';
import WebSocket, { WebSocketServer } from 'ws';
import { type RunningGateway, startTestGateway } from '../test/harness.js';
import type { LineConnector } from '../test/scaffolding/line-connector.js';
import { type LineInstrument, startLineInstrument } from '../test/scaffolding/line-instrument.js';

export interface BenchGateway {
  gw: RunningGateway;
  peer: LineInstrument;
  connector: LineConnector;
  clients(n: number): Promise<LabwireClient[]>;
  close(): Promise<void>;
}

export async function benchGateway(queueSize = 100_000): Promise<BenchGateway> {
  const peer = await startLineInstrument();
  const gw = await startTestGateway({
    server: { queueSize },
    connectors: { lab: { protocol: 'test-line', options: { port: peer.port } } },
  });
  for (let i = 0; i < 500 && gw.gateway.connectors.get('lab')?.state !== 'connected'; i++)
    await new Promise((r) => setTimeout(r, 10));
  return {
    gw,
    peer,
    connector: gw.gateway.connectors.get('lab') as LineConnector,
    clients: async (n) => Promise.all(Array.from({ length: n }, () => gw.client())),
    close: async () => {
      await gw.close();
      await peer.close();
    },
  };
}

/** Resolves when `done()` holds, polling on the event loop (the receiving side runs meanwhile). */
export function whenTrue(done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (done()) resolve();
      else if (Date.now() > deadline) reject(new Error('benchmark condition timed out'));
      else setImmediate(check);
    };
    check();
  });
}

/** Publishes `total` events in chunks, yielding to I/O between chunks as socket reads do. */
export async function publishInChunks(connector: LineConnector, total: number, chunk = 1_000): Promise<void> {
  for (let sent = 0; sent < total; sent += chunk) {
    connector.publishBurst(Math.min(chunk, total - sent));
    await new Promise((r) => setImmediate(r));
  }
}

/** The baseline: a bare `ws` server and clients on loopback, nothing in between. */
export interface RawWs {
  server: WebSocketServer;
  sockets: WebSocket[];
  clients: WebSocket[];
  close(): Promise<void>;
}

export async function rawWs(clientCount: number): Promise<RawWs> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((r) => server.once('listening', r));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sockets: WebSocket[] = [];
  server.on('connection', (ws) => sockets.push(ws));
  const clients: WebSocket[] = [];
  for (let i = 0; i < clientCount; i++) {
    const c = new WebSocket(url, { perMessageDeflate: false });
    await new Promise((r) => c.once('open', r));
    clients.push(c);
  }
  while (sockets.length < clientCount) await new Promise((r) => setTimeout(r, 5));
  return {
    server,
    sockets,
    clients,
    close: async () => {
      for (const c of clients) c.terminate();
      await new Promise((r) => server.close(() => r(undefined)));
    },
  };
}

/** A small event like a connector's property update, for the baseline to send. */
export function sampleEvent(seq: number): Record<string, unknown> {
  return {
    kind: 'property',
    seq,
    time: Date.now(),
    connector: 'lab',
    protocol: 'test-line',
    topic: 'lab/bench/value',
    device: 'bench',
    property: 'value',
    change: 'updated',
    type: 'number',
    state: 'ok',
    members: [{ name: 'value', value: seq }],
  };
}

export interface Subscribers {
  /** Events each subscriber received so far. */
  counts(): number[];
  close(): Promise<void>;
}

/** `n` subscribers on a worker thread: @labwire/client subscribed to `lab/#`, or bare ws clients. */
export async function startSubscribers(
  url: string,
  kind: 'labwire' | 'raw',
  n: number,
): Promise<Subscribers> {
  const shared = new SharedArrayBuffer(4 * n);
  const counts = new Int32Array(shared);
  const worker = new Worker(new URL('./subscriber-worker.mjs', import.meta.url), {
    workerData: { url, kind, n, counts: shared },
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return {
    counts: () => Array.from(counts),
    close: async () => {
      worker.postMessage('close');
      await new Promise((r) => worker.once('message', r));
      await worker.terminate();
    },
  };
}

/** A bare `ws` server for the baseline; clients connect from a worker. */
export async function rawServer(): Promise<{ url: string; sockets: WebSocket[]; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  await new Promise((r) => server.once('listening', r));
  const sockets: WebSocket[] = [];
  server.on('connection', (ws) => sockets.push(ws));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sockets,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
