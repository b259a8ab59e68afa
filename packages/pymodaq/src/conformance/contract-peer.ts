import {
  type Bus,
  type BusEvent,
  type CommandRequest,
  TcpTransport,
  type Transport,
  type TransportData,
  topicOf,
} from '@labwire/core';
import {
  type SplitStrategy,
  WrappedTransport,
  memoryPair,
  rechunk,
  splitBytes,
  waitUntil,
} from '@labwire/testkit';
import { encodeMessage } from '../codec/encode.js';
import { PymodaqConnector } from '../connector/pymodaq-connector.js';
import type { Detector, GrabRequest, Instrument } from '../session/instrument.js';
import { TcpClient } from '../session/tcp-client.js';
import { SimulatedActuator } from '../simulator/simulated-actuator.js';
import { SimulatedDetector } from '../simulator/simulated-detector.js';

/**
 * A peer for the connector contract suite of @labwire/conformance (its ContractPeer shape, kept
 * structural so this package does not depend on the suite). The PymodaqConnector is the
 * PyMoDAQ TCPServer: it listens, and the peer's instruments dial in once it does — a
 * SimulatedDetector (`camera`), a SimulatedActuator (`stage`) and a detector that never
 * answers a grab (`silent`), each behind a TcpClient, over loopback TCP or memory pairs handed
 * to `connector.accept`.
 *
 * What the connector reads is re-split: over `memory` exactly (its end of each pair is wrapped
 * with `rechunk`); over `loopback` its sockets belong to its own listener, so the instruments
 * write each message in the split's pieces, one socket write per turn of the event loop
 * (no delay) — the pieces usually arrive as written, but the kernel may join some.
 */
export const PYMODAQ_CONTRACT_FLAGS = {
  browse: true,
  // Instruments send `Info` entries unprompted (PyMoDAQ's TCPClient send_info_string); the
  // connector publishes each as an update of the device's `info` property.
  updates: true,
  silentCommand: true,
  // An instrument connection that sends bytes the decoder rejects is closed with a coded error;
  // the other instruments stay.
  garbage: true,
  // The instruments dial the connector, so it is they that reconnect (TcpClient does, with
  // backoff); the connector says `reconnect: false` in its capabilities, and the drop scenario
  // (the connector reconnecting by itself) does not apply. `dropMidMessage` still cuts an
  // instrument's connection inside a message (see this package's contract-peer test).
  reconnect: false,
  resume: 'state',
  transports: ['memory', 'loopback'],
  framing: 'stream',
} as const;

const CAMERA = 'camera';
const STAGE = 'stage';
const SILENT = 'silent';
const DIALECT = 'v4';

/** Writes each outgoing message in the split's pieces, one write per event-loop turn, in order. */
class SplitWrites extends WrappedTransport {
  private pending: Promise<void> = Promise.resolve();
  private calls = 0;

  constructor(
    inner: Transport,
    private readonly split: SplitStrategy,
  ) {
    super(inner);
  }

  protected override send(data: TransportData): boolean {
    const s: SplitStrategy =
      this.split.kind === 'random' ? { ...this.split, seed: this.split.seed + this.calls++ } : this.split;
    const pieces = typeof data === 'string' ? [data] : splitBytes(data, s).filter((p) => p.byteLength > 0);
    for (const piece of pieces) {
      this.pending = this.pending.then(
        () =>
          new Promise<void>((resolve) =>
            setImmediate(() => {
              if (this.inner.state === 'open') this.inner.write(piece);
              resolve();
            }),
          ),
      );
    }
    return true;
  }

  override async flush(): Promise<void> {
    await this.pending;
    await this.inner.flush();
  }

  protected override endGracefully(code?: number, reason?: string): void {
    void this.pending.then(() => this.inner.close(code, reason));
  }
}

/** A detector whose grab never completes (until the request is abandoned). */
const silentDetector: Detector = {
  name: SILENT,
  grab: ({ signal }: GrabRequest) =>
    new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
};

export async function startPymodaqContractPeer(options: {
  bus: Bus;
  transport: 'memory' | 'loopback';
  split: SplitStrategy;
  reconnect: { initialDelayMs: number; maxDelayMs: number; jitter: number };
}) {
  const connector = new PymodaqConnector({
    id: 'pymodaq-contract',
    bus: options.bus,
    reconnect: options.reconnect,
    listen: { host: '127.0.0.1', port: 0 },
    dialect: DIALECT,
    clients: [
      { name: CAMERA, type: 'GRABBER' },
      { name: SILENT, type: 'GRABBER' },
      { name: STAGE, type: 'ACTUATOR' },
    ],
  });

  /** A new connection to the connector, as an instrument opens it. */
  const dial = (): Transport => {
    if (options.transport === 'memory') {
      const pair = memoryPair('stream');
      connector.accept(rechunk(pair.server, options.split));
      return pair.client;
    }
    const address = connector.address;
    if (address === undefined) throw new Error('the connector is not listening');
    return new SplitWrites(new TcpTransport({ host: '127.0.0.1', port: address.port }), options.split);
  };
  const client = (instrument: Instrument) =>
    // No reconnect: the instruments end with the connector's session, leaving no retry timers.
    new TcpClient({ transport: dial, dialect: DIALECT, instrument, reconnect: false });

  let clients: { camera: TcpClient; stage: TcpClient; silent: TcpClient } | undefined;
  const raw = new Set<Transport>();
  let failure: unknown;
  const listed = async (name: string) => (await connector.browse()).some((d) => d.name === name);

  /**
   * Once the connector listens, the instruments dial in. The camera identifies before the
   * silent detector, so each gets its configured name (both are GRABBERs).
   */
  const bringUp = async () => {
    const set = {
      camera: client(new SimulatedDetector({ shape: [2, 3], name: CAMERA })),
      stage: client(new SimulatedActuator({ speed: 1000, units: 'mm', name: STAGE })),
      silent: client(silentDetector),
    };
    clients = set;
    await Promise.all([set.camera.start(), set.stage.start()]);
    await waitUntil('the camera to be a device', () => listed(CAMERA));
    await set.silent.start();
  };
  const subscription = connector.subscribe('#', (e: BusEvent) => {
    if (e.kind === 'connection' && e.state === 'connected')
      bringUp().catch((err: unknown) => {
        failure = err;
      });
  });

  /** A raw instrument connection: identifies as a GRABBER, then sends what the test says. */
  const rawGrabber = async (): Promise<Transport> => {
    if (failure !== undefined) throw failure;
    const before = new Set((await connector.browse()).map((d) => d.name));
    const transport = dial();
    raw.add(transport);
    transport.on('close', () => raw.delete(transport));
    await transport.open();
    transport.write(encodeMessage(DIALECT, 'GRABBER'));
    await waitUntil('the raw grabber to be a device', async () =>
      (await connector.browse()).some((d) => !before.has(d.name)),
    );
    return transport;
  };

  let counter = 0;
  const positionCommand: CommandRequest = { target: topicOf(STAGE, 'position'), action: 'set', args: 1.5 };
  return {
    connector,
    get clients() {
      return clients;
    },
    expectedProperties: [
      `${CAMERA}/settings`,
      `${CAMERA}/info`,
      `${CAMERA}/grab`,
      `${STAGE}/settings`,
      `${STAGE}/info`,
      `${STAGE}/position`,
      `${SILENT}/settings`,
      `${SILENT}/info`,
      `${SILENT}/grab`,
    ],
    async emitUpdates(count: number) {
      if (failure !== undefined) throw failure;
      const camera = clients?.camera;
      if (camera === undefined || !camera.connected) throw new Error('the camera is not connected');
      const values: string[] = [];
      for (let i = 0; i < count; i++) {
        counter += 1;
        values.push(String(counter));
        camera.sendInfo('counter', String(counter));
      }
      return { device: CAMERA, property: 'info', values };
    },
    // move_abs, answered by move_done with the position reached.
    goodCommand: positionCommand,
    missingCommand: { ...positionCommand, target: topicOf('no-such-instrument', 'position') },
    // `Send Data 2D` to a detector that never sends `Done`.
    silentCommand: {
      target: topicOf(SILENT, 'grab'),
      action: 'invoke',
      args: { dim: '2D' },
    } satisfies CommandRequest,
    async sendGarbage() {
      const transport = await rawGrabber();
      // A 4-byte command string that is not UTF-8: the decoder rejects it (PYMODAQ_BAD_UTF8), and
      // a PyMoDAQ stream cannot be resynchronised, so this connection is closed.
      transport.write(Uint8Array.of(0, 0, 0, 4, 0xff, 0xfe, 0xfd, 0xfc));
      await transport.flush();
    },
    async dropMidMessage() {
      const transport = await rawGrabber();
      const info = encodeMessage(DIALECT, 'Info', [
        { type: 'string', value: 'cut' },
        { type: 'string', value: 'in the middle' },
      ]);
      transport.write(info.subarray(0, Math.floor(info.byteLength / 2)));
      await transport.flush();
      transport.destroy();
    },
    async close() {
      subscription.unsubscribe();
      const set = clients;
      clients = undefined;
      if (set !== undefined) await Promise.all(Object.values(set).map((c) => c.close()));
      for (const t of raw) t.destroy();
      raw.clear();
    },
  };
}
