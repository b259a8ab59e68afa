import { type Bus, type CommandRequest, TcpTransport, type Transport, topicOf } from '@labwire/core';
import { type SplitStrategy, memoryPair, rechunk, waitUntil } from '@labwire/testkit';
import { ImbClient } from '../client/imb-client.js';
import { IMB_TRAILER, ImbAction, decodeString, encodeCommand } from '../codec/index.js';
import { ImbConnector } from '../connector/imb-connector.js';
import type { HubConnection } from '../simulator/hub-connection.js';
import { ImbHub } from '../simulator/imb-hub.js';

/**
 * A peer for the connector contract suite of @labwire/conformance (its ContractPeer shape, kept
 * structural so this package does not depend on the suite): an ImbHub with a second ImbClient,
 * the "instrument", and an ImbConnector wired to the hub over a memory pair (`hub.attach`) or
 * loopback TCP, the connector's incoming bytes re-split.
 */
export const IMB_CONTRACT_FLAGS = {
  browse: true,
  // The instrument signals change objects on an event the connector subscribes to.
  updates: true,
  // IMB has no acknowledgement: a command is done once its frames are handed to the
  // connection, so there is no reply that could fail to come.
  silentCommand: false,
  // Junk and broken frames from the hub: the decoder resyncs and reports IMB_… codes.
  garbage: true,
  reconnect: true,
  // browse() comes from the configuration, re-announced on every connect; events signalled
  // while disconnected are lost (IMB has no replay).
  resume: 'state',
  transports: ['memory', 'loopback'],
  framing: 'stream',
} as const;

const FEDERATION = 'contract';
/** Signalled by the instrument, subscribed by the connector. */
const UPDATES = 'counter';
/** Published by the connector, subscribed by the instrument. */
const COMMANDS = 'commands';
const CONNECTOR_OWNER = 'labwire contract connector';

export async function startImbContractPeer(options: {
  bus: Bus;
  transport: 'memory' | 'loopback';
  split: SplitStrategy;
  reconnect: { initialDelayMs: number; maxDelayMs: number; jitter: number };
}) {
  const hub = new ImbHub({ host: '127.0.0.1', port: 0 });
  const memory = options.transport === 'memory';
  const port = memory ? 0 : (await hub.listen()).port;
  /** A fresh connection to the hub (the accepting side is attached at once, as a listener would). */
  const dial = (): Transport => {
    if (!memory) return new TcpTransport({ host: '127.0.0.1', port });
    const pair = memoryPair('stream');
    hub.attach(pair.server);
    return pair.client;
  };

  const instrument = new ImbClient('127.0.0.1', port, {
    ownerId: 1,
    ownerName: 'contract instrument',
    federation: FEDERATION,
    transport: dial,
  });
  try {
    await instrument.connect();
  } catch (err) {
    await hub.close();
    throw err;
  }
  const updates = instrument.publish(UPDATES);
  /** The strings the instrument received on the command event. */
  const received: string[] = [];
  instrument.subscribe(COMMANDS).onEvent('ekNormalEvent', (e) => void received.push(decodeString(e.body)));

  const connector = new ImbConnector({
    id: 'imb-contract',
    bus: options.bus,
    reconnect: options.reconnect,
    federation: FEDERATION,
    ownerId: 2,
    ownerName: CONNECTOR_OWNER,
    subscribe: [UPDATES],
    publish: [COMMANDS],
    transport: () => rechunk(dial(), options.split),
  });

  /**
   * The hub's side of the connector's current connection. `connected` means the connector has
   * written its handshake; over TCP the hub may not have read it yet, so wait for it.
   */
  const connectorSide = async (): Promise<HubConnection> => {
    const find = () =>
      hub.connections.filter((c) => c.ownerName === CONNECTOR_OWNER && c.transport.state === 'open').at(-1);
    await waitUntil('the hub to know the connector', () => find() !== undefined);
    return find()!;
  };

  let counter = 0;
  return {
    connector,
    hub,
    instrument,
    received,
    expectedProperties: [`${FEDERATION}/${UPDATES}`, `${FEDERATION}/${COMMANDS}`],
    async emitUpdates(count: number) {
      // The connector's subscription travels on another connection than the instrument's
      // signals: wait until the hub has it, or the hub would route the updates to nobody.
      await waitUntil('the connector to subscribe at the hub', () =>
        hub.connections.some((c) => c.ownerName === CONNECTOR_OWNER && c.subscriptions.size > 0),
      );
      const values: Array<[number, number, string]> = [];
      for (let i = 0; i < count; i++) {
        counter += 1;
        values.push([ImbAction.change, counter, 'value']);
        updates.signalChangeObject(ImbAction.change, counter, 'value');
      }
      await instrument.flush();
      return { device: FEDERATION, property: UPDATES, values };
    },
    goodCommand: {
      target: topicOf(FEDERATION, COMMANDS),
      action: 'set',
      args: 'start',
    } satisfies CommandRequest,
    // Any `federation/event` is a valid IMB target: signalling on an event publishes it first
    // (docs/protocols/imb.md), so no event name is "missing". What cannot exist is a member of
    // an event: IMB events have none, and the connector refuses it with INVALID_ARGUMENT.
    missingCommand: {
      target: topicOf(FEDERATION, COMMANDS, 'NO_SUCH_MEMBER'),
      action: 'set',
      args: 'start',
    } satisfies CommandRequest,
    async sendGarbage() {
      const side = await connectorSide();
      const badTrailer = Uint8Array.from(
        encodeCommand('icSetVariable', { name: 'garbage', value: Buffer.from('x') }),
      );
      badTrailer.set([0xde, 0xad, 0xbe, 0xef], badTrailer.byteLength - IMB_TRAILER.byteLength);
      // Junk (no magic), a frame whose trailer is wrong, then a good frame: the decoder skips the
      // junk, drops the broken frame and carries on with the next one.
      side.send(Buffer.from('\u0000\u00ffnot an IMB frame\r\n', 'latin1'));
      side.send(badTrailer);
      side.sendUniqueClientId();
      side.writer.flush();
      await side.transport.flush();
    },
    async dropMidMessage() {
      const side = await connectorSide();
      const frame = encodeCommand('icSetVariable', { name: 'cut', value: Buffer.alloc(64, 7) });
      side.send(frame.subarray(0, Math.floor(frame.byteLength / 2)));
      side.writer.flush();
      await side.transport.flush();
      side.transport.destroy();
    },
    async close() {
      await instrument.disconnect().catch(() => {});
      await hub.close();
    },
  };
}
