/**
 * End to end: the gateway as a child process, configured for every protocol whose package has
 * landed, against that protocol's real simulator (and a real indiserver when installed); the
 * test talks to it only through @labwire/client and HTTP.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BusEvent, LabwireClient } from '@labwire/client';
import { waitFor as waitForValue, waitUntil } from '@labwire/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { stringify } from 'yaml';
import { STAGE_DRIVES_FOCUSER } from '../../src/demo/demo-config.js';
import { type RunningIndiserver, findOnPath, startIndiserver } from '../../src/demo/indiserver.js';
import { ProtocolRegistry } from '../../src/protocols/registry.js';
import { type GatewayProcess, startGatewayProcess } from './gateway-process.js';

const ADMIN = 'e2e-admin-token-0123456789';
const LIMITED = 'e2e-limited-token-0123456789';

interface Sim {
  connectorOptions: Record<string, unknown>;
  close(): Promise<void> | void;
}

/** Per protocol: one command its simulator acknowledges. */
const COMMANDS: Record<
  string,
  { target: string; action: 'set' | 'invoke' | 'raw'; args: unknown; device?: string }
> = {
  // PyMoDAQ instruments connect to the connector (a TCPServer): wait for the device first.
  pymodaq: { target: 'camera/grab', action: 'invoke', args: { dim: '2D' }, device: 'camera' },
  indi: { target: 'Labwire Focuser/ABS_FOCUS_POSITION/FOCUS_ABSOLUTE_POSITION', action: 'set', args: 31_000 },
  imb: { target: 'demo/commands', action: 'set', args: 'start' },
  ifcb: { target: '111-111-111/setdatafolder', action: 'set', args: 'C:\\IFCB\\e2e' },
  'zeiss-ipc': {
    target: 'inspect/image',
    action: 'invoke',
    args: { file: 'C:/demo/part1.jpg', name: 'Default', focalLength: 35 },
  },
};

const registry = new ProtocolRegistry();
const { loaded } = await registry.available();
const available = new Set(loaded.map((p) => p.name));
const haveIndiserver = available.has('indi') && (await findOnPath('indiserver')) !== undefined;
const sims = new Map<string, Sim>();
let indiPort = 0;
let indiserver: RunningIndiserver | undefined;
let gateway: GatewayProcess;
let client: LabwireClient;
let dir: string;
const events: BusEvent[] = [];

async function startIndi(port = 0): Promise<Sim> {
  const { IndiSimulator } = (await registry.load('indi')).exports as {
    IndiSimulator: { listen(o: { port?: number }): Promise<{ port: number; close(): Promise<void> }> };
  };
  const sim = await IndiSimulator.listen({ port });
  indiPort = sim.port;
  return {
    connectorOptions: { host: '127.0.0.1', port: sim.port, blobMode: 'Also' },
    close: () => sim.close(),
  };
}

/** testkit's `waitFor`, with the gateway's last output in the error when it times out. */
async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  try {
    return await waitForValue(what, find, timeoutMs, 20);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${gateway?.output().slice(-3000)}`);
  }
}

beforeAll(async () => {
  for (const entry of loaded) {
    if (entry.name === 'indi') sims.set('indi', await startIndi());
    else if (entry.startDemoSimulator !== undefined)
      sims.set(entry.name, (await entry.startDemoSimulator()) as Sim);
  }
  const connectors: Record<string, unknown> = {};
  for (const [name, sim] of sims)
    connectors[name] = {
      protocol: name,
      reconnect: { initialDelayMs: 100, maxDelayMs: 500 },
      options: sim.connectorOptions,
    };
  if (available.has('indi')) {
    indiserver = await startIndiserver();
    if (indiserver !== undefined)
      connectors.indiserver = { protocol: 'indi', options: { host: indiserver.host, port: indiserver.port } };
  }
  const bridges: unknown[] = [];
  if (available.has('pymodaq') && available.has('indi')) {
    bridges.push({ name: 'stage-drives-focuser', ...STAGE_DRIVES_FOCUSER });
  }
  bridges.push(
    ...(available.has('indi') && available.has('imb')
      ? [
          {
            name: 'focuser-to-imb',
            from: {
              topic: 'indi/Labwire Focuser/ABS_FOCUS_POSITION',
              kinds: ['property'],
              where: { change: 'updated', state: 'ok' },
            },
            to: {
              connector: 'imb',
              target: 'demo/commands',
              action: 'set',
              args: {
                $json: { property: '$topic', position: { $from: 'members.FOCUS_ABSOLUTE_POSITION.value' } },
              },
            },
          },
        ]
      : []),
  );
  dir = await mkdtemp(join(tmpdir(), 'labwire-e2e-'));
  const file = join(dir, 'gateway.yaml');
  await writeFile(
    file,
    stringify({
      server: { port: 0 },
      auth: {
        tokens: [
          // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's env reference syntax
          { name: 'admin', token: '${E2E_ADMIN_TOKEN}', role: 'admin' },
          { name: 'limited', token: LIMITED, role: 'read', allow: ['imb/#'] },
        ],
      },
      connectors,
      bridges,
      logging: { level: 'warn' },
    }),
  );
  gateway = await startGatewayProcess([file], { E2E_ADMIN_TOKEN: ADMIN });
  client = new LabwireClient({
    url: gateway.ws,
    token: ADMIN,
    WebSocket: WebSocket as never,
    reconnect: false,
  });
  await client.connect();
  await client.subscribe('#', (e) => events.push(e), {
    kinds: ['connection', 'command', 'property', 'device'],
  });
}, 60_000);

afterAll(async () => {
  await client?.close();
  await gateway?.stop();
  for (const sim of sims.values()) await sim.close();
  await indiserver?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
}, 60_000);

/** Waits for an event published after `before` (an index into `events`) with these field values. */
function eventAfter(before: number, fields: Record<string, unknown>, what: string): Promise<BusEvent> {
  return waitFor(
    () =>
      events
        .slice(before)
        .find((e) =>
          Object.entries(fields).every(([k, v]) => (e as unknown as Record<string, unknown>)[k] === v),
        ),
    what,
  );
}

/** Until the connector lists the device (PyMoDAQ instruments attach themselves, and may re-attach). */
function deviceAttached(connector: string, device: string): Promise<void> {
  return waitUntil(
    `${connector} to list ${device}`,
    async () => (await client.browse(connector)).some((d) => d.name === device),
    15_000,
    100,
  );
}

describe.skipIf(available.size === 0)('gateway child process against the protocol simulators', () => {
  it('connects a connector for every landed protocol', async () => {
    const expected = [...sims.keys(), ...(indiserver === undefined ? [] : ['indiserver'])];
    let states: Record<string, string> = {};
    const deadline = Date.now() + 20_000;
    while (!expected.every((id) => states[id] === 'connected') && Date.now() < deadline) {
      states = Object.fromEntries((await client.connectors()).map((c) => [c.id, c.state]));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(states).toEqual(Object.fromEntries(expected.map((id) => [id, 'connected'])));
    expect((await client.connectors()).map((c) => c.id).sort()).toEqual(expected.sort());
  });

  it.each(Object.keys(COMMANDS).filter((p) => available.has(p)))(
    'sends a command to %s and gets its acknowledgement',
    async (protocol) => {
      const { device, ...command } = COMMANDS[protocol]!;
      if (device !== undefined) await deviceAttached(protocol, device);
      const id = `e2e-${protocol}`;
      const reply = await client.command(protocol, { ...command, id, timeoutMs: 20_000 });
      expect(reply.id).toBe(id);
      await waitFor(
        () => events.find((e) => e.kind === 'command' && e.id === id && e.status === 'done'),
        `${id} done on the bus`,
      );
    },
  );

  it.skipIf(!available.has('indi') || !available.has('imb'))(
    'bridges an INDI focuser update into an IMB command',
    async () => {
      const before = events.length;
      await client.command('indi', {
        target: 'Labwire Focuser/ABS_FOCUS_POSITION/FOCUS_ABSOLUTE_POSITION',
        action: 'set',
        args: 27_000,
      });
      const bridged = await eventAfter(
        before,
        { kind: 'command', connector: 'imb', status: 'done', target: 'demo/commands' },
        'the bridged IMB command',
      );
      expect(bridged).toMatchObject({ protocol: 'imb', action: 'set' });
      const metrics = await (await fetch(`${gateway.http}/metrics`)).text();
      expect(metrics).toMatch(
        /labwire_bridge_commands_total\{bridge="focuser-to-imb",outcome="done"\} [1-9]/,
      );
    },
  );

  it.skipIf(!available.has('pymodaq') || !available.has('indi'))(
    'bridges a PyMoDAQ stage move into an INDI focuser command',
    async () => {
      await deviceAttached('pymodaq', 'stage');
      const before = events.length;
      await client.command('pymodaq', {
        target: 'stage/position',
        action: 'set',
        args: 3,
        timeoutMs: 20_000,
      });
      const bridged = await eventAfter(
        before,
        { kind: 'command', connector: 'indi', target: 'Labwire Focuser/ABS_FOCUS_POSITION', status: 'done' },
        'the bridged INDI focuser command',
      );
      expect(bridged).toMatchObject({ protocol: 'indi', action: 'set' });
    },
  );

  it.skipIf(!haveIndiserver)('commands a device of the real indiserver', async () => {
    await deviceAttached('indiserver', 'Focuser Simulator');
    const reply = await client.command('indiserver', {
      target: 'Focuser Simulator/CONNECTION',
      action: 'set',
      args: { CONNECT: 'On', DISCONNECT: 'Off' },
      timeoutMs: 20_000,
    });
    expect(reply.id).toBeTruthy();
  });

  it.skipIf(!available.has('indi'))(
    'sees the INDI connector reconnect after its simulator is killed and restarted',
    async () => {
      const before = events.length;
      const port = indiPort;
      await sims.get('indi')!.close();
      await eventAfter(
        before,
        { kind: 'connection', connector: 'indi', state: 'disconnected' },
        'disconnected',
      );
      sims.set('indi', await startIndi(port));
      await eventAfter(before, { kind: 'connection', connector: 'indi', state: 'connected' }, 'reconnected');
      // The model is rebuilt from the server after the reconnect: wait for the focuser again.
      await eventAfter(
        before,
        { kind: 'property', topic: 'indi/Labwire Focuser/ABS_FOCUS_POSITION', change: 'defined' },
        'the focuser defined again',
      );
      await client.command('indi', { ...COMMANDS.indi!, args: 29_000 });
    },
  );

  it('refuses a bad token and a forbidden topic', async () => {
    const bad = new LabwireClient({
      url: gateway.ws,
      token: 'not-a-valid-token-000000',
      WebSocket: WebSocket as never,
      reconnect: false,
    });
    await expect(bad.connect()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(
      (await fetch(`${gateway.http}/api/connectors`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    const limited = new LabwireClient({
      url: gateway.ws,
      token: LIMITED,
      WebSocket: WebSocket as never,
      reconnect: false,
    });
    await limited.connect();
    await expect(limited.subscribe('indi/#')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      limited.command('imb', { target: 'demo/commands', action: 'set', args: 'x' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await limited.close();
  });

  it('shuts down cleanly on SIGTERM: subscribers see a going-away close and the process exits 0', async () => {
    const closed = new Promise<number>((r) => client.on('close', ({ code }) => r(code)));
    expect(await gateway.stop()).toBe(0);
    expect(await closed).toBe(1001);
  });
});
