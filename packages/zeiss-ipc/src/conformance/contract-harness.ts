import type { Bus, CommandRequest, Connector } from '@labwire/core';
import { memoryPair } from '@labwire/testkit';
import { ZeissIpcConnector } from '../connector/connector.js';
import { ZeissInspectSimulator } from '../simulator/simulator.js';

/*
 * The ZEISS IPC side of @labwire/conformance's connector contract (`describeConnectorContract`).
 * The shapes mirror its ConnectorContractHarness structurally, so this package does not depend
 * on the conformance package.
 */
export interface ZeissContractPeerOptions {
  bus: Bus;
  transport: 'memory' | 'loopback';
  reconnect: { initialDelayMs: number; maxDelayMs: number; jitter: number };
}

export interface ZeissContractPeer {
  connector: Connector;
  expectedProperties: string[];
  goodCommand: CommandRequest;
  missingCommand: CommandRequest;
  silentCommand: CommandRequest;
  sendGarbage(): Promise<void>;
  dropMidMessage(): Promise<void>;
  close(): Promise<void>;
}

export const zeissContractHarness = {
  name: 'zeiss-ipc',
  flags: {
    browse: true,
    // The instrument never sends anything unprompted.
    updates: false,
    // A reply that does not come in time ends OUTCOME_UNKNOWN (the ZEISS rule: the import may have run).
    silentCommand: true,
    garbage: true,
    reconnect: true,
    resume: 'none',
    transports: ['memory', 'loopback'],
    framing: 'message',
  } as const,

  async startPeer(options: ZeissContractPeerOptions): Promise<ZeissContractPeer> {
    const sim = new ZeissInspectSimulator({
      // The elements import answers only after 300 ms: later than the contract's command timeout.
      host: {
        files: ['C:/demo/part1.jpg'],
        series: ['Default'],
        delaysMs: { import_gom_inspection_exchange: 300 },
      },
      port: 0,
    });
    let url = 'ws://memory';
    if (options.transport === 'loopback') {
      await sim.listen();
      url = sim.url;
    }
    const connector = new ZeissIpcConnector({
      id: 'zeiss',
      bus: options.bus,
      reconnect: options.reconnect,
      url,
      ...(options.transport === 'memory'
        ? {
            transport: () => {
              const pair = memoryPair('message');
              sim.server.accept(pair.server);
              return pair.client;
            },
          }
        : {}),
    });
    return {
      connector,
      expectedProperties: [
        'inspect/image',
        'inspect/elements',
        'inspect/request',
        'inspect/quit',
        'inspect/lastReply',
      ],
      goodCommand: {
        target: 'inspect/image',
        action: 'invoke',
        args: { file: 'C:/demo/part1.jpg', name: 'Default', focalLength: 50 },
      },
      missingCommand: { target: 'inspect/nothing', action: 'invoke', args: {} },
      silentCommand: {
        target: 'inspect/elements',
        action: 'invoke',
        args: { file: 'C:/demo/part1.jpg', importMode: 'new' },
      },
      // A binary frame outside any request: the server never sends one.
      sendGarbage: async () => sim.server.inject(new Uint8Array([0x82, 0xff, 0x00])),
      dropMidMessage: async () => sim.server.dropConnections(),
      close: () => sim.close(),
    };
  },
};
