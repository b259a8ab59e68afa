import { ImbClient } from '../client/imb-client.js';
import { ImbAction } from '../codec/index.js';
import type { ImbConnectorOptions } from '../connector/options-schema.js';
import { ImbHub } from './imb-hub.js';

export interface DemoSimulatorOptions {
  /** Federation of the simulated instrument (default `demo`). */
  federation?: string;
  /** How often the instrument signals (default 500 ms). */
  intervalMs?: number;
}

export interface DemoSimulator {
  connectorOptions: ImbConnectorOptions;
  /** The hub, for tests and tools that want to look inside. */
  hub: ImbHub;
  close(): Promise<void>;
}

/**
 * Starts an ImbHub on 127.0.0.1 (port 0) and a simulated instrument connected to it that
 * signals changing values: a temperature reading as a string (`temperature`), a stage position
 * as a change object (`stage`), a spectrum as a stream every fourth tick (`spectrum`) and a log
 * line now and then (`log`). It also listens on `commands` and logs what it receives.
 */
export async function startDemoSimulator(options: DemoSimulatorOptions = {}): Promise<DemoSimulator> {
  const federation = options.federation ?? 'demo';
  const hub = new ImbHub({ host: '127.0.0.1', port: 0 });
  const { host, port } = await hub.listen();
  const instrument = new ImbClient(host, port, { ownerId: 1, ownerName: 'demo instrument', federation });
  try {
    await instrument.connect();
  } catch (err) {
    await hub.close();
    throw err;
  }
  const temperature = instrument.publish('temperature');
  const stage = instrument.publish('stage');
  const spectrum = instrument.publish('spectrum');
  const log = instrument.publish('log');
  const commands = instrument.subscribe('commands');
  commands.onEvent('*', (event) =>
    log.logWriteLn(`received ${event.kind ?? event.kindCode} on ${event.eventName}`, 2),
  );
  let tick = 0;
  const timer = setInterval(() => {
    if (!instrument.connected) return;
    tick += 1;
    const t = 21 + 2 * Math.sin(tick / 10) + (Math.random() - 0.5) * 0.1;
    temperature.signalString(`${t.toFixed(2)} °C`);
    stage.signalChangeObject(ImbAction.change, Math.round(1000 * Math.cos(tick / 7)), 'position');
    if (tick % 4 === 0) {
      const samples = new Float64Array(64).map((_, i) =>
        Math.exp(-(((i - 32 - 8 * Math.sin(tick / 5)) / 6) ** 2)),
      );
      void spectrum
        .signalStream(`spectrum-${tick}.f64`, new Uint8Array(samples.buffer), { chunkSize: 256 })
        .catch(() => {});
    }
    if (tick % 20 === 0) log.logWriteLn(`demo tick ${tick}`, 2);
  }, options.intervalMs ?? 500);
  return {
    hub,
    connectorOptions: {
      host,
      port,
      federation,
      ownerId: 2,
      ownerName: 'labwire gateway',
      subscribe: ['temperature', 'stage', 'spectrum', 'log'],
      publish: ['commands'],
    },
    async close() {
      clearInterval(timer);
      await instrument.disconnect().catch(() => {});
      await hub.close();
    },
  };
}
