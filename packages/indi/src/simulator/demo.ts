import { IndiSimulator, type IndiSimulatorOptions } from './simulator.js';

export interface DemoSimulator {
  /** Options for `IndiConnector` (they parse with `IndiConnectorOptionsSchema`). */
  connectorOptions: { host: string; port: number; blobMode: 'Also' };
  simulator: IndiSimulator;
  close(): Promise<void>;
}

/** Starts the simulator on 127.0.0.1, port 0, for the gateway's demo mode and for tests. */
export async function startDemoSimulator(options: IndiSimulatorOptions = {}): Promise<DemoSimulator> {
  const simulator = await IndiSimulator.listen(options);
  return {
    connectorOptions: { host: '127.0.0.1', port: simulator.port, blobMode: 'Also' },
    simulator,
    close: () => simulator.close(),
  };
}
