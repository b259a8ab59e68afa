import { type Bus, type CommandRequest, topicOf } from '@labwire/core';
import { type SplitStrategy, memoryPair, rebatch } from '@labwire/testkit';
import { IfcbConnector } from '../connector/ifcb-connector.js';
import { IfcbHubSimulator } from '../simulator/hub-simulator.js';

/**
 * A peer for the connector contract suite of @labwire/conformance (its ContractPeer shape, kept
 * structural so this package does not depend on the suite): the hub simulator on loopback with
 * an IfcbConnector wired to it, over a real WebSocket (`loopback`) or an in-memory message pair
 * (`memory`). SignalR records travel in frames (`framing: 'message'`); over memory the
 * connector's incoming frames are re-batched by the suite's split (one record per frame, or
 * several together), as a hub may batch them. Over loopback the official client owns its
 * WebSocket, so frames arrive as the hub sent them.
 */
export const IFCB_CONTRACT_FLAGS = {
  browse: true,
  updates: true,
  silentCommand: true,
  garbage: true,
  reconnect: true,
  resume: 'state',
  transports: ['loopback', 'memory'],
  framing: 'message',
} as const;

const SILENT = 'saveroutines';

export async function startIfcbContractPeer(options: {
  bus: Bus;
  reconnect: { initialDelayMs: number; maxDelayMs: number; jitter: number };
  transport?: 'loopback' | 'memory';
  split?: SplitStrategy;
}) {
  const hub = new IfcbHubSimulator({ instrument: { mode: 'responsive' }, neverComplete: [SILENT] });
  await hub.start();
  const serial = hub.serial;
  const transport =
    options.transport === 'memory'
      ? () => {
          const pair = memoryPair('message');
          hub.acceptTransport(pair.server);
          return rebatch(pair.client, { separator: '\u001e', strategy: options.split ?? { kind: 'whole' } });
        }
      : undefined;
  const connector = new IfcbConnector({
    id: 'ifcb-contract',
    bus: options.bus,
    reconnect: options.reconnect,
    url: hub.url,
    serial,
    ...(transport === undefined ? {} : { transport }),
  });
  const command = (property: string, action: CommandRequest['action']): CommandRequest => ({
    target: topicOf(serial, property),
    action,
  });
  return {
    connector,
    hub,
    // What `refresh` reports, as `device/property`.
    expectedProperties: hub.instrument.stateMessages().map((m) => {
      const body = m.slice('valuechanged:'.length);
      return `${serial}/${body.startsWith('acquisition:status:') ? 'acquisition.status' : body.slice(0, body.indexOf(':'))}`;
    }),
    async emitUpdates(count: number) {
      const values = Array.from({ length: count }, (_, i) => 0.5 + i / 100);
      for (const v of values) hub.emitFromHost(`valuechanged:setpmta:${v}`);
      return { device: serial, property: 'setpmta', values };
    },
    goodCommand: command('refresh', 'invoke'),
    missingCommand: command('nosuchcommand', 'invoke'),
    silentCommand: command(SILENT, 'invoke'),
    async sendGarbage() {
      hub.sendRaw('\u0000\u00ff garbage {"type":\u001e{"type":1,"target":""}\u001e');
    },
    async dropMidMessage() {
      hub.dropMidMessage();
    },
    close: () => hub.close(),
  };
}
