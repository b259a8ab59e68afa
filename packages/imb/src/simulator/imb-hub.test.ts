import { memoryPair } from '@labwire/testkit';
import type { LabwireError } from '@labwire/core';
import { describe, expect, it } from 'vitest';
import {
  ImbFrameDecoder,
  type ImbFrame,
  encodeCommand,
  encodeEventFrame,
  encodeString,
} from '../codec/index.js';
import { locateHub } from './hub-locator.js';
import { ImbHub } from './imb-hub.js';

/** A raw peer of the hub over an in-memory pair: writes bytes, collects decoded frames. */
async function peer(hub: ImbHub) {
  const pair = memoryPair('stream');
  const frames: ImbFrame[] = [];
  const decoder = new ImbFrameDecoder({ message: (f) => frames.push(f), error: () => {} });
  pair.client.on('data', (d) => decoder.write(typeof d === 'string' ? Buffer.from(d) : d));
  const connection = hub.attach(pair.server);
  await pair.client.open();
  return {
    frames,
    connection,
    send: (bytes: Uint8Array) => pair.client.write(bytes),
    close: () => pair.client.close(),
  };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('ImbHub', () => {
  it('keeps a connection after junk and bad frames, and counts the errors', async () => {
    const hub = new ImbHub();
    const errors: LabwireError[] = [];
    hub.on('error', (e) => errors.push(e));
    const a = await peer(hub);
    a.send(Buffer.from('0001020304', 'hex'));
    a.send(Buffer.from('2f47617195adc5fbf1ffffffffffffff', 'hex'));
    a.send(encodeCommand('icRequestEventNames', { filter: '', flags: 3 }));
    await tick();
    expect(errors.map((e) => e.details?.error)).toEqual(['junk', 'bad-length']);
    expect(a.frames.map((f) => f.command)).toEqual(['icUniqueClientID', 'icEventNames']);
    expect(hub.counters.errors).toBe(2);
  });

  it('drops events the sender has not published and routes the rest by hub id, in connection order', async () => {
    const hub = new ImbHub({ firstHubEventId: 7 });
    const pub = await peer(hub);
    const s1 = await peer(hub);
    const s2 = await peer(hub);
    s2.send(encodeCommand('icSubscribe', { eventId: 3, eventEntryType: 0, eventName: 'f.e' }));
    s1.send(encodeCommand('icSubscribe', { eventId: 0, eventEntryType: 0, eventName: 'f.e' }));
    await tick();
    pub.send(encodeEventFrame(5, 5, encodeString('unpublished')));
    pub.send(encodeCommand('icPublish', { eventId: 5, eventEntryType: 0, eventName: 'f.e' }));
    pub.send(encodeEventFrame(5, 5, encodeString('ok')));
    await tick();
    expect(hub.counters.eventsDropped).toBe(1);
    for (const s of [s1, s2]) {
      const events = s.frames.filter((f) => f.command === 'icEvent');
      expect(events).toHaveLength(1);
      expect(events[0]!.event?.eventId).toBe(7);
    }
    expect(s1.frames.find((f) => f.command === 'icSetEventIDTranslation')?.fields).toEqual({
      hubEventId: 7,
      clientEventId: 0,
    });
  });

  it('forwards presence only when asked to, and forgets a client that ends its session', async () => {
    const hub = new ImbHub({ notifyPresence: true });
    const a = await peer(hub);
    const b = await peer(hub);
    a.send(encodeCommand('icPublish', { eventId: 0, eventEntryType: 0, eventName: 'f.x' }));
    await tick();
    expect(b.frames.map((f) => f.command)).toContain('icPublish');
    a.send(Buffer.from('2f47617195adc5fbfbffffff00000000', 'hex'));
    await tick();
    expect(hub.connections).toHaveLength(1);
    b.send(encodeCommand('icRequestEventNames', { filter: 'f.*', flags: 3 }));
    await tick();
    expect(b.frames.at(-1)?.fields).toEqual({ entries: [] });
  });

  it('refuses variables beyond its memory cap and keeps serving', async () => {
    const hub = new ImbHub({ maxVariableBytes: 10 });
    const errors: LabwireError[] = [];
    hub.on('error', (e) => errors.push(e));
    const a = await peer(hub);
    a.send(encodeCommand('icSetVariable', { name: 'a', value: Buffer.from('12345') }));
    a.send(encodeCommand('icSetVariable', { name: 'b', value: Buffer.from('123456789') }));
    a.send(encodeCommand('icSetVariable', { name: 'a', value: Buffer.from('123456') }));
    await tick();
    expect([...hub.variables.keys()]).toEqual(['a']);
    expect(Buffer.from(hub.variables.get('a')!).toString()).toBe('123456');
    expect(errors.map((e) => e.code)).toEqual(['LIMIT_EXCEEDED']);
  });

  it('answers UDP hub-locate requests with its TCP address when asked to', async () => {
    const hub = new ImbHub({ host: '127.0.0.1', port: 0, locatorPort: 0 });
    const { port } = await hub.listen();
    try {
      expect(await locateHub({ port: hub.locatorPort!, timeoutMs: 2000 })).toBe(`tcp://127.0.0.1:${port}`);
    } finally {
      await hub.close();
    }
  });
});
