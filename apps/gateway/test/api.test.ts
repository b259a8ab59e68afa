import type { BusEvent } from '@labwire/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningGateway, startTestGateway, until } from './harness.js';
import { type LineInstrument, startLineInstrument } from './scaffolding/line-instrument.js';

type ErrorBody = { error: { code: string } };

const READ = 'read-token-0123456789';
const WRITE = 'write-token-0123456789';
const ADMIN = 'admin-token-0123456789';
const LIMITED = 'limited-token-0123456789';

describe('gateway API over WebSocket and HTTP (scaffolding connector on a loopback socket)', () => {
  let peer: LineInstrument;
  let gw: RunningGateway;

  beforeEach(async () => {
    peer = await startLineInstrument({ failTargets: ['stage/broken'] });
    gw = await startTestGateway(
      {
        server: { commandRate: { perSecond: 1, burst: 3 } },
        auth: {
          tokens: [
            // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's env reference syntax
            { name: 'viewer', token: '${READ_TOKEN}', role: 'read' },
            { name: 'robot', token: WRITE, role: 'write', deny: ['lab/secret/#'] },
            { name: 'ops', token: ADMIN, role: 'admin' },
            { name: 'stage-only', token: LIMITED, role: 'write', allow: ['lab/stage/#'] },
          ],
        },
        connectors: { lab: { protocol: 'test-line', options: { port: peer.port } } },
      },
      { READ_TOKEN: READ },
    );
    await until(() => peer.connections() === 1, 'connector to connect');
  });

  afterEach(async () => {
    await gw.close();
    await peer.close();
  });

  it('streams subscribed events with the model fields, and only matching topics', async () => {
    const client = await gw.client({ token: READ });
    const got: BusEvent[] = [];
    await client.subscribe('lab/stage/#', (e) => got.push(e), { kinds: ['property'] });
    peer.broadcast({ device: 'stage', property: 'x', value: 1.5 });
    peer.broadcast({ device: 'camera', property: 'gain', value: 3 });
    peer.broadcast({ device: 'stage', property: 'x', value: 2.5 });
    await until(() => got.length === 2, 'two stage events');
    expect(got.map((e) => (e.kind === 'property' ? e.members[0]?.value : undefined))).toEqual([1.5, 2.5]);
    expect(got[0]).toMatchObject({
      kind: 'property',
      connector: 'lab',
      protocol: 'test-line',
      topic: 'lab/stage/x',
      change: 'defined',
    });
    expect(got[1]!.seq).toBeGreaterThan(got[0]!.seq);
  });

  it('refuses a bad token with UNAUTHORIZED and does not reconnect', async () => {
    await expect(gw.client({ token: 'wrong-token-0123456789' })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    const res = await gw.http('/api/connectors', { token: 'nope' });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorBody).error.code).toBe('UNAUTHORIZED');
  });

  it('refuses anonymous access once tokens are configured', async () => {
    await expect(gw.client()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses a forbidden topic and filters partly visible subscriptions per event', async () => {
    const robot = await gw.client({ token: WRITE });
    await expect(robot.subscribe('lab/secret/#')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const got: BusEvent[] = [];
    await robot.subscribe('lab/#', (e) => got.push(e), { kinds: ['property'] });
    peer.broadcast({ device: 'secret', property: 'key', value: 42 });
    peer.broadcast({ device: 'stage', property: 'x', value: 1 });
    await until(() => got.length === 1, 'the visible event');
    await new Promise((r) => setTimeout(r, 50));
    expect(got.map((e) => e.topic)).toEqual(['lab/stage/x']);
    const limited = await gw.client({ token: LIMITED });
    await expect(limited.subscribe('lab/camera/#')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      limited.command('lab', { target: 'camera/gain', action: 'set', args: 1 }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('runs a command to its acknowledgement and reports the instrument refusing one', async () => {
    const robot = await gw.client({ token: WRITE });
    const commandEvents: BusEvent[] = [];
    await robot.subscribe('lab/#', (e) => commandEvents.push(e), { kinds: ['command'] });
    const reply = await robot.command('lab', {
      target: 'stage/x',
      action: 'set',
      args: { value: 3 },
      id: 'move-1',
    });
    expect(reply).toEqual({ id: 'move-1', result: { echoed: { value: 3 } } });
    expect(peer.commands.at(-1)).toMatchObject({ id: 'move-1', target: 'stage/x', action: 'set' });
    await until(
      () => commandEvents.some((e) => e.kind === 'command' && e.status === 'done'),
      'the done event',
    );
    expect(commandEvents.map((e) => (e.kind === 'command' ? e.status : ''))).toEqual(['accepted', 'done']);
    await expect(
      robot.command('lab', { target: 'stage/broken', action: 'set', args: 1 }),
    ).rejects.toMatchObject({
      code: 'COMMAND_FAILED',
    });
    await expect(robot.command('nowhere', { target: 'a/b', action: 'set' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('lets the read role browse but not command', async () => {
    const viewer = await gw.client({ token: READ });
    peer.broadcast({ device: 'stage', property: 'x', value: 7 });
    await until(() => gw.gateway.bus.stats().published >= 3, 'the property event');
    const devices = await viewer.browse('lab');
    expect(devices[0]).toMatchObject({
      name: 'stage',
      properties: [{ name: 'x', members: [{ name: 'value', value: 7 }] }],
    });
    await expect(viewer.command('lab', { target: 'stage/x', action: 'set', args: 1 })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const list = await viewer.connectors();
    expect(list).toMatchObject([{ id: 'lab', protocol: 'test-line', state: 'connected' }]);
  });

  it('rate-limits commands per token with RATE_LIMITED', async () => {
    const robot = await gw.client({ token: WRITE });
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        robot.command('lab', { target: 'stage/x', action: 'set', args: i }),
      ),
    );
    const codes = results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code: string }).code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(3);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(2);
  });

  it('answers malformed and invalid messages with coded errors and keeps the session', async () => {
    const ws = new WebSocket(gw.address.ws, ['labwire.v1', `labwire.bearer.${READ}`]);
    const frames: Array<Record<string, unknown>> = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    await new Promise((r) => ws.once('open', r));
    ws.send('{not json');
    ws.send(JSON.stringify({ type: 'subscribe', id: 'a', patterns: ['lab/#/x'] }));
    ws.send(JSON.stringify({ type: 'explode', id: 'b' }));
    ws.send(Buffer.from([1, 2, 3]));
    ws.send(JSON.stringify({ type: 'ping', id: 'c' }));
    await until(() => frames.length >= 6, 'six frames');
    expect(frames[0]).toMatchObject({ type: 'welcome', role: 'read', principal: 'viewer' });
    expect(frames[1]).toMatchObject({ type: 'error', error: { code: 'MALFORMED' } });
    expect(frames[2]).toMatchObject({
      type: 'reply',
      id: 'a',
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(frames[3]).toMatchObject({
      type: 'reply',
      id: 'b',
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(frames[4]).toMatchObject({ type: 'error', error: { code: 'INVALID_ARGUMENT' } });
    expect(frames[5]).toMatchObject({ type: 'reply', id: 'c', ok: true });
    ws.close();
  });

  it('closes a WebSocket whose message exceeds the size limit, and refuses an oversized HTTP body with 413', async () => {
    const ws = new WebSocket(gw.address.ws, ['labwire.v1', `labwire.bearer.${READ}`]);
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send(JSON.stringify({ type: 'ping', id: 'x'.repeat(2 * 1024 * 1024) }));
    expect(await closed).toBe(1009);
    const res = await gw.http('/api/connectors/lab/commands', {
      method: 'POST',
      token: WRITE,
      body: JSON.stringify({ target: 'stage/x', action: 'set', args: 'y'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect((await gw.http('/healthz')).status).toBe(200);
  });

  it('serves connectors, snapshot, commands, healthz and metrics over HTTP', async () => {
    peer.broadcast({ device: 'stage', property: 'x', value: 1 });
    peer.broadcast({ device: 'stage', property: 'x', value: 2 });
    const health = await (await gw.http('/healthz')).json();
    expect(health).toMatchObject({ status: 'ok', connectors: { lab: 'connected' } });
    const connectors = await (await gw.http('/api/connectors', { token: READ })).json();
    expect(connectors).toMatchObject([{ id: 'lab', protocol: 'test-line', state: 'connected' }]);
    await until(() => gw.gateway.bus.stats().published >= 3, 'events');
    const snapshot = (await (await gw.http('/api/snapshot', { token: READ })).json()) as Array<{
      devices: Array<{ properties: unknown[] }>;
    }>;
    expect(snapshot[0]!.devices[0]!.properties[0]).toMatchObject({
      property: 'x',
      members: [{ name: 'value', value: 2 }],
    });
    const forbidden = await gw.http('/api/connectors/lab/commands', {
      method: 'POST',
      token: READ,
      body: JSON.stringify({ target: 'stage/x', action: 'set', args: 5 }),
    });
    expect(forbidden.status).toBe(403);
    const bad = await gw.http('/api/connectors/lab/commands', {
      method: 'POST',
      token: WRITE,
      body: JSON.stringify({ action: 'fly' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.code).toBe('INVALID_ARGUMENT');
    const ok = await gw.http('/api/connectors/lab/commands', {
      method: 'POST',
      token: WRITE,
      body: JSON.stringify({ target: 'stage/x', action: 'set', args: 5, id: 'http-1' }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ id: 'http-1', result: { echoed: 5 } });
    const metrics = await (await gw.http('/metrics')).text();
    expect(metrics).toMatch(/labwire_events_in_total\{connector="lab"\} [1-9]/);
    expect(metrics).toMatch(/labwire_command_duration_seconds_count\{connector="lab",outcome="done"\} 1/);
    expect(metrics).toMatch(/labwire_connector_up\{connector="lab",protocol="test-line"\} 1/);
    expect(metrics).toMatch(/labwire_api_rejections_total\{reason="forbidden"\} 1/);
    expect((await gw.http('/api/reload', { method: 'POST', token: WRITE })).status).toBe(403);
    expect((await gw.http('/api/nothing', { token: READ })).status).toBe(404);
  });

  it('reconnects the connector after the instrument drops the connection, and the bus sees it', async () => {
    const client = await gw.client({ token: READ });
    const states: string[] = [];
    await client.subscribe('lab', (e) => states.push(e.state), { kinds: ['connection'] });
    peer.dropConnections();
    await until(() => states.includes('connected'), 'reconnection');
    expect(states[0]).toBe('disconnected');
    const metrics = await (await gw.http('/metrics')).text();
    expect(metrics).toMatch(/labwire_connector_reconnects_total\{connector="lab"\} 1/);
  });
});
