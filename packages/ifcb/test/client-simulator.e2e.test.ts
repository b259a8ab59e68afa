import { afterEach, describe, expect, it } from 'vitest';
import { type IfcbFile, IfcbClient, IfcbHubSimulator, type RelayedMessage } from '../src/index.js';
import { waitUntil } from '@labwire/testkit';

/** Polls until `check` holds, bounded in time. */
const until = (what: string, check: () => boolean) => waitUntil(what, check, 8_000);

describe('IfcbClient against IfcbHubSimulator on loopback', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(stepMs = 5) {
    const hub = new IfcbHubSimulator({ instrument: { mode: 'responsive', stepMs, triggersPerRun: 4 } });
    await hub.start();
    cleanup.push(() => hub.close());
    const client = new IfcbClient(hub.url.replace('http:', 'ws:'), hub.serial, {
      reconnect: { initialDelayMs: 50, maxDelayMs: 200, jitter: 0 },
    });
    cleanup.push(() => client.disconnect());
    const messages: RelayedMessage[] = [];
    const files: IfcbFile[] = [];
    client.onAny((m) => messages.push(m));
    client.events.on('file', (f) => files.push(f));
    return { hub, client, messages, files };
  }

  it('registers, gets the state on refresh, runs a full scripted acquisition and reassembles files', async () => {
    const { hub, client, messages, files } = await setup();
    const paused: boolean[] = [];
    client.on(['valuechanged', 'pausestate'], (_family, _name, value) => paused.push(value as boolean));
    const folders: string[] = [];
    client.on('valuechanged.setdatafolder', (m) => folders.push(m.values.value));
    await client.connect();
    await until('the state after refresh', () =>
      messages.some((m) => m.text.startsWith('valuechanged:hostversion:')),
    );
    expect(hub.commands.map((c) => c.text)).toEqual(['Client connected.', 'refresh']);

    await client.runRoutine('runsample');
    await until('the acquisition to stop', () =>
      messages.some((m) => m.text === 'valuechanged:acquisition:stopped'),
    );
    await until('two files', () => files.length === 2);

    const keys = messages.map((m) => m.message.key);
    expect(keys).toContain('triggerimage');
    expect(keys).toContain('triggerrois');
    expect(keys).toContain('triggerchanged.processed');
    expect(keys).toContain('graphchanged');
    expect(keys.filter((k) => k === 'unknown')).toEqual([]);
    // pause then resume inside the run (after the state's own 0 and the run's start 0)
    expect(paused.slice(-3)).toEqual([false, true, false]);
    const image = messages.find((m) => m.message.key === 'triggerimage')!.message;
    expect(image.key === 'triggerimage' && Buffer.from(image.values.image.subarray(1, 4)).toString()).toBe(
      'PNG',
    );
    const header = files.find((f) => f.filename.endsWith('.hdr'))!;
    expect(Buffer.from(header.data).toString('utf8')).toContain('softwareVersion: Imaging FlowCytobot');
    const roi = files.find((f) => f.filename.endsWith('.roi'))!;
    expect(roi.contentType).toBe('octet/stream');
    expect(Buffer.from(roi.data.subarray(1, 4)).toString()).toBe('PNG');
    expect(roi.missing).toEqual([]);

    await client.setDataFolder('C:\\IFCB\\run 2');
    await until('the data folder echo', () => folders.includes('C:\\IFCB\\run 2'));
    expect(hub.commands.map((c) => c.text)).toContain('daq:setdatafolder:C:\\IFCB\\run 2');
    // seqno increases as the hub relays
    const seqnos = messages.map((m) => m.seqno as number);
    for (let i = 1; i < seqnos.length; i++) expect(seqnos[i]).toBeGreaterThan(seqnos[i - 1]!);
  });

  it('after a dropped connection reconnects, registers again and keeps receiving', async () => {
    const { hub, client, messages } = await setup();
    const states: string[] = [];
    client.events.on('reconnecting', () => states.push('reconnecting'));
    client.events.on('reconnected', () => states.push('reconnected'));
    await client.connect();
    await until('the first refresh', () => hub.commands.filter((c) => c.text === 'refresh').length === 1);
    hub.drop();
    await until('the reconnect', () => states.includes('reconnected'));
    await until(
      'the second registration',
      () => hub.commands.filter((c) => c.text === 'refresh').length === 2,
    );
    const before = messages.length;
    hub.emitFromHost('valuechanged:pausestate:1');
    await until(
      'a message after the reconnect',
      () => messages.length > before && messages.at(-1)!.text === 'valuechanged:pausestate:1',
    );
    expect(states).toEqual(['reconnecting', 'reconnected']);
    expect(client.counters.reconnects).toBe(1);
    await client.refresh();
  });

  it("on the hub's disconnect request relays 'Client disconnected.' and stops without reconnecting", async () => {
    const { hub, client } = await setup();
    const ended: unknown[] = [];
    client.events.on('disconnected', (e) => ended.push(e));
    await client.connect();
    await until('registration', () => hub.commands.length === 2);
    hub.requestDisconnect();
    await until('the client to stop', () => ended.length === 1);
    // The goodbye is relayed before the client stops, but the hub may record it a moment after
    // the client has reported the disconnect (two processes' worth of event loop on a busy machine).
    await until("the client's relayed goodbye", () =>
      hub.commands.some((c) => c.text === 'Client disconnected.'),
    );
    expect(hub.commands.filter((c) => c.text === 'Client disconnected.')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 200));
    expect(hub.openConnections).toHaveLength(0);
  });

  it('async iteration yields relayed messages in order and ends on disconnect', async () => {
    const { hub, client } = await setup();
    await client.connect();
    await until('registration', () => hub.commands.length === 2);
    const seen: string[] = [];
    const done = (async () => {
      for await (const m of client.messages()) {
        if (m.text.startsWith('valuechanged:') && m.text !== 'valuechanged:switchlaser:0') continue;
        seen.push(m.text);
        if (seen.length === 3) break;
      }
    })();
    hub.emitFromHost('client:reset');
    hub.emitFromHost('valuechanged:switchlaser:0');
    hub.emitFromHost('statuschanged:pump:on');
    await done;
    expect(seen.slice(-3)).toEqual(['client:reset', 'valuechanged:switchlaser:0', 'statuschanged:pump:on']);
  });

  it('a throwing handler is reported and the others still run; the connection stays up', async () => {
    const { hub, client } = await setup();
    const errors: string[] = [];
    client.events.on('error', (e) => errors.push(e.code));
    const calls: string[] = [];
    client.on(['client'], () => {
      calls.push('a');
      throw new Error('boom');
    });
    client.on(['client'], () => calls.push('b'));
    await client.connect();
    await until('registration', () => hub.commands.length === 2);
    hub.emitFromHost('client:reset');
    await until('both handlers', () => calls.length === 2);
    expect(errors).toContain('IFCB_HANDLER_FAILED');
    await client.refresh();
  });

  it('an oversized frame is refused before buffering (LIMIT_EXCEEDED), then the client reconnects', async () => {
    const hub = new IfcbHubSimulator({ instrument: { mode: 'quiet' } });
    await hub.start();
    cleanup.push(() => hub.close());
    const client = new IfcbClient(hub.url, hub.serial, {
      maxFrameBytes: 2_000,
      reconnect: { initialDelayMs: 20, jitter: 0 },
    });
    cleanup.push(() => client.disconnect());
    const reasons: string[] = [];
    client.events.on('reconnecting', (e) => reasons.push(e?.code ?? 'none'));
    const texts: string[] = [];
    client.onAny((m) => texts.push(m.text));
    await client.connect();
    await until('registration', () => hub.commands.length === 2);
    hub.emitFromHost(`reportevent:${'x'.repeat(10_000)}`);
    await until('the reconnect after the refused frame', () => reasons.length === 1);
    expect(reasons).toEqual(['LIMIT_EXCEEDED']);
    await until('registration again', () => hub.commands.length === 4);
    hub.emitFromHost('reportevent:small');
    await until('a normal message afterwards', () => texts.includes('reportevent:small'));
    expect(texts.some((t) => t.length > 2_000)).toBe(false);
  });

  it('relayMessageToHost fails fast when not connected and honours AbortSignal', async () => {
    const { hub, client } = await setup();
    await expect(client.relayMessageToHost('refresh')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await client.connect();
    await until('registration', () => hub.commands.length === 2);
    const controller = new AbortController();
    controller.abort();
    await expect(client.refresh({ signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('connect() times out against a hub that never answers the handshake', async () => {
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    // Accepts TCP and then says nothing: negotiate never gets an answer.
    const server = createServer((s) => sockets.push(s));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanup.push(
      () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          server.close(() => r());
        }),
    );
    const port = (server.address() as import('node:net').AddressInfo).port;
    const client = new IfcbClient(`http://127.0.0.1:${port}/ifcbHub`, '1', {
      connectTimeoutMs: 300,
      reconnect: false,
    });
    await expect(client.connect()).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('follows the looping scripted acquisition across a dropped connection and a reconnect', async () => {
    const hub = new IfcbHubSimulator({ instrument: { mode: 'scripted', stepMs: 3, triggersPerRun: 4 } });
    await hub.start();
    cleanup.push(() => hub.close());
    const client = new IfcbClient(hub.url, hub.serial, { reconnect: { initialDelayMs: 20, jitter: 0 } });
    cleanup.push(() => client.disconnect());
    const keys: string[] = [];
    const files: IfcbFile[] = [];
    client.onAny((m) => keys.push(m.message.key));
    client.events.on('file', (f) => files.push(f));
    let reconnected = 0;
    client.events.on('reconnected', () => reconnected++);
    await client.connect();
    await until('a few triggers', () => keys.filter((k) => k === 'triggerimage').length >= 2);
    hub.dropMidMessage();
    await until('the reconnect', () => reconnected === 1);
    // The reconnect may land mid-run: a whole run is one that starts after it.
    const after = keys.length;
    const runStart = () => keys.indexOf('valuechanged.acquisition.started', after);
    await until(
      'a whole run after the reconnect',
      () => runStart() >= 0 && keys.indexOf('valuechanged.acquisition.stopped', runStart()) >= 0,
    );
    await until('its files', () => files.length >= 2);
    expect(keys.slice(runStart())).toEqual(
      expect.arrayContaining(['triggerrois', 'valuechanged.pausestate', 'graphchanged', 'file.end']),
    );
    expect(keys.filter((k) => k === 'unknown')).toEqual([]);
    expect(files.every((f) => f.missing.length === 0 && f.data.byteLength > 0)).toBe(true);
  });
});
