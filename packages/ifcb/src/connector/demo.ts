import { IfcbHubSimulator } from '../simulator/hub-simulator.js';
import type { IfcbConnectorConfig } from './options-schema.js';

export interface DemoSimulatorOptions {
  /** Instrument serial. Default `111-111-111`. */
  serial?: string;
  /** Pause between scripted messages, ms. Default 250. */
  stepMs?: number;
  /** Port on 127.0.0.1. Default 0 (a free one). */
  port?: number;
}

export interface DemoSimulator {
  connectorOptions: IfcbConnectorConfig;
  simulator: IfcbHubSimulator;
  close(): Promise<void>;
}

/**
 * Starts a hub simulator on 127.0.0.1 whose instrument runs a looping scripted acquisition
 * (pause/resume, triggers with images and ROIs, file transfers), so values change over time;
 * resolves to connector options that reach it.
 */
export async function startDemoSimulator(options: DemoSimulatorOptions = {}): Promise<DemoSimulator> {
  const serial = options.serial ?? '111-111-111';
  const simulator = new IfcbHubSimulator({
    serial,
    port: options.port ?? 0,
    instrument: { mode: 'scripted', stepMs: options.stepMs ?? 250 },
  });
  await simulator.start();
  return {
    connectorOptions: { url: simulator.url.replace(/^http:/, 'ws:'), serial },
    simulator,
    close: () => simulator.close(),
  };
}
