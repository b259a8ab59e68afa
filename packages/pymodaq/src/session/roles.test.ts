import { memoryPair } from '@labwire/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../codec/dialect.js';
import { arrayView, ndarray } from '../codec/ndarray.js';
import { SimulatedActuator } from '../simulator/simulated-actuator.js';
import { SimulatedDetector } from '../simulator/simulated-detector.js';
import { TcpClient } from './tcp-client.js';
import { TcpServer } from './tcp-server.js';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const x of open.splice(0).reverse()) await x.close();
});

type Link = 'loopback' | 'memory';

async function pair(
  dialect: (typeof DIALECTS)[number],
  instrument: ConstructorParameters<typeof TcpClient>[0]['instrument'],
  link: Link = 'loopback',
) {
  // v5 is recognised from the first message even when the server is configured for v4.
  const server = new TcpServer({ host: '127.0.0.1', port: 0, dialect: dialect === 'v5' ? 'v4' : dialect });
  open.push(server);
  let where: Pick<ConstructorParameters<typeof TcpClient>[0], 'port' | 'transport'>;
  if (link === 'loopback') {
    where = { port: (await server.listen()).port };
  } else {
    const ends = memoryPair('stream');
    server.accept(ends.server);
    where = { transport: () => ends.client };
  }
  const client = new TcpClient({ ...where, dialect, instrument, reconnect: false });
  open.push(client);
  const type = 'grab' in instrument ? 'GRABBER' : 'ACTUATOR';
  const [remote] = await Promise.all([server.waitFor(type), client.start()]);
  return { server, client, remote };
}

const CASES = DIALECTS.flatMap((d) => (['loopback', 'memory'] as const).map((link) => [d, link] as const));

describe.each(CASES)('TcpClient ↔ TcpServer, dialect %s over %s', (dialect, link) => {
  it('serves a detector as a GRABBER', async () => {
    const shape = dialect === 'v1' ? [3, 5] : [2, 3, 5];
    const detector = new SimulatedDetector({ shape, dtype: '<u2', name: 'cam' });
    const { remote } = await pair(dialect, detector, link);
    expect(remote.type).toBe('GRABBER');
    expect(remote.dialect).toBe(dialect);
    const result = await remote.grab('2D', { timeoutMs: 5_000 });
    expect(result.channels).toHaveLength(1);
    const array = result.channels[0]!.array;
    expect(array.dtype).toBe('<u2');
    expect(array.shape).toEqual(shape);
    // Frame 0 of the simulator, regenerated locally, must match element for element.
    const expected = new SimulatedDetector({ shape, dtype: '<u2' }).frame();
    expect([...(arrayView(array) as Uint16Array)]).toEqual([...(arrayView(expected) as Uint16Array)]);
    if (dialect === 'v1' || dialect === 'v2') expect(result.dte).toBeUndefined();
    else expect(result.dte?.data[0]?.origin).toBe('cam');
  });

  it('serves an actuator as an ACTUATOR', async () => {
    const actuator = new SimulatedActuator({ speed: 1000, min: -10, max: 10, units: 'mm' });
    const { remote } = await pair(dialect, actuator, link);
    expect(remote.type).toBe('ACTUATOR');
    await expect(remote.moveAbs(2.5, { timeoutMs: 5_000 })).resolves.toMatchObject({ value: 2.5 });
    await expect(remote.moveRel(-1, { timeoutMs: 5_000 })).resolves.toMatchObject({ value: 1.5 });
    await expect(remote.moveAbs(50, { timeoutMs: 5_000 })).resolves.toMatchObject({ value: 10 });
    const position = await remote.getPosition({ timeoutMs: 5_000 });
    expect(position.value).toBe(10);
    if (dialect === 'v4' || dialect === 'v5') expect(position.units).toBe('mm');
    await expect(remote.moveHome({ timeoutMs: 5_000 })).resolves.toMatchObject({ value: 0 });
  });
});

describe('TcpClient behaviour', () => {
  it('applies set_info to its settings tree and to the instrument', async () => {
    const changes: unknown[] = [];
    const detector = {
      name: 'cam',
      grab: () => ndarray(new Uint8Array([1, 2, 3])),
      setSetting: (path: string[], value: unknown) => void changes.push([path, value]),
    };
    const server = new TcpServer({ host: '127.0.0.1', port: 0 });
    open.push(server);
    const { port } = await server.listen();
    const client = new TcpClient({
      port,
      instrument: detector,
      reconnect: false,
      settings: {
        name: 'settings',
        type: 'group',
        children: [{ name: 'exposure', type: 'float', value: 10 }],
      },
    });
    open.push(client);
    const [remote] = await Promise.all([server.waitFor('GRABBER'), client.start()]);
    const applied = new Promise((resolve) => client.once('setting', (...a) => resolve(a)));
    // Wait for the Infos the client sent after identifying.
    if (remote.settings === undefined) await new Promise((r) => remote.once('settings', r));
    expect(remote.setting(['exposure'])?.value).toBe(10);
    remote.setInfo(['exposure'], '<exposure type="float" title="exposure">20.0</exposure>');
    await applied;
    expect(changes).toEqual([[['exposure'], 20]]);
    expect(client.settings?.children?.[0]?.value).toBe(20);
  });

  it('stops a move on stop_motion and replies with where it stopped', async () => {
    const actuator = new SimulatedActuator({ speed: 10, min: -100, max: 100 });
    const { remote } = await pair('v4', actuator);
    const move = remote.moveAbs(50, { timeoutMs: 5_000 });
    await new Promise((r) => setTimeout(r, 100));
    remote.stopMotion();
    const reached = await move;
    expect(reached.value).toBeGreaterThan(0);
    expect(reached.value).toBeLessThan(50);
  });

  it('reconnects after the server drops it', async () => {
    const server = new TcpServer({ host: '127.0.0.1', port: 0 });
    open.push(server);
    const { port } = await server.listen();
    const client = new TcpClient({
      port,
      instrument: new SimulatedDetector(),
      reconnect: { initialDelayMs: 20, maxDelayMs: 50 },
    });
    open.push(client);
    const [first] = await Promise.all([server.waitFor('GRABBER'), client.start()]);
    const again = new Promise((resolve) => server.on('instrument', resolve));
    await first.close();
    const second = await again;
    expect(second).not.toBe(first);
    expect(client.counters.connects).toBe(2);
  });
});

describe('quirk switches', () => {
  it('server: handles messages after the reference poll delay', async () => {
    const server = new TcpServer({ host: '127.0.0.1', port: 0, quirks: { handlingDelayMs: 120 } });
    open.push(server);
    const { port } = await server.listen();
    const client = new TcpClient({
      port,
      instrument: new SimulatedActuator({ speed: 1e6 }),
      reconnect: false,
    });
    open.push(client);
    const [remote] = await Promise.all([server.waitFor('ACTUATOR'), client.start()]);
    const start = Date.now();
    await remote.getPosition({ timeoutMs: 5_000 });
    // Not a speed assertion: the reply is only handled once the quirk's delay has passed.
    expect(Date.now() - start).toBeGreaterThanOrEqual(110);
  });

  it('client: drops one more set_info path element, as the 4.4 TCPClient does', async () => {
    const server = new TcpServer({ host: '127.0.0.1', port: 0 });
    open.push(server);
    const { port } = await server.listen();
    const client = new TcpClient({
      port,
      instrument: new SimulatedDetector(),
      reconnect: false,
      quirks: { dropFirstSetInfoSegment: true },
      settings: {
        name: 'settings',
        type: 'group',
        children: [
          {
            name: 'detector_settings',
            type: 'group',
            children: [{ name: 'exposure', type: 'float', value: 1 }],
          },
        ],
      },
    });
    open.push(client);
    const [remote] = await Promise.all([server.waitFor('GRABBER'), client.start()]);
    const applied = new Promise<unknown[]>((resolve) => client.once('setting', (...a) => resolve(a)));
    remote.setInfo(['main_settings', 'exposure'], '<exposure type="float">5.0</exposure>');
    expect((await applied)[0]).toEqual(['exposure']);
  });
});

describe('detector outputs', () => {
  it('sends a bare typed array as a 1-D frame', async () => {
    const { remote } = await pair('v4', {
      name: 'spectrometer',
      grab: () => new Float32Array([0.5, 1.5, 2.5]),
    });
    const result = await remote.grab('1D', { timeoutMs: 5_000 });
    expect(result.channels[0]!.array).toMatchObject({ dtype: '<f4', shape: [3] });
    expect(result.dte?.data[0]).toMatchObject({
      name: 'spectrometer',
      dim: 'Data1D',
      class: 'DataFromPlugins',
    });
  });
});
