import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { waitUntil } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { ImbClient } from '../client/imb-client.js';
import type { IncomingStream } from '../client/incoming-streams.js';
import type { ImbReceivedEvent, ImbStreamEnd } from '../client/types.js';
import { decodeString, encodeCommand } from '../codec/index.js';
import { ImbHub } from './imb-hub.js';

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length > 0) await closers.pop()!().catch(() => {});
});

async function startHub(): Promise<{ hub: ImbHub; port: number }> {
  const hub = new ImbHub({ host: '127.0.0.1', port: 0 });
  const { port } = await hub.listen();
  closers.push(() => hub.close());
  return { hub, port };
}

async function client(port: number, ownerName: string): Promise<ImbClient> {
  const c = await ImbClient.connect('127.0.0.1', port, { ownerId: 1, ownerName, federation: 'lab' });
  closers.push(() => c.disconnect());
  return c;
}

describe('two clients through the hub on loopback', () => {
  it('deliver text and change objects in order, with the hub ids translated back to names', async () => {
    const { port } = await startHub();
    const publisher = await client(port, 'publisher');
    const subscriber = await client(port, 'subscriber');
    const received: ImbReceivedEvent[] = [];
    const sensors = subscriber.subscribe('sensors');
    sensors.onEvent('*', (e) => received.push(e));
    await waitUntil('subscriber.uniqueClientId !== undefined', () => subscriber.uniqueClientId !== undefined);
    await new Promise((r) => setTimeout(r, 50));
    const out = publisher.publish('sensors');
    out.signalString('hello');
    out.signalChangeObject(2, 42, 'temperature');
    for (let i = 0; i < 200; i++) out.signalString(`n${i}`);
    await waitUntil('received.length === 202', () => received.length === 202);
    expect(received[0]).toMatchObject({ eventName: 'lab.sensors', kind: 'ekNormalEvent' });
    expect(decodeString(received[0]!.body)).toBe('hello');
    expect(received[1]).toMatchObject({
      kind: 'ekChangeObjectEvent',
      fields: { action: 2, objectId: 42, attribute: 'temperature' },
    });
    expect(received.slice(2).map((e) => decodeString(e.body))).toEqual(
      Array.from({ length: 200 }, (_, i) => `n${i}`),
    );
    expect(subscriber.uniqueClientId).toBe(4098);
  });

  it('carry a multi-chunk stream, assembled and as a Node readable', async () => {
    const { port } = await startHub();
    const publisher = await client(port, 'publisher');
    const subscriber = await client(port, 'subscriber');
    const event = subscriber.subscribe('files');
    const ends: ImbStreamEnd[] = [];
    subscriber.on('streamEnd', (e) => ends.push(e));
    const readables: Promise<Buffer>[] = [];
    event.onStream((stream: IncomingStream) => {
      readables.push((async () => Buffer.concat(await stream.toArray()))());
    });
    await new Promise((r) => setTimeout(r, 50));
    const data = Buffer.alloc(100_000);
    for (let i = 0; i < data.byteLength; i++) data[i] = (i * 31) & 0xff;
    const source = Readable.from([data.subarray(0, 777), data.subarray(777, 50_000), data.subarray(50_000)]);
    await publisher.getEvent('files').signalStream('data.bin', source, { chunkSize: 4096 });
    await waitUntil('ends.length === 1', () => ends.length === 1);
    expect(ends[0]).toMatchObject({
      eventName: 'lab.files',
      streamName: 'data.bin',
      byteLength: data.byteLength,
    });
    expect(Buffer.from(ends[0]!.data!).equals(data)).toBe(true);
    expect((await readables[0]!).equals(data)).toBe(true);
  });

  it('survive a publisher that disconnects mid-stream: the reader gets an error, the hub and others go on', async () => {
    const { hub, port } = await startHub();
    const publisher = await ImbClient.connect('127.0.0.1', port, {
      ownerId: 1,
      ownerName: 'quitter',
      federation: 'lab',
    });
    const subscriber = await client(port, 'subscriber');
    const event = subscriber.subscribe('files');
    const errors: unknown[] = [];
    let stream: IncomingStream | undefined;
    event.onStream((s) => {
      stream = s;
      s.on('error', (err) => errors.push(err));
      s.resume();
    });
    await new Promise((r) => setTimeout(r, 50));
    let release!: () => void;
    const stalled = new Promise<void>((r) => {
      release = r;
    });
    async function* slow() {
      yield new Uint8Array(10_000);
      await stalled;
      yield new Uint8Array(10);
    }
    const sending = publisher.getEvent('files').signalStream('half.bin', slow(), { chunkSize: 1000 });
    await waitUntil(
      'stream !== undefined && subscriber.counters.events >= 5',
      () => stream !== undefined && subscriber.counters.events >= 5,
    );
    // The publisher's connection ends mid-stream; the subscriber's stream never completes.
    await publisher.disconnect({ endSession: false });
    release();
    await expect(sending).rejects.toThrow();
    await waitUntil('hub.connections.length === 1', () => hub.connections.length === 1);
    const late = await client(port, 'late');
    const texts: string[] = [];
    event.onEvent('ekNormalEvent', (e) => texts.push(decodeString(e.body)));
    late.publish('files').signalString('still here');
    await waitUntil('texts.length === 1', () => texts.length === 1);
    expect(texts).toEqual(['still here']);
    expect(stream?.readableEnded).toBe(false);
    expect(subscriber.connected).toBe(true);
  });

  it('list event names, stamp log lines and keep variables', async () => {
    const { port } = await startHub();
    const a = await client(port, 'a');
    const b = await client(port, 'b');
    const logs: ImbReceivedEvent[] = [];
    a.subscribe('log').onEvent('ekLogWriteLn', (e) => logs.push(e));
    a.requestAllVariables();
    const variables: Array<[string, string]> = [];
    a.on('variable', (name, value) => variables.push([name, Buffer.from(value).toString()]));
    await new Promise((r) => setTimeout(r, 50));
    b.logWriteLn('log', 'started', 3);
    b.setVariable('lab.mode', 'auto');
    b.setVariablePrefixed('x', 'y', 1);
    await waitUntil(
      'logs.length === 1 && variables.length === 2',
      () => logs.length === 1 && variables.length === 2,
    );
    expect(logs[0]!.fields).toMatchObject({ uniqueClientId: b.uniqueClientId, line: 'started', level: 3 });
    expect(variables).toEqual([
      ['lab.mode', 'auto'],
      ['00000002x', 'y'],
    ]);
    expect(await a.eventNames('lab.*', 3)).toEqual([
      { eventName: 'lab.log', publishers: 1, subscribers: 1, timers: 0 },
    ]);
    const late = await ImbClient.connect('127.0.0.1', port, {
      ownerId: 5,
      ownerName: 'late',
      federation: 'x',
      prefix: false,
    });
    closers.push(() => late.disconnect());
    const all = await late.allVariables(50);
    expect([...all].map(([k, v]) => [k, Buffer.from(v).toString()])).toEqual(variables);
    expect(late.getEvent('lab.log').name).toBe('lab.log');
  });

  it('end a session from the hub: the client closes without answering', async () => {
    const { hub, port } = await startHub();
    const c = await client(port, 'ended');
    let ended = false;
    c.on('endSession', () => {
      ended = true;
    });
    await waitUntil('hub.connections.length === 1', () => hub.connections.length === 1);
    await hub.endSession(hub.connections[0]!);
    expect(ended).toBe(true);
    await waitUntil('!c.connected', () => !c.connected);
  });

  it('reconnect after the connection drops and restore subscriptions and publications', async () => {
    const { hub, port } = await startHub();
    const sub = await ImbClient.connect('127.0.0.1', port, {
      ownerId: 1,
      ownerName: 'resilient',
      federation: 'lab',
      reconnect: { initialDelayMs: 20, maxDelayMs: 50, jitter: 0 },
    });
    closers.push(() => sub.disconnect());
    const texts: string[] = [];
    sub.subscribe('sensors').onEvent('ekNormalEvent', (e) => texts.push(decodeString(e.body)));
    let reconnected = false;
    sub.on('connected', (info) => {
      reconnected ||= info.reconnect;
    });
    await waitUntil('hub.connections.length === 1', () => hub.connections.length === 1);
    hub.connections[0]!.transport.destroy();
    await waitUntil(
      'reconnected && hub.connections.length === 1',
      () => reconnected && hub.connections.length === 1,
    );
    await new Promise((r) => setTimeout(r, 50));
    const pub = await client(port, 'pub');
    pub.publish('sensors').signalString('after reconnect');
    await waitUntil('texts.length === 1', () => texts.length === 1);
    expect(texts).toEqual(['after reconnect']);
    expect(sub.counters.reconnects).toBe(1);
  });

  it('keep retrying while the hub is down, then restore subscriptions declared before connecting', async () => {
    const first = new ImbHub({ host: '127.0.0.1', port: 0 });
    const { port } = await first.listen();
    const c = new ImbClient('127.0.0.1', port, {
      ownerId: 1,
      ownerName: 'patient',
      federation: 'lab',
      reconnect: { initialDelayMs: 10, maxDelayMs: 20, jitter: 0 },
    });
    closers.push(() => c.disconnect());
    const texts: string[] = [];
    c.subscribe('sensors').onEvent('ekNormalEvent', (e) => texts.push(decodeString(e.body)));
    const failures: string[] = [];
    c.on('error', (e) => failures.push(e.code));
    await c.connect();
    await first.close();
    await waitUntil(
      "failures.filter((code) => code === 'CONNECT_FAILED').length >= 2",
      () => failures.filter((code) => code === 'CONNECT_FAILED').length >= 2,
    );
    const second = new ImbHub({ host: '127.0.0.1', port });
    await second.listen();
    closers.push(() => second.close());
    await waitUntil(
      'c.connected && second.connections.length === 1',
      () => c.connected && second.connections.length === 1,
    );
    await new Promise((r) => setTimeout(r, 50));
    const pub = await client(port, 'pub');
    pub.publish('sensors').signalString('back');
    await waitUntil('texts.length === 1', () => texts.length === 1);
    expect(texts).toEqual(['back']);
  });

  it('push back on a publisher while a subscriber does not read, instead of buffering without bound', async () => {
    const { hub, port } = await startHub();
    const publisher = await client(port, 'fast');
    // A subscriber that subscribes and then stops reading its socket.
    const slow = connect({ host: '127.0.0.1', port });
    closers.push(async () => slow.destroy());
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.write(encodeCommand('icSubscribe', { eventId: 0, eventEntryType: 0, eventName: 'lab.flood' }));
    await waitUntil(
      'hub.connections.length === 2 && hub.connections[1]!.subscriptions.size === 1',
      () => hub.connections.length === 2 && hub.connections[1]!.subscriptions.size === 1,
    );
    slow.pause();
    const size = 64 * 1024 * 1024;
    let finished = false;
    const sending = publisher
      .getEvent('flood')
      .signalStream('flood.bin', new Uint8Array(size), { chunkSize: 65536 })
      .then(() => {
        finished = true;
      });
    await waitUntil('hub.counters.pauses > 0', () => hub.counters.pauses > 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(finished).toBe(false);
    const held = (hub.connections[1]!.transport as unknown as { rawSocket: { writableLength: number } })
      .rawSocket.writableLength;
    expect(held).toBeLessThan(size / 2);
    let received = 0;
    slow.on('data', (chunk: Buffer) => {
      received += chunk.byteLength;
    });
    slow.resume();
    await sending;
    await waitUntil('received >= size', () => received >= size);
  });

  it('finish a stream for the other subscribers when one subscriber disconnects mid-stream', async () => {
    const { hub, port } = await startHub();
    const publisher = await client(port, 'publisher');
    const leaver = await ImbClient.connect('127.0.0.1', port, {
      ownerId: 3,
      ownerName: 'leaver',
      federation: 'lab',
    });
    const stayer = await client(port, 'stayer');
    const ends: ImbStreamEnd[] = [];
    stayer.subscribe('files');
    stayer.on('streamEnd', (e) => ends.push(e));
    let leaverStarted = false;
    leaver.subscribe('files');
    leaver.on('streamStart', () => {
      leaverStarted = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    async function* paced() {
      yield new Uint8Array(5000).fill(1);
      await gate;
      yield new Uint8Array(5000).fill(2);
    }
    const sending = publisher.getEvent('files').signalStream('shared.bin', paced(), { chunkSize: 1024 });
    await waitUntil('leaverStarted', () => leaverStarted);
    await leaver.disconnect({ endSession: false });
    await waitUntil('hub.connections.length === 2', () => hub.connections.length === 2);
    release();
    await sending;
    await waitUntil('ends.length === 1', () => ends.length === 1);
    expect(ends[0]!.byteLength).toBe(10_000);
    expect(
      Buffer.from(ends[0]!.data!)
        .subarray(5000)
        .every((b) => b === 2),
    ).toBe(true);
  });
});
