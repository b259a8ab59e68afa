import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { type ClientSubscription, LabwireClient } from './client.js';
import type { BusEvent, ClientMessage } from './types.js';

/**
 * A scripted gateway peer on a real loopback WebSocket: it speaks the wire protocol of
 * docs/gateway-api.md just enough to drive the client's own logic (request matching, timeouts,
 * reconnect, binary frames). The client against the real gateway is tested in apps/gateway.
 */
async function scriptedPeer(onMessage: (ws: WebSocket, m: ClientMessage) => void, port = 0) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port, handleProtocols: () => 'labwire.v1' });
  await new Promise((r) => wss.once('listening', r));
  const sockets = new Set<WebSocket>();
  const protocols: string[][] = [];
  wss.on('connection', (ws, req) => {
    sockets.add(ws);
    protocols.push(String(req.headers['sec-websocket-protocol']).split(/,\s*/));
    ws.send(
      JSON.stringify({
        type: 'welcome',
        protocol: 'labwire.v1',
        session: 's',
        role: 'admin',
        principal: 'p',
        limits: {},
      }),
    );
    ws.on('message', (d) => onMessage(ws, JSON.parse(d.toString()) as ClientMessage));
  });
  const actualPort = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${actualPort}/ws`,
    port: actualPort,
    sockets,
    protocols,
    close: () =>
      new Promise<void>((r) => {
        for (const s of wss.clients) s.terminate();
        wss.close(() => r());
      }),
  };
}

const peers: Array<{ close(): Promise<void> }> = [];
const clients: LabwireClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const p of peers.splice(0)) await p.close();
});

function client(url: string, extra: Partial<ConstructorParameters<typeof LabwireClient>[0]> = {}) {
  const c = new LabwireClient({ url, WebSocket: WebSocket as never, ...extra });
  clients.push(c);
  return c;
}

const subscribeOk = (ws: WebSocket, m: ClientMessage, sub = 7) => {
  if (m.type === 'subscribe')
    ws.send(JSON.stringify({ type: 'reply', id: m.id, ok: true, result: { subscription: sub } }));
};

describe('LabwireClient', () => {
  it('needs a WebSocket constructor where there is no global one', () => {
    const global = (globalThis as { WebSocket?: unknown }).WebSocket;
    if (global !== undefined) return; // Node >= 22 and browsers have one
    expect(() => new LabwireClient({ url: 'ws://127.0.0.1:1/ws' })).toThrow(/WebSocket/);
  });

  it('sends the token as a subprotocol and matches replies to requests by id, out of order', async () => {
    const peer = await scriptedPeer((ws, m) => {
      if (m.type === 'command') {
        // Answer the second command first.
        setTimeout(
          () => ws.send(JSON.stringify({ type: 'reply', id: m.id, ok: true, result: { id: m.commandId } })),
          m.commandId === 'a' ? 30 : 0,
        );
      }
    });
    peers.push(peer);
    const c = client(peer.url, { token: 'secret-token-123456' });
    const welcome = await c.connect();
    expect(welcome.protocol).toBe('labwire.v1');
    expect(peer.protocols[0]).toEqual(['labwire.v1', 'labwire.bearer.secret-token-123456']);
    const [a, b] = await Promise.all([
      c.command('x', { target: 'd/p', action: 'set', id: 'a' }),
      c.command('x', { target: 'd/p', action: 'set', id: 'b' }),
    ]);
    expect([a.id, b.id]).toEqual(['a', 'b']);
  });

  it('rejects with the gateway error code and with TIMEOUT when no reply comes', async () => {
    const peer = await scriptedPeer((ws, m) => {
      if (m.type === 'browse')
        ws.send(
          JSON.stringify({ type: 'reply', id: m.id, ok: false, error: { code: 'NOT_FOUND', message: 'no' } }),
        );
    });
    peers.push(peer);
    const c = client(peer.url, { requestTimeoutMs: 50 });
    await c.connect();
    await expect(c.browse('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(c.connectors()).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('delivers batched text events and binary data events to the subscription handler', async () => {
    const peer = await scriptedPeer((ws, m) => {
      if (m.type !== 'subscribe') return;
      subscribeOk(ws, m, 4);
      const e = (seq: number) => ({
        kind: 'message',
        seq,
        time: 0,
        connector: 'c',
        protocol: 'p',
        topic: 'c',
        text: 't',
        severity: 'info',
      });
      ws.send(JSON.stringify({ type: 'events', sub: 4, events: [e(1), e(2)] }));
      const header = Buffer.from(
        JSON.stringify({ type: 'event', sub: 4, event: { kind: 'data', seq: 3, byteLength: 3 } }),
      );
      const prefix = Buffer.alloc(4);
      prefix.writeUInt32BE(header.byteLength);
      ws.send(Buffer.concat([prefix, header, Buffer.from([7, 8, 9])]));
    });
    peers.push(peer);
    const c = client(peer.url);
    await c.connect();
    const got: BusEvent[] = [];
    await c.subscribe('#', (e) => got.push(e));
    await new Promise<void>((resolve) => {
      const check = () => (got.length === 3 ? resolve() : setTimeout(check, 5));
      check();
    });
    expect(got.map((e) => e.seq)).toEqual([1, 2, 3]);
    const data = got[2]!;
    expect(data.kind === 'data' && [...data.payload!]).toEqual([7, 8, 9]);
  });

  it('fails a command in flight with OUTCOME_UNKNOWN when the connection drops, then reconnects and re-subscribes', async () => {
    let subscribes = 0;
    const peer = await scriptedPeer((ws, m) => {
      if (m.type === 'subscribe') {
        subscribes += 1;
        subscribeOk(ws, m, 10 + subscribes);
      }
      if (m.type === 'command') ws.terminate();
    });
    peers.push(peer);
    const c = client(peer.url, { reconnect: { initialDelayMs: 10, jitter: 0 } });
    await c.connect();
    const sub: ClientSubscription = await c.subscribe('a/#');
    expect(sub.serverId).toBe(11);
    const reopened = new Promise((r) => c.on('open', r));
    await expect(c.command('x', { target: 'd/p', action: 'set' })).rejects.toMatchObject({
      code: 'OUTCOME_UNKNOWN',
    });
    await reopened;
    expect(subscribes).toBe(2);
    expect(sub.serverId).toBe(12);
    expect(c.state).toBe('open');
  });

  it('does not reconnect after the gateway refuses the token (4401)', async () => {
    let connections = 0;
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    wss.on('connection', (ws) => {
      connections += 1;
      ws.send(JSON.stringify({ type: 'error', error: { code: 'UNAUTHORIZED', message: 'bad token' } }));
      ws.close(4401, 'UNAUTHORIZED');
    });
    peers.push({ close: () => new Promise((r) => wss.close(() => r())) });
    const c = client(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}/ws`, {
      reconnect: { initialDelayMs: 5 },
    });
    await expect(c.connect()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await new Promise((r) => setTimeout(r, 60));
    expect(connections).toBe(1);
  });
});
