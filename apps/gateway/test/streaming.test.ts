import { createHash } from 'node:crypto';
import type { BusEvent } from '@labwire/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningGateway, startTestGateway, until } from './harness.js';
import type { LineConnector } from './scaffolding/line-connector.js';
import { type LineInstrument, startLineInstrument } from './scaffolding/line-instrument.js';

describe('event streaming: binary data frames, batching, bounded queues', () => {
  let peer: LineInstrument;
  let gw: RunningGateway;

  beforeEach(async () => {
    peer = await startLineInstrument();
    gw = await startTestGateway({
      server: { queueSize: 1_000 },
      connectors: { lab: { protocol: 'test-line', options: { port: peer.port } } },
    });
    await until(() => peer.connections() === 1, 'connector to connect');
  });

  afterEach(async () => {
    await gw.close();
    await peer.close();
  });

  it('delivers an 8 MiB data payload intact as a binary frame, never as base64 JSON', async () => {
    const raw = new WebSocket(gw.address.ws, ['labwire.v1']);
    const frames: Array<{ binary: boolean; data: Buffer }> = [];
    raw.on('message', (data, isBinary) => frames.push({ binary: isBinary, data: data as Buffer }));
    await new Promise((r) => raw.once('open', r));
    raw.send(JSON.stringify({ type: 'subscribe', id: 1, patterns: ['lab/#'], kinds: ['data'] }));
    await until(() => frames.length === 2, 'welcome and reply');
    const payload = new Uint8Array(8 * 1024 * 1024);
    for (let i = 0; i < payload.length; i += 4096) payload[i] = i % 251;
    (gw.gateway.connectors.get('lab') as LineConnector).publishData('camera', 'image', payload);
    await until(() => frames.length === 3, 'the data frame', 10_000);
    const frame = frames[2]!;
    expect(frame.binary).toBe(true);
    const headerLength = frame.data.readUInt32BE(0);
    const header = JSON.parse(frame.data.subarray(4, 4 + headerLength).toString('utf8'));
    expect(header).toMatchObject({
      type: 'event',
      sub: 1,
      event: { kind: 'data', byteLength: payload.length, topic: 'lab/camera/image' },
    });
    expect(header.event.payload).toBeUndefined();
    const body = frame.data.subarray(4 + headerLength);
    expect(createHash('sha256').update(body).digest('hex')).toBe(
      createHash('sha256').update(payload).digest('hex'),
    );
    raw.close();
  });

  it('gives the client the payload bytes on the data event', async () => {
    const client = await gw.client();
    const got: BusEvent[] = [];
    await client.subscribe('lab/camera/+', (e) => got.push(e), { kinds: ['data'] });
    peer.broadcast({
      device: 'camera',
      property: 'image',
      data: Buffer.from([1, 2, 3, 4]).toString('base64'),
    });
    await until(() => got.length === 1, 'data event');
    const e = got[0]!;
    expect(e.kind === 'data' && [...e.payload!]).toEqual([1, 2, 3, 4]);
    expect(e).toMatchObject({ dtype: '|u1', shape: [4], byteLength: 4 });
  });

  it('keeps a stalled subscriber bounded (drop-oldest, counted) while another receives everything', async () => {
    const stalled = new WebSocket(gw.address.ws, ['labwire.v1']);
    let replies = 0;
    stalled.on('message', (d) => {
      if (String(d).startsWith('{"type":"reply"')) replies++;
    });
    await new Promise((r) => stalled.once('open', r));
    stalled.send(JSON.stringify({ type: 'subscribe', id: 1, patterns: ['#'], kinds: ['property'] }));
    await until(() => replies === 1, 'stalled subscription');
    // Stop reading: the socket's kernel buffers fill, then the gateway's queue for it.
    stalled.pause();
    const healthy = await gw.client();
    let received = 0;
    await healthy.subscribe('lab/#', () => received++, { kinds: ['property'] });
    const total = 60_000;
    const line = (i: number) => `{"device":"stage","property":"p${i % 50}","value":${i}}\n`;
    for (let sent = 0; sent < total; sent += 1_000) {
      let chunk = '';
      for (let i = sent; i < sent + 1_000; i++) chunk += line(i);
      peer.broadcastRaw(chunk);
      await new Promise((r) => setImmediate(r));
    }
    await until(() => received === total, `all ${total} events at the healthy subscriber`, 20_000);
    const stats = gw.gateway.bus.stats();
    expect(stats.dropped).toBeGreaterThan(0);
    expect(stats.queued).toBeLessThanOrEqual(1_000 + 100_000);
    const queues = [...gw.gateway.subscriberQueues()];
    expect(queues).toHaveLength(2);
    expect(Math.max(...queues.map((q) => q.queued))).toBeLessThanOrEqual(1_000);
    const metrics = await (await gw.http('/metrics')).text();
    const dropped = Number(/labwire_subscriber_dropped_events_total (\d+)/.exec(metrics)?.[1]);
    expect(dropped).toBeGreaterThan(0);
    stalled.terminate();
  });

  it('closes a subscription that overflows under the disconnect policy and tells the client', async () => {
    const raw = new WebSocket(gw.address.ws, ['labwire.v1']);
    const messages: Array<Record<string, unknown>> = [];
    raw.on('message', (d, isBinary) => {
      if (!isBinary) messages.push(JSON.parse(d.toString()));
    });
    await new Promise((r) => raw.once('open', r));
    raw.send(
      JSON.stringify({ type: 'subscribe', id: 1, patterns: ['#'], overflow: 'disconnect', queueSize: 10 }),
    );
    await until(() => messages.some((m) => m.type === 'reply'), 'subscribed');
    raw.pause();
    const baseline = gw.gateway.bus.stats().subscribers;
    for (let round = 0; round < 40 && gw.gateway.bus.stats().subscribers === baseline; round++) {
      let chunk = '';
      for (let i = 0; i < 10_000; i++) chunk += `{"device":"d","property":"p","value":${i}}\n`;
      peer.broadcastRaw(chunk);
      await new Promise((r) => setTimeout(r, 20));
    }
    await until(
      () => gw.gateway.bus.stats().subscribers === baseline - 1,
      'the overflowing subscription to close',
      20_000,
    );
    raw.resume();
    await until(
      () => messages.find((m) => m.type === 'subscription-closed'),
      'subscription-closed message',
      20_000,
    );
    expect(messages.find((m) => m.type === 'subscription-closed')).toMatchObject({
      sub: 1,
      error: { code: 'OVERFLOW' },
    });
    raw.terminate();
  });
});
