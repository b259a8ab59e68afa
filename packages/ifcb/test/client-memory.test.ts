import { memoryPair, withFaults, waitUntil } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { IfcbClient, IfcbHubSimulator, type RelayedMessage } from '../src/index.js';

const until = (what: string, check: () => boolean, ms = 5_000) => waitUntil(what, check, ms, 5);

// The same client and hub as over loopback, carried by an in-memory message pair: the
// TransportFactory is called again for every reconnect.
describe('IfcbClient over an in-memory transport', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('registers, relays, completes commands, and reconnects through the factory after a drop', async () => {
    const hub = new IfcbHubSimulator({ instrument: { mode: 'responsive', stepMs: 2, triggersPerRun: 2 } });
    cleanup.push(() => hub.close());
    let made = 0;
    const client = new IfcbClient('memory://hub/ifcbHub', hub.serial, {
      transport: () => {
        made += 1;
        const pair = memoryPair('message');
        hub.acceptTransport(pair.server);
        return pair.client;
      },
      reconnect: { initialDelayMs: 10, jitter: 0 },
    });
    cleanup.push(() => client.disconnect());
    const messages: RelayedMessage[] = [];
    client.onAny((m) => messages.push(m));
    await client.connect();
    await until('refresh', () => hub.commands.some((c) => c.text === 'refresh'));
    await client.runRoutine('runsample');
    await until('the run', () => messages.some((m) => m.text === 'valuechanged:acquisition:stopped'));
    hub.drop();
    await until(
      'the second registration',
      () => hub.commands.filter((c) => c.text === 'refresh').length === 2,
    );
    expect(made).toBe(2);
    await client.refresh();
    expect(messages.filter((m) => m.message.key === 'unknown')).toEqual([]);
  });

  it('a transport that stalls mid-session: the server timeout drops it and the client reconnects', async () => {
    const hub = new IfcbHubSimulator({ instrument: { mode: 'quiet' }, keepAliveIntervalMs: 20 });
    cleanup.push(() => hub.close());
    let made = 0;
    const client = new IfcbClient('memory://hub/ifcbHub', hub.serial, {
      serverTimeoutMs: 300,
      keepAliveIntervalMs: 50,
      transport: () => {
        made += 1;
        const pair = memoryPair('message');
        hub.acceptTransport(pair.server);
        // The first connection stops delivering after 400 bytes (a stalled peer).
        return made === 1 ? withFaults(pair.client, { stallAfterBytes: 400 }) : pair.client;
      },
      reconnect: { initialDelayMs: 10, jitter: 0 },
    });
    cleanup.push(() => client.disconnect());
    const reasons: string[] = [];
    client.events.on('reconnecting', (e) => reasons.push(e?.message ?? ''));
    await client.connect();
    await until(
      'the reconnect after the stall',
      () => made === 2 && hub.commands.filter((c) => c.text === 'refresh').length === 2,
    );
    expect(reasons.length).toBe(1);
  });

  it('drops records of unknown SignalR types without error and counts them', async () => {
    const hub = new IfcbHubSimulator({ instrument: { mode: 'quiet' } });
    cleanup.push(() => hub.close());
    const client = new IfcbClient('memory://hub/ifcbHub', hub.serial, {
      transport: () => {
        const pair = memoryPair('message');
        hub.acceptTransport(pair.server);
        return pair.client;
      },
    });
    cleanup.push(() => client.disconnect());
    const errors: string[] = [];
    client.events.on('error', (e) => errors.push(e.code));
    const texts: string[] = [];
    client.onAny((m) => texts.push(m.text));
    await client.connect();
    await until('registration', () => hub.commands.length === 2);
    hub.sendRaw(
      '{"type":42,"future":true}\u001e{"type":1,"target":"messageRelayed","arguments":["s","host",1,"client:reset"]}\u001e',
    );
    await until('the relayed message after it', () => texts.includes('client:reset'));
    expect(client.hubRecords.ignored).toBe(1);
    expect(client.hubRecords.bytesIn).toBeGreaterThan(100);
    expect(client.hubRecords.bytesOut).toBeGreaterThan(50);
    expect(errors).toEqual([]);
  });
});
