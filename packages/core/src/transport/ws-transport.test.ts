import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { WsTransport } from './ws-transport.js';

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function wsServer(onConnection: (ws: import('ws').WebSocket) => void): Promise<number> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  wss.on('connection', onConnection);
  await new Promise<void>((r) => wss.once('listening', () => r()));
  closers.push(async () => {
    for (const c of wss.clients) c.terminate();
    await new Promise((r) => wss.close(r));
  });
  return (wss.address() as AddressInfo).port;
}

describe('WsTransport over a real loopback WebSocket', () => {
  it('keeps text as strings and binary as bytes, and counts them', async () => {
    const port = await wsServer((ws) => ws.on('message', (d, isBinary) => ws.send(d, { binary: isBinary })));
    const t = new WsTransport({ url: `ws://127.0.0.1:${port}/hub` });
    await t.open();
    const got: Array<string | Uint8Array> = [];
    const two = new Promise<void>((resolve) =>
      t.on('data', (d) => {
        got.push(d);
        if (got.length === 2) resolve();
      }),
    );
    t.write('{"a":"é"}');
    t.write(Uint8Array.from([1, 2, 3]));
    await two;
    expect(got[0]).toBe('{"a":"é"}');
    expect([...(got[1] as Uint8Array)]).toEqual([1, 2, 3]);
    expect(t.counters.messagesIn).toBe(2);
    expect(t.counters.bytesOut).toBe(13);
    await t.close();
  });

  it('reports the close code and reason of the peer', async () => {
    const port = await wsServer((ws) => setTimeout(() => ws.close(1011, 'crash'), 5));
    const t = new WsTransport({ url: `ws://127.0.0.1:${port}` });
    const closed = new Promise((resolve) => t.on('close', resolve));
    await t.open();
    expect(await closed).toEqual({ hadError: true, code: 1011, reason: 'crash' });
  });

  it('times out when the handshake is never answered', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    });
    const port = (server.address() as AddressInfo).port;
    const t = new WsTransport({ url: `ws://127.0.0.1:${port}`, connectTimeoutMs: 100 });
    await expect(t.open()).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('is aborted by its AbortSignal', async () => {
    const port = await wsServer(() => {});
    const controller = new AbortController();
    const t = new WsTransport({ url: `ws://127.0.0.1:${port}` });
    const opening = t.open(controller.signal);
    controller.abort();
    await expect(opening).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('fails to connect to a closed port with CONNECT_FAILED', async () => {
    const port = await wsServer(() => {});
    await closers.pop()!();
    await expect(new WsTransport({ url: `ws://127.0.0.1:${port}` }).open()).rejects.toMatchObject({
      code: 'CONNECT_FAILED',
    });
  });
});
