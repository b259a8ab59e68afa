import { type AddressInfo, createServer } from 'node:net';
import type { Dialect } from '../codec/dialect.js';
import { type PymodaqConnectorOptionsInput, PymodaqConnectorOptionsSchema } from '../connector/options.js';
import { TcpClient } from '../session/tcp-client.js';
import { SimulatedActuator } from './simulated-actuator.js';
import { SimulatedDetector } from './simulated-detector.js';

export interface DemoSimulatorOptions {
  dialect?: Dialect;
  /** Camera frame shape (default [64, 64]) and dtype (default `<u2`). */
  shape?: number[];
  dtype?: string;
  /** How often the connector polls (default: a frame a second, a position twice a second). */
  grabIntervalMs?: number;
  positionIntervalMs?: number;
}

export interface DemoSimulator {
  connectorOptions: PymodaqConnectorOptionsInput;
  close(): Promise<void>;
}

/** A free loopback port: bound, read, released (another process could take it meanwhile). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * The instrument side of a demo. In PyMoDAQ the instrument connects to the server, so the
 * simulator cannot be something the connector dials: it picks a loopback port for the
 * connector to listen on and starts a simulated camera (GRABBER) and stage (ACTUATOR) as
 * TcpClients that retry until the connector listens. The stage wanders between random
 * targets on its own, so polled positions change; every grab gives a new frame.
 */
export async function startDemoSimulator(options: DemoSimulatorOptions = {}): Promise<DemoSimulator> {
  const port = await freePort();
  const dialect = options.dialect ?? 'v4';
  const camera = new SimulatedDetector({
    shape: options.shape ?? [64, 64],
    dtype: options.dtype ?? '<u2',
    name: 'camera',
  });
  const stage = new SimulatedActuator({ speed: 4, min: -20, max: 20, units: 'mm', name: 'stage' });
  const reconnect = { initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0.2 };
  const clients = [
    new TcpClient({ host: '127.0.0.1', port, dialect, instrument: camera, reconnect }),
    new TcpClient({ host: '127.0.0.1', port, dialect, instrument: stage, reconnect }),
  ];
  for (const client of clients) void client.start().catch(() => {});
  const wander = setInterval(() => {
    if (!stage.moving) void stage.moveAbs(Math.round((Math.random() * 2 - 1) * 150) / 10);
  }, 3_000);
  const connectorOptions = PymodaqConnectorOptionsSchema.parse({
    listen: { host: '127.0.0.1', port },
    dialect,
    clients: [
      { name: 'camera', type: 'GRABBER' },
      { name: 'stage', type: 'ACTUATOR' },
    ],
    poll: {
      grabIntervalMs: options.grabIntervalMs ?? 1_000,
      grabDim: '2D',
      positionIntervalMs: options.positionIntervalMs ?? 500,
    },
  });
  return {
    connectorOptions,
    close: async () => {
      clearInterval(wander);
      stage.stop();
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}
