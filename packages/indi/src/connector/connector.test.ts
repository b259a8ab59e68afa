import type { BusEvent, DataEvent, PropertyEvent } from '@labwire/core';
import { waitFor } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { SimCamera } from '../simulator/devices/camera.js';
import { SimFocuser } from '../simulator/devices/focuser.js';
import { SimTelescope } from '../simulator/devices/telescope.js';
import { startDemoSimulator } from '../simulator/demo.js';
import { IndiSimulator } from '../simulator/simulator.js';
import { IndiConnector } from './connector.js';
import { IndiConnectorOptionsSchema } from './options-schema.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(reconnect: false | { initialDelayMs: number; jitter: number } = false) {
  const simulator = await IndiSimulator.listen({
    devices: [
      new SimTelescope('Scope', 200),
      new SimCamera({ name: 'Cam', width: 32, height: 16, timeScale: 0.01 }),
      new SimFocuser('Focus', 200_000),
    ],
  });
  cleanups.push(() => simulator.close());
  const options = IndiConnectorOptionsSchema.parse({ port: simulator.port });
  const connector = new IndiConnector({ id: 'sky', ...options, reconnect });
  cleanups.push(() => connector.stop());
  const events: BusEvent[] = [];
  connector.subscribe('#', (e) => {
    events.push(e);
  });
  return { simulator, connector, events };
}

function until<T>(events: BusEvent[], pick: (e: BusEvent) => T | undefined, timeoutMs = 5_000): Promise<T> {
  const firstPicked = () => {
    for (const e of events) {
      const hit = pick(e);
      if (hit !== undefined) return hit;
    }
    return undefined;
  };
  return waitFor('a matching event', firstPicked, timeoutMs);
}

describe('IndiConnector', () => {
  it('parses config-file options with defaults', () => {
    const parsed = IndiConnectorOptionsSchema.parse({ port: 7624 });
    expect(parsed).toEqual({ host: '127.0.0.1', port: 7624, blobMode: 'Also', raw: false });
    expect(IndiConnectorOptionsSchema.safeParse({ port: 7624, blobMode: 'Sometimes' }).success).toBe(false);
    expect(IndiConnectorOptionsSchema.safeParse({ port: 'x' }).success).toBe(false);
  });

  it('publishes devices and properties, browses, and acknowledges set commands', async () => {
    const { connector, events } = await setup();
    await connector.start();
    await until(events, (e) =>
      e.kind === 'property' && e.property === 'ABS_FOCUS_POSITION' ? e : undefined,
    );
    expect(events.some((e) => e.kind === 'device' && e.device === 'Focus' && e.change === 'added')).toBe(
      true,
    );
    const defined = events.find(
      (e): e is PropertyEvent => e.kind === 'property' && e.property === 'EQUATORIAL_EOD_COORD',
    )!;
    expect(defined.type).toBe('number');
    expect(defined.permission).toBe('rw');
    expect(defined.members[0]).toMatchObject({ name: 'RA', format: '%010.6m', min: 0, max: 24 });
    expect(defined.topic).toBe('sky/Scope/EQUATORIAL_EOD_COORD');
    const devices = await connector.browse();
    expect(devices.map((d) => d.name).sort()).toEqual(['Cam', 'Focus', 'Scope']);
    const result = await connector.command({
      target: 'Focus/ABS_FOCUS_POSITION/FOCUS_ABSOLUTE_POSITION',
      action: 'set',
      args: 40000,
    });
    expect(result.result).toMatchObject({ state: 'ok', values: { FOCUS_ABSOLUTE_POSITION: 40000 } });
    expect(events.some((e) => e.kind === 'command' && e.status === 'done')).toBe(true);
  });

  it('fails a command the device answers with Alert, with its message', async () => {
    const { connector } = await setup();
    await connector.start();
    await connector.client.waitForProperty('Scope', 'EQUATORIAL_EOD_COORD');
    await expect(
      connector.command({ target: 'Scope/EQUATORIAL_EOD_COORD', action: 'set', args: { RA: 30, DEC: 0 } }),
    ).rejects.toMatchObject({
      code: 'INDI_ALERT',
    });
    await expect(connector.command({ target: 'Scope/NOPE', action: 'set', args: {} })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('publishes a camera BLOB as a data event with the bytes attached', async () => {
    const { connector, events } = await setup();
    await connector.start();
    await connector.client.waitForProperty('Cam', 'CCD_EXPOSURE');
    await connector.command({ target: 'Cam/CCD_EXPOSURE', action: 'set', args: { CCD_EXPOSURE_VALUE: 1 } });
    const data = await until(events, (e) => (e.kind === 'data' ? (e as DataEvent) : undefined));
    expect(data.format).toBe('.fits');
    expect(data.payload).toBeInstanceOf(Uint8Array);
    expect(data.byteLength).toBe(data.payload!.byteLength);
    expect(Buffer.from(data.payload!.subarray(0, 6)).toString()).toBe('SIMPLE');
  });

  it('reconnects after the server drops it and rebuilds the model', async () => {
    const { simulator, connector, events } = await setup({ initialDelayMs: 50, jitter: 0 });
    await connector.start();
    await connector.client.waitForProperty('Focus', 'ABS_FOCUS_POSITION');
    simulator.dropClients();
    await until(events, (e) => (e.kind === 'connection' && e.state === 'disconnected' ? e : undefined));
    await until(events, (e) =>
      e.kind === 'connection' && e.state === 'connected' && e.seq > 2 ? e : undefined,
    );
    const v = await connector.client.waitForProperty('Focus', 'ABS_FOCUS_POSITION');
    expect(v.kind).toBe('Number');
    expect(connector.counters.reconnects).toBe(1);
  });

  it('startDemoSimulator gives options that reach live, changing devices', async () => {
    const demo = await startDemoSimulator();
    cleanups.push(() => demo.close());
    const connector = new IndiConnector({
      id: 'demo',
      ...IndiConnectorOptionsSchema.parse(demo.connectorOptions),
      reconnect: false,
    });
    cleanups.push(() => connector.stop());
    const updates: BusEvent[] = [];
    connector.subscribe('+/+', (e) => {
      if (e.kind === 'property' && e.change === 'updated') updates.push(e);
    });
    await connector.start();
    await until(updates, (e) => e, 3_000);
  });
});
