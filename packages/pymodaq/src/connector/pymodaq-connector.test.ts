import { Bus, type BusEvent, type DataEvent } from '@labwire/core';
import { memoryPair } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpClient } from '../session/tcp-client.js';
import { startDemoSimulator } from '../simulator/demo.js';
import { SimulatedActuator } from '../simulator/simulated-actuator.js';
import { SimulatedDetector } from '../simulator/simulated-detector.js';
import { PymodaqConnectorOptionsSchema } from './options.js';
import { PymodaqConnector } from './pymodaq-connector.js';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

function waitForEvent(bus: Bus, match: (e: BusEvent) => boolean, timeoutMs = 5_000): Promise<BusEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.unsubscribe();
      reject(new Error('event did not arrive'));
    }, timeoutMs);
    const sub = bus.subscribe(['#'], (e) => {
      if (!match(e)) return;
      clearTimeout(timer);
      sub.unsubscribe();
      resolve(e);
    });
  });
}

describe('PymodaqConnector with the demo simulator', () => {
  it('parses the schema defaults', () => {
    const c = PymodaqConnectorOptionsSchema.parse({});
    expect(c.listen).toEqual({ host: '127.0.0.1', port: 6341 });
    expect(c.dialect).toBe('v4');
    expect(() => PymodaqConnectorOptionsSchema.parse({ dialect: 'v3' })).toThrow();
  });

  it('turns connecting instruments into devices with live data, and commands them', async () => {
    const sim = await startDemoSimulator({ grabIntervalMs: 100, positionIntervalMs: 100, shape: [8, 16] });
    cleanup.push(() => sim.close());
    const options = PymodaqConnectorOptionsSchema.parse(sim.connectorOptions);
    const bus = new Bus();
    const connector = new PymodaqConnector({ id: 'pmq', bus, ...options });
    cleanup.push(() => connector.stop());
    const camera = waitForEvent(
      bus,
      (e) => e.kind === 'device' && e.device === 'camera' && e.change === 'added',
    );
    const stage = waitForEvent(
      bus,
      (e) => e.kind === 'device' && e.device === 'stage' && e.change === 'added',
    );
    const frame = waitForEvent(bus, (e) => e.kind === 'data' && e.device === 'camera');
    await connector.start();
    await Promise.all([camera, stage]);
    const data = (await frame) as DataEvent;
    expect(data.dtype).toBe('<u2');
    expect(data.shape).toEqual([8, 16]);
    expect(data.payload?.byteLength).toBe(8 * 16 * 2);
    expect(data.topic).toBe('pmq/camera/camera');

    const result = await connector.command({
      target: 'stage/position',
      action: 'set',
      args: 2.5,
      timeoutMs: 10_000,
    });
    expect(result.result).toEqual({ position: 2.5, units: 'mm' });
    const rel = await connector.command({
      target: 'stage/move_rel',
      action: 'invoke',
      args: { value: -0.5 },
      timeoutMs: 10_000,
    });
    expect(rel.result).toMatchObject({ position: 2 });
    const grab = await connector.command({ target: 'camera/grab', action: 'invoke', timeoutMs: 5_000 });
    expect(grab.result).toMatchObject({ channels: [{ dtype: '<u2', shape: [8, 16] }] });
    const devices = await connector.browse();
    expect(devices.map((d) => d.name).sort()).toEqual(['camera', 'stage']);
    const stageUnits = devices
      .find((d) => d.name === 'stage')!
      .properties.find((p) => p.name === 'settings')!.members;
    expect(stageUnits).toContainEqual(expect.objectContaining({ name: 'units', value: 'mm' }));
    await expect(
      connector.command({ target: 'nobody/position', action: 'set', args: 1 }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('removes a device when its client leaves', async () => {
    const sim = await startDemoSimulator({ grabIntervalMs: 0, positionIntervalMs: 0 });
    const bus = new Bus();
    const connector = new PymodaqConnector({ id: 'pmq', bus, ...sim.connectorOptions });
    cleanup.push(() => connector.stop());
    const added = waitForEvent(
      bus,
      (e) => e.kind === 'device' && e.device === 'stage' && e.change === 'added',
    );
    await connector.start();
    await added;
    const removed = waitForEvent(bus, (e) => e.kind === 'device' && e.change === 'removed');
    await sim.close();
    await removed;
  });
});

describe('PymodaqConnector over an in-memory connection', () => {
  /** A connector with one instrument client attached over an in-memory pair; resolves with its device. */
  async function attachInMemory(
    options: { id: string; dialect?: 'v2'; raw?: boolean },
    instrument: ConstructorParameters<typeof TcpClient>[0]['instrument'],
  ) {
    const bus = new Bus();
    const connector = new PymodaqConnector({ ...options, bus, listen: { host: '127.0.0.1', port: 0 } });
    cleanup.push(() => connector.stop());
    await connector.start();
    const pair = memoryPair('stream');
    const added = waitForEvent(bus, (e) => e.kind === 'device' && e.change === 'added');
    connector.accept(pair.server);
    const client = new TcpClient({
      transport: () => pair.client,
      ...(options.dialect === undefined ? {} : { dialect: options.dialect }),
      instrument,
      reconnect: false,
    });
    cleanup.push(() => client.close());
    await client.start();
    const device = ((await added) as BusEvent & { device: string }).device;
    return { bus, connector, device };
  }

  it('accepts a transport that did not come through its socket', async () => {
    const { connector, device } = await attachInMemory(
      { id: 'mem', dialect: 'v2' },
      new SimulatedActuator({ speed: 1000 }),
    );
    const moved = await connector.command({
      target: `${device}/position`,
      action: 'set',
      args: 3,
      timeoutMs: 5_000,
    });
    expect(moved.result).toEqual({ position: 3, units: 'mm' });
  });

  it('publishes raw messages with arrays described, not carried', async () => {
    const { bus, connector, device } = await attachInMemory(
      { id: 'raw', raw: true },
      new SimulatedDetector({ shape: [4, 8] }),
    );
    const raw = waitForEvent(
      bus,
      (e) => e.kind === 'raw' && (e.message as { command: string }).command === 'Done',
    );
    await connector.command({ target: `${device}/grab`, action: 'invoke', timeoutMs: 5_000 });
    const message = (
      (await raw) as BusEvent & { message: { args: Array<{ data: Array<{ data: unknown[] }> }> } }
    ).message;
    expect(message.args[0]!.data[0]!.data[0]).toEqual({
      type: 'array',
      dtype: '<u2',
      shape: [4, 8],
      byteLength: 64,
    });
  });
});

describe('PymodaqConnector resources', () => {
  const tracked = ['TCPSocketWrap', 'TCPServerWrap', 'Timeout'];
  const snapshot = () => {
    const counts = new Map<string, number>();
    for (const t of process.getActiveResourcesInfo()) counts.set(t, (counts.get(t) ?? 0) + 1);
    return counts;
  };
  const grown = (before: Map<string, number>) =>
    tracked.filter((t) => (snapshot().get(t) ?? 0) > (before.get(t) ?? 0));

  it('stop (and the simulator close) release every socket, listener and timer', async () => {
    const before = snapshot();
    const sim = await startDemoSimulator({ grabIntervalMs: 50, positionIntervalMs: 50 });
    const bus = new Bus();
    const connector = new PymodaqConnector({ id: 'res', bus, ...sim.connectorOptions });
    const stage = waitForEvent(
      bus,
      (e) => e.kind === 'device' && e.device === 'stage' && e.change === 'added',
    );
    await connector.start();
    await stage;
    await connector.command({ target: 'stage/position', action: 'invoke', timeoutMs: 5_000 });
    await connector.stop();
    await sim.close();
    bus.close();
    let left = grown(before);
    for (let waited = 0; left.length > 0 && waited < 3_000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20).unref());
      left = grown(before);
    }
    expect(left).toEqual([]);
  });
});
