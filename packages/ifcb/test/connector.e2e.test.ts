import { Bus, type BusEvent, LabwireError, topicOf } from '@labwire/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  IfcbConnector,
  IfcbConnectorOptionsSchema,
  IfcbHubSimulator,
  startDemoSimulator,
} from '../src/index.js';
import { waitUntil } from '@labwire/testkit';

const until = (what: string, check: () => boolean) => waitUntil(what, check, 8_000);

describe('IfcbConnector', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('maps the demo simulator onto the bus: device, properties that change, data, messages', async () => {
    const demo = await startDemoSimulator({ stepMs: 5 });
    cleanup.push(() => demo.close());
    const options = IfcbConnectorOptionsSchema.parse(demo.connectorOptions);
    const bus = new Bus({ validate: true });
    cleanup.push(() => bus.close());
    const connector = new IfcbConnector({ id: 'ifcb-1', bus, raw: true, ...options });
    cleanup.push(() => connector.stop());
    const events: BusEvent[] = [];
    connector.subscribe('#', (e) => void events.push(e));
    await connector.start();
    await until('a finished acquisition run with its files', () =>
      events.some(
        (e) => e.kind === 'property' && e.property === 'acquisition' && e.members[0]?.value === 'stopped',
      ),
    );
    expect(events.some((e) => e.kind === 'data' && e.property === 'file' && e.format === '.roi')).toBe(true);
    const firstAboutDevice = events.findIndex((e) => e.kind !== 'connection');
    expect(events[firstAboutDevice]).toMatchObject({
      kind: 'device',
      device: options.serial,
      change: 'added',
    });
    expect(events.filter((e) => e.kind === 'device')).toHaveLength(1);
    const pause = events.filter((e) => e.kind === 'property' && e.property === 'pausestate');
    expect(pause[0]).toMatchObject({ change: 'defined', type: 'switch', permission: 'ro' });
    const values = pause.map((e) => (e.kind === 'property' ? e.members[0]?.value : undefined));
    expect(values).toContain(true);
    expect(values).toContain(false);
    const frame = events.find((e) => e.kind === 'data' && e.property === 'triggerimage');
    expect(frame).toMatchObject({
      dtype: 'bytes',
      format: 'image/png',
      topic: topicOf('ifcb-1', options.serial, 'triggerimage'),
    });
    expect(
      frame?.kind === 'data' &&
        frame.payload instanceof Uint8Array &&
        frame.payload.byteLength === frame.byteLength,
    ).toBe(true);
    expect(events.some((e) => e.kind === 'data' && e.property === 'roi')).toBe(true);
    expect(events.some((e) => e.kind === 'raw')).toBe(true);
    expect(
      events.some(
        (e) => e.kind === 'property' && e.property === 'acquisition' && e.members[0]?.value === 'stopped',
      ),
    ).toBe(true);
    const devices = await connector.browse();
    const names = devices[0]!.properties.map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['pausestate', 'setpmta', 'hostversion', 'fpsrate', 'syringetrack', 'routine']),
    );
  });

  it('acknowledges commands on the hub completion; unknown targets fail with NOT_FOUND', async () => {
    const hub = new IfcbHubSimulator({ instrument: { mode: 'responsive', stepMs: 5 } });
    await hub.start();
    cleanup.push(() => hub.close());
    const connector = new IfcbConnector({ id: 'c', url: hub.url, serial: hub.serial });
    cleanup.push(() => connector.stop());
    const events: BusEvent[] = [];
    connector.subscribe('#', (e) => void events.push(e));
    await connector.start();
    const folder = await connector.command({
      target: topicOf(hub.serial, 'setdatafolder'),
      action: 'set',
      args: 'D:\\data',
    });
    expect(folder.result).toEqual({ relayed: 'daq:setdatafolder:D:\\data' });
    await connector.command({
      target: topicOf(hub.serial, 'routine'),
      action: 'invoke',
      args: { name: 'runsample' },
    });
    await connector.command({ target: hub.serial, action: 'raw', args: 'saveroutines' });
    expect(hub.commands.map((c) => c.text).slice(-3)).toEqual([
      'daq:setdatafolder:D:\\data',
      'routine:runsample',
      'saveroutines',
    ]);
    await until('the folder echo as a property', () =>
      events.some(
        (e) => e.kind === 'property' && e.property === 'setdatafolder' && e.members[0]?.value === 'D:\\data',
      ),
    );
    await expect(
      connector.command({ target: topicOf(hub.serial, 'nosuch'), action: 'invoke' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      connector.command({ target: topicOf('other-serial', 'refresh'), action: 'invoke' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const ends = events
      .filter((e) => e.kind === 'command' && e.status !== 'accepted')
      .map((e) => (e.kind === 'command' ? e.status : ''));
    expect(ends).toEqual(['done', 'done', 'done', 'failed', 'failed']);
  });

  it('on a dropped connection reports disconnected, reconnects with backoff and relays again', async () => {
    const hub = new IfcbHubSimulator({ instrument: { mode: 'responsive' } });
    await hub.start();
    cleanup.push(() => hub.close());
    const connector = new IfcbConnector({
      id: 'c',
      url: hub.url,
      serial: hub.serial,
      reconnect: { initialDelayMs: 20, maxDelayMs: 100, jitter: 0 },
    });
    cleanup.push(() => connector.stop());
    const states: string[] = [];
    connector.subscribe('', (e) => {
      if (e.kind === 'connection') states.push(e.state);
    });
    await connector.start();
    await until('registration', () => hub.commands.length === 2);
    hub.drop();
    await until('reconnected', () => states.filter((s) => s === 'connected').length === 2);
    expect(states).toEqual(['connecting', 'connected', 'disconnected', 'connecting', 'connected']);
    await until('second registration', () => hub.commands.filter((c) => c.text === 'refresh').length === 2);
    await expect(
      connector.command({ target: topicOf(hub.serial, 'refresh'), action: 'invoke' }),
    ).resolves.toBeTruthy();
  });

  it('reports bad input from the hub as coded error events and stays connected', async () => {
    const hub = new IfcbHubSimulator({ instrument: { mode: 'quiet' } });
    await hub.start();
    cleanup.push(() => hub.close());
    const connector = new IfcbConnector({ id: 'c', url: hub.url, serial: hub.serial });
    cleanup.push(() => connector.stop());
    const errors: string[] = [];
    connector.subscribe('#', (e) => {
      if (e.kind === 'message' && e.severity === 'error' && e.code !== undefined) errors.push(e.code);
    });
    await connector.start();
    await until('registration', () => hub.commands.length === 2);
    const conn = hub.openConnections[0]!;
    conn.sendText('{"type":1,"target":""}\u001e'); // invalid record
    conn.sendText('{not json}\u001e'); // bad JSON
    conn.sendText('{"type":1,"target":"messageRelayed","arguments":["x"]}\u001e'); // wrong arguments
    hub.emitFromHost('triggerimage:AAA'); // bad base64: malformed
    hub.emitFromHost('file:chunk:nostart.roi:0:AAAA'); // a chunk without its start
    await until('five coded errors', () => errors.length >= 5);
    expect(errors).toEqual([
      'IFCB_HUB_INVALID_MESSAGE',
      'IFCB_HUB_JSON',
      'IFCB_HUB_BAD_INVOCATION',
      'IFCB_MESSAGE_MALFORMED',
      'IFCB_FILE_SEQUENCE',
    ]);
    expect(connector.state).toBe('connected');
    await expect(
      connector.command({ target: topicOf(hub.serial, 'refresh'), action: 'invoke' }),
    ).resolves.toBeTruthy();
  });

  it('the options schema accepts gateway config and refuses bad values', () => {
    expect(
      IfcbConnectorOptionsSchema.parse({ url: 'ws://192.168.1.100:8092/ifcbHub', serial: '111-111-111' }),
    ).toEqual({
      url: 'ws://192.168.1.100:8092/ifcbHub',
      serial: '111-111-111',
    });
    expect(IfcbConnectorOptionsSchema.safeParse({ url: 'ftp://x', serial: '1' }).success).toBe(false);
    expect(IfcbConnectorOptionsSchema.safeParse({ url: 'ws://x/ifcbHub', serial: '' }).success).toBe(false);
    expect(
      IfcbConnectorOptionsSchema.safeParse({ url: 'ws://x/ifcbHub', serial: 's', commandTimeoutMs: -1 })
        .success,
    ).toBe(false);
    expect(new LabwireError('X', 'y').code).toBe('X');
  });
});
