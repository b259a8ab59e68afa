import type { ZeissDialectId } from '../codec/dialects.js';
import type { ZeissIpcConnectorConfig } from '../connector/options.js';
import type { HostState } from './host.js';
import { ZeissInspectSimulator } from './simulator.js';

export interface DemoSimulatorOptions {
  dialect?: ZeissDialectId;
  /** Replaces the demo host state. */
  host?: HostState;
  /** Every this many ms a new scan file appears on the simulated host (0: never). Default 5000. */
  newScanEveryMs?: number;
}

export interface DemoSimulator {
  connectorOptions: ZeissIpcConnectorConfig;
  simulator: ZeissInspectSimulator;
  close(): Promise<void>;
}

/** Files and series of the demo host: the demo commands of the README succeed against them. */
export const DEMO_HOST: HostState = {
  files: ['C:/demo/part1.jpg', 'C:/demo/part2.jpg', 'C:/demo/points.gxml'],
  directories: ['C:/demo'],
  series: ['Default'],
  project: true,
  failCommands: [],
  // Imports take a moment, as real ones do (the server blocks meanwhile, like the reference).
  delaysMs: { import_other_images: 150, import_gom_inspection_exchange: 100 },
};

/**
 * Starts a simulated ZEISS INSPECT on 127.0.0.1, port 0, for the gateway's demo mode. New scan
 * files (`C:/demo/scan-0001.jpg`, ...) keep appearing on its host, so importing the next scan
 * succeeds while a not-yet-existing one fails: the connector's `lastReply` changes accordingly.
 */
export async function startDemoSimulator(options: DemoSimulatorOptions = {}): Promise<DemoSimulator> {
  const dialect = options.dialect ?? 'example';
  const simulator = new ZeissInspectSimulator({
    dialect,
    host: options.host ?? DEMO_HOST,
    port: 0,
    listenHost: '127.0.0.1',
  });
  await simulator.listen();
  const every = options.newScanEveryMs ?? 5000;
  let scan = 0;
  const timer =
    every > 0
      ? setInterval(() => {
          scan += 1;
          simulator.host.files.add(`C:/demo/scan-${String(scan).padStart(4, '0')}.jpg`);
        }, every)
      : undefined;
  timer?.unref();
  return {
    connectorOptions: { url: simulator.url, dialect },
    simulator,
    close: async () => {
      clearInterval(timer);
      await simulator.close();
    },
  };
}
