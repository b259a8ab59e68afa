import { waitUntil } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { IfcbHubSimulator } from './hub-simulator.js';

/** A raw WebSocket client collecting records and the close code. */
async function rawClient(url: string) {
  const records: Array<Record<string, unknown>> = [];
  let closed: number | undefined;
  const ws = new WebSocket(url);
  ws.on('message', (d: Buffer) => {
    for (const p of d.toString().split('\u001e')) if (p !== '') records.push(JSON.parse(p));
  });
  ws.on('close', (code: number) => {
    closed = code;
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, records, closed: () => closed };
}

function until(check: () => boolean, ms = 3_000): Promise<void> {
  return waitUntil('the hub simulator', check, ms, 5);
}

describe('IfcbHubSimulator', () => {
  const hubs: IfcbHubSimulator[] = [];
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.terminate();
    for (const h of hubs.splice(0)) await h.close();
  });
  async function hub(options: ConstructorParameters<typeof IfcbHubSimulator>[0] = {}) {
    const h = new IfcbHubSimulator({ instrument: { mode: 'quiet' }, ...options });
    await h.start();
    hubs.push(h);
    return h;
  }
  const wsUrl = (h: IfcbHubSimulator, query = '') => `${h.url.replace('http:', 'ws:')}${query}`;

  it('answers negotiate v0 and v1 with fresh ids, ignoring a stale id', async () => {
    const h = await hub();
    type Answer = { negotiateVersion: number; connectionId: string; connectionToken?: string };
    const v0 = (await (await fetch(`${h.url}/negotiate?id=stale`, { method: 'POST' })).json()) as Answer;
    const v1 = (await (
      await fetch(`${h.url}/negotiate?negotiateVersion=1`, { method: 'POST' })
    ).json()) as Answer;
    expect(v0).toMatchObject({
      negotiateVersion: 0,
      availableTransports: [{ transport: 'WebSockets', transferFormats: ['Text', 'Binary'] }],
    });
    expect(v0.connectionToken).toBeUndefined();
    expect(v1.negotiateVersion).toBe(1);
    expect(v1.connectionToken).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(v1.connectionId).not.toBe(v0.connectionId);
    expect((await fetch(`${h.url}/nothing`)).status).toBe(404);
  });

  it('refuses other protocols and versions with the ASP.NET Core texts, then closes', async () => {
    const h = await hub();
    for (const [request, error] of [
      ['{"protocol":"messagepack","version":1}', "The protocol 'messagepack' is not supported."],
      ['{"protocol":"json","version":3}', "The server does not support version 3 of the 'json' protocol."],
      ['{"type":6}', 'Expected a handshake request from the client.'],
    ] as const) {
      const c = await rawClient(wsUrl(h));
      sockets.push(c.ws);
      c.ws.send(`${request}\u001e`);
      await until(() => c.closed() !== undefined);
      expect(c.records).toEqual([{ error }]);
    }
  });

  it('answers unknown methods and stream invocations with error completions; the connection stays', async () => {
    const h = await hub();
    const c = await rawClient(wsUrl(h));
    sockets.push(c.ws);
    c.ws.send('{"protocol":"json","version":1}\u001e');
    c.ws.send(
      '{"type":1,"target":"nosuch","arguments":[],"invocationId":"a"}\u001e{"type":4,"target":"s","arguments":[],"invocationId":"b"}\u001e',
    );
    c.ws.send('{"type":1,"target":"STARTASCLIENT","arguments":["111-111-111"],"invocationId":"c"}\u001e');
    await until(() => c.records.length === 5);
    expect(c.records[0]).toEqual({});
    expect(c.records[1]).toMatchObject({
      type: 3,
      invocationId: 'a',
      error: expect.stringContaining('Method does not exist'),
    });
    expect(c.records[2]).toMatchObject({ type: 3, invocationId: 'b', error: expect.any(String) });
    expect(c.records[3]).toEqual({ type: 3, invocationId: 'c', result: null });
    expect(c.records[4]).toEqual({ type: 1, target: 'startedAsClient', arguments: ['111-111-111'] });
    expect(c.closed()).toBeUndefined();
  });

  it('pings when idle and closes a silent client after the client timeout', async () => {
    const h = await hub({ keepAliveIntervalMs: 30, clientTimeoutMs: 300 });
    const c = await rawClient(wsUrl(h));
    sockets.push(c.ws);
    c.ws.send('{"protocol":"json","version":0}\u001e');
    await until(() => c.records.some((r) => r.type === 6));
    await until(() => c.closed() !== undefined);
    expect(c.records.some((r) => r.type === 7)).toBe(true);
  });

  it('relays only to connections registered for its serial, with increasing seqno', async () => {
    const h = await hub();
    const a = await rawClient(wsUrl(h));
    const b = await rawClient(wsUrl(h));
    sockets.push(a.ws, b.ws);
    for (const c of [a, b]) c.ws.send('{"protocol":"json","version":1}\u001e');
    a.ws.send('{"type":1,"target":"startAsClient","arguments":["111-111-111"]}\u001e');
    b.ws.send('{"type":1,"target":"startAsClient","arguments":["999"]}\u001e');
    await until(() => a.records.length === 2 && b.records.length === 2);
    h.emitFromHost('valuechanged:pausestate:1');
    h.emitFromHost('valuechanged:pausestate:0');
    await until(() => a.records.length === 4);
    expect(a.records.slice(2).map((r) => (r.arguments as unknown[])[2])).toEqual([1, 2]);
    expect(b.records).toHaveLength(2);
  });

  it('survives garbage from one client: coded errors, the other client is served', async () => {
    const h = await hub();
    const errors: string[] = [];
    h.on('error', (e) => errors.push(e.code));
    const bad = await rawClient(wsUrl(h));
    const good = await rawClient(wsUrl(h));
    sockets.push(bad.ws, good.ws);
    for (const c of [bad, good]) c.ws.send('{"protocol":"json","version":1}\u001e');
    good.ws.send('{"type":1,"target":"startAsClient","arguments":["111-111-111"]}\u001e');
    bad.ws.send('\u0000\u00ff\u001e{"type":1}\u001e[1,2]\u001e{"type":3}\u001e');
    bad.ws.send(Buffer.from([0xff, 0xfe, 0x1e]));
    await until(() => errors.length >= 5 && good.records.length === 2);
    expect(errors).toEqual([
      'IFCB_HUB_JSON',
      'IFCB_HUB_INVALID_MESSAGE',
      'IFCB_HUB_INVALID_MESSAGE',
      'IFCB_HUB_INVALID_MESSAGE',
      'IFCB_HUB_JSON',
    ]);
    h.emitFromHost('client:reset');
    await until(() => good.records.length === 3);
    expect(bad.closed()).toBeUndefined();
  });
});
