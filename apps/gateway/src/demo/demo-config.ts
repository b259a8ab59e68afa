import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load.js';
import { GatewayConfigSchema } from '../config/schema.js';
import type { DemoSimulator, ProtocolRegistry } from '../protocols/registry.js';
import { startIndiserver } from './indiserver.js';

export interface DemoSetup {
  loaded: LoadedConfig;
  /** What runs in-process or as a child (simulators, indiserver). */
  running: string[];
  close(): Promise<void>;
}

export interface DemoOptions {
  host?: string;
  port?: number;
  /** Also start a real indiserver with simulator drivers when it is on PATH (default true). */
  indiserver?: boolean;
}

/**
 * Demo mode: start every protocol's simulator in-process and a connector for each, so a new
 * user sees live devices at once. Protocols whose package has not landed are skipped with a
 * warning; so is indiserver when it is not installed.
 */
export async function startDemo(
  registry: ProtocolRegistry,
  logger: Logger,
  options: DemoOptions = {},
): Promise<DemoSetup> {
  const simulators: Array<{ name: string; sim: DemoSimulator }> = [];
  const connectors: Record<string, unknown> = {};
  const connectorOptions = new Map<string, Record<string, unknown>>();
  const closers: Array<() => Promise<void> | void> = [];
  const { loaded: protocols, missing } = await registry.available();
  for (const m of missing) logger.warn({ protocol: m.name, err: m.error.message }, 'demo: protocol skipped');
  for (const entry of protocols) {
    if (entry.startDemoSimulator === undefined) {
      logger.warn({ protocol: entry.name }, 'demo: protocol has no startDemoSimulator, skipped');
      continue;
    }
    try {
      const sim = await entry.startDemoSimulator();
      closers.push(() => sim.close());
      const parsed = entry.optionsSchema.parse(sim.connectorOptions) as Record<string, unknown>;
      simulators.push({ name: entry.name, sim });
      connectors[entry.name] = { protocol: entry.name, options: sim.connectorOptions };
      connectorOptions.set(entry.name, parsed);
    } catch (err) {
      logger.error({ protocol: entry.name, err: (err as Error).message }, 'demo: simulator failed to start');
    }
  }
  const running = simulators.map((s) => `${s.name} simulator`);
  const indi = protocols.find((p) => p.name === 'indi');
  if (options.indiserver !== false && indi !== undefined) {
    const server = await startIndiserver();
    if (server !== undefined) {
      closers.push(() => server.close());
      const base = (simulators.find((s) => s.name === 'indi')?.sim.connectorOptions ?? {}) as Record<
        string,
        unknown
      >;
      const raw = { ...base, host: server.host, port: server.port };
      const parsed = indi.optionsSchema.safeParse(raw);
      if (parsed.success) {
        connectors.indiserver = { protocol: 'indi', options: raw };
        connectorOptions.set('indiserver', parsed.data as Record<string, unknown>);
        running.push(`indiserver :${server.port} (${server.drivers.join(', ')})`);
      } else {
        logger.warn({ err: parsed.error.message }, 'demo: indiserver options rejected by the indi schema');
      }
    }
  }
  const config = GatewayConfigSchema.parse({
    bridges: demoBridges(new Set(Object.keys(connectors)), connectorOptions.get('pymodaq')),
    server: {
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.port === undefined ? {} : { port: options.port }),
    },
    connectors,
  });
  return {
    loaded: { file: '(demo)', config, connectorOptions },
    running,
    close: async () => {
      for (const close of closers.reverse()) {
        try {
          await close();
        } catch (err) {
          logger.warn({ err: (err as Error).message }, 'demo: closing a simulator failed');
        }
      }
    },
  };
}

/**
 * A PyMoDAQ actuator move drives the INDI focuser (stage mm → focuser steps): the demo's
 * bridge between the PyMoDAQ and INDI simulators (connectors `pymodaq` and `indi`), unnamed.
 */
export const STAGE_DRIVES_FOCUSER = {
  from: { topic: 'pymodaq/stage/position', kinds: ['property'], where: { change: 'updated' } },
  to: {
    connector: 'indi',
    target: 'Labwire Focuser/ABS_FOCUS_POSITION',
    action: 'set',
    args: {
      FOCUS_ABSOLUTE_POSITION: { $from: 'members.value.value', scale: 1000, offset: 25000, round: true },
    },
  },
  skipWhileBusy: true,
};

/** Bridges the demo shows between protocols that are running. */
function demoBridges(running: Set<string>, pymodaq: Record<string, unknown> | undefined): unknown[] {
  const bridges: unknown[] = [];
  if (running.has('pymodaq') && running.has('indi')) {
    bridges.push({ name: 'pymodaq-stage-drives-indi-focuser', ...STAGE_DRIVES_FOCUSER });
    // The INDI camera served to PyMoDAQ as a GRABBER: here to the gateway's own PyMoDAQ
    // connector (a TCPServer), so its frames come back on the bus as PyMoDAQ data too.
    const listen = pymodaq?.listen as { port?: number } | undefined;
    if (listen?.port !== undefined) {
      bridges.push({
        name: 'indi-camera-as-pymodaq-grabber',
        kind: 'pymodaq-grabber',
        source: 'indi/Labwire Camera/CCD1',
        port: listen.port,
        trigger: {
          connector: 'indi',
          target: 'Labwire Camera/CCD_EXPOSURE',
          args: { CCD_EXPOSURE_VALUE: 0.2 },
        },
      });
    }
  }
  if (running.has('indi') && running.has('imb')) {
    // IMB events mirror INDI focuser updates (as JSON text, IMB's string payload).
    bridges.push({
      name: 'indi-focuser-to-imb',
      from: {
        topic: 'indi/Labwire Focuser/ABS_FOCUS_POSITION',
        kinds: ['property'],
        where: { change: 'updated' },
      },
      to: {
        connector: 'imb',
        target: 'demo/commands',
        action: 'set',
        args: {
          $json: {
            topic: '$topic',
            state: '$state',
            position: { $from: 'members.FOCUS_ABSOLUTE_POSITION.value' },
          },
        },
      },
    });
  }
  return bridges;
}
