import { type Bus, type CommandRequest, TcpTransport, topicOf } from '@labwire/core';
import { type SplitStrategy, memoryPair, rechunk } from '@labwire/testkit';
import type { IndiVectorMessage } from '../codec/messages.js';
import { IndiConnector } from '../connector/connector.js';
import { SimCamera } from '../simulator/devices/camera.js';
import { SimFocuser } from '../simulator/devices/focuser.js';
import { type SimContext, SimDevice } from '../simulator/sim-device.js';
import type { SimVector } from '../simulator/sim-vector.js';
import { IndiSimulator } from '../simulator/simulator.js';

/**
 * A peer for the connector contract suite of @labwire/conformance (its ContractPeer shape, kept
 * structural so this package does not depend on the suite): the INDI simulator with an
 * IndiConnector wired to it over a memory pair or loopback TCP, incoming bytes re-split.
 */
export const INDI_CONTRACT_FLAGS = {
  browse: true,
  updates: true,
  silentCommand: true,
  garbage: true,
  reconnect: true,
  resume: 'state',
  transports: ['memory', 'loopback'],
  framing: 'stream',
} as const;

const DEVICE = 'Contract Device';

const numberVector = (name: string): SimVector => ({
  device: DEVICE,
  name,
  kind: 'Number',
  state: 'Idle',
  perm: 'rw',
  timeout: 5,
  members: [{ name: 'VALUE', format: '%g', min: -1e9, max: 1e9, step: 0, value: 0 }],
});

/** A quiet device (no timers): COUNTER answers Ok, SILENT never answers. */
class ContractDevice extends SimDevice {
  readonly name = DEVICE;
  readonly vectors = [numberVector('COUNTER'), numberVector('SILENT')];

  override handleNew(message: IndiVectorMessage, vector: SimVector, context: SimContext): void {
    if (vector.name === 'SILENT') return;
    super.handleNew(message, vector, context);
  }
}

export async function startIndiContractPeer(options: {
  bus: Bus;
  transport: 'memory' | 'loopback';
  split: SplitStrategy;
  reconnect: { initialDelayMs: number; maxDelayMs: number; jitter: number };
}) {
  const simulator = await IndiSimulator.listen({
    devices: [
      new ContractDevice(),
      new SimCamera({ name: 'Contract Camera', timeScale: 0.01 }),
      new SimFocuser('Contract Focuser'),
    ],
  });
  const transport =
    options.transport === 'memory'
      ? () => {
          const pair = memoryPair('stream');
          simulator.accept(pair.server);
          return rechunk(pair.client, options.split);
        }
      : () => rechunk(new TcpTransport({ host: '127.0.0.1', port: simulator.port }), options.split);
  const connector = new IndiConnector({
    id: 'indi-contract',
    bus: options.bus,
    reconnect: options.reconnect,
    transport,
  });
  const command = (property: string, args: unknown): CommandRequest => ({
    target: topicOf(DEVICE, property),
    action: 'set',
    args,
  });
  let counter = 0;
  return {
    connector,
    simulator,
    expectedProperties: simulator.devices.flatMap((d) => d.vectors.map((v) => `${d.name}/${v.name}`)),
    async emitUpdates(count: number) {
      const values: number[] = [];
      for (let i = 0; i < count; i++) {
        counter += 1;
        values.push(counter);
        simulator.publish(DEVICE, 'COUNTER', { VALUE: counter }, 'Ok');
      }
      return { device: DEVICE, property: 'COUNTER', values };
    },
    goodCommand: command('COUNTER', { VALUE: 42 }),
    missingCommand: command('NO_SUCH_PROPERTY', { VALUE: 1 }),
    silentCommand: command('SILENT', { VALUE: 1 }),
    async sendGarbage() {
      simulator.sendRaw('<bogus attr=novalue/>\n<setNumberVector device="x"></oops>\n');
    },
    async dropMidMessage() {
      simulator.dropClients({ midMessage: true });
    },
    close: () => simulator.close(),
  };
}
