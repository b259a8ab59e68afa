/**
 * Requests per second over loopback: our client against our simulator, against a baseline of a
 * bare `ws` client and a bare `ws` server answering "O.k." to every message, in the same run.
 * The difference is the cost of the protocol layers (queue, encoding, Python-semantics parsing,
 * dispatch, reply classification).
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { ZeissInspectSimulator, ZeissIpcClient } from '../dist/index.js';

let sim: ZeissInspectSimulator;
let client: ZeissIpcClient;
let wss: WebSocketServer;
let raw: WebSocket;
let rawReply: (() => void) | undefined;

beforeAll(async () => {
  sim = new ZeissInspectSimulator({ port: 0, host: { files: ['p.gxml'] } });
  await sim.listen();
  client = new ZeissIpcClient({ url: sim.url, reconnect: false });
  await client.connect();
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (s) => s.on('message', () => s.send('O.k.')));
  raw = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  await new Promise((resolve) => raw.once('open', resolve));
  raw.on('message', () => rawReply?.());
});

afterAll(async () => {
  await client.close();
  await sim.close();
  raw.terminate();
  await new Promise((resolve) => wss.close(resolve));
});

describe('one elements request and its reply, over loopback', () => {
  bench('ZeissIpcClient → ZeissInspectSimulator', async () => {
    await client.send({ command: 'elements', file: 'p.gxml', importMode: 'clipboard' });
  });
  bench('baseline: bare ws client → bare ws server answering O.k.', async () => {
    await new Promise<void>((resolve) => {
      rawReply = resolve;
      raw.send('{"elements": {"file": "p.gxml", "import_mode": "clipboard"}}\n');
    });
  });
});
