import { type Bus, type DataEvent, ErrorCode, LabwireError, type Subscription } from '@labwire/core';
import type { Logger } from 'pino';
import type { GrabberBridgeConfig } from '../config/schema.js';
import { PROTOCOL_UNAVAILABLE } from '../protocols/registry.js';
import { type Image, readFitsImage } from './fits-image.js';
import type { CommandService } from '../server/command-service.js';

/** A frame as the pymodaq package's Detector returns it (its `NdArray`). */
export interface GrabbedFrame {
  type: 'array';
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

/** The local detector object the pymodaq TcpClient (instrument role) calls. */
export interface GrabberDetector {
  readonly name: string;
  grab(): Promise<GrabbedFrame>;
}

/** The parts of @labwire/pymodaq's TcpClient this bridge uses. */
interface TcpClientLike {
  start(): Promise<void>;
  close(): Promise<void>;
  on(event: 'connected' | 'disconnected', listener: () => void): unknown;
}

/**
 * Serves a camera on the bus (INDI CCD BLOBs, any `data` event) to PyMoDAQ as a GRABBER: the
 * pymodaq package's TcpClient connects to a PyMoDAQ TCPServer in the instrument role and calls
 * `grab()` on this detector, which triggers an exposure (if configured) and resolves with the
 * next frame from the bus.
 */
export class GrabberBridge implements GrabberDetector {
  private subscription: Subscription | undefined;
  private waiters: Array<{
    resolve(f: GrabbedFrame): void;
    reject(e: Error): void;
    timer: ReturnType<typeof setTimeout>;
  }> = [];
  private client: TcpClientLike | undefined;
  latest: GrabbedFrame | undefined;
  readonly name: string;

  constructor(
    readonly config: GrabberBridgeConfig,
    private readonly bus: Bus,
    private readonly commands: CommandService,
    private readonly pymodaq: Record<string, unknown>,
    private readonly logger: Logger,
  ) {
    this.name = config.name;
  }

  async start(): Promise<void> {
    const TcpClient = this.pymodaq.TcpClient as
      | (new (
          options: Record<string, unknown>,
        ) => TcpClientLike)
      | undefined;
    if (typeof TcpClient !== 'function') {
      throw new LabwireError(
        PROTOCOL_UNAVAILABLE,
        '@labwire/pymodaq does not export TcpClient yet (needed by pymodaq-grabber bridges)',
      );
    }
    this.subscription = this.bus.subscribe(this.config.source, (e) => this.onFrame(e as DataEvent), {
      kinds: ['data'],
      queueSize: 4,
    });
    const client = new TcpClient({
      ...this.config.options,
      host: this.config.host,
      port: this.config.port,
      instrument: this,
      role: 'GRABBER',
    });
    this.client = client;
    client.on('connected', () =>
      this.logger.info({ port: this.config.port }, 'serving frames to PyMoDAQ as a GRABBER'),
    );
    client.on('disconnected', () => {
      if (this.client === client) this.logger.warn('PyMoDAQ TCPServer connection lost; reconnecting');
    });
    // The TCPServer may come up later: the client keeps reconnecting, the gateway does not wait.
    client
      .start()
      .catch((err: Error) => this.logger.error({ err: err.message }, 'grabber bridge could not connect'));
  }

  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new LabwireError(ErrorCode.CLOSED, `bridge ${this.config.name} stopped`));
    }
    this.waiters = [];
    const client = this.client;
    this.client = undefined;
    await client?.close();
  }

  /**
   * With a trigger: triggers an exposure and resolves with the next frame on the bus. Without:
   * the latest frame (a streaming camera), or the next one when none arrived yet.
   */
  grab(): Promise<GrabbedFrame> {
    if (this.config.trigger === undefined && this.latest !== undefined) return Promise.resolve(this.latest);
    const next = new Promise<GrabbedFrame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.timer !== timer);
        reject(
          new LabwireError(
            ErrorCode.TIMEOUT,
            `no frame on ${this.config.source} within ${this.config.grabTimeoutMs} ms`,
          ),
        );
      }, this.config.grabTimeoutMs);
      this.waiters.push({ resolve, reject, timer });
    });
    const trigger = this.config.trigger;
    if (trigger !== undefined) {
      this.commands
        .execute(
          trigger.connector,
          { target: trigger.target, action: trigger.action, args: trigger.args },
          undefined,
        )
        .catch((err: Error) => this.logger.warn({ err: err.message }, 'grabber trigger failed'));
    }
    return next;
  }

  private onFrame(event: DataEvent): void {
    if (event.payload === undefined) return;
    let frame: GrabbedFrame;
    try {
      frame = { type: 'array', ...frameOf(event, event.payload) };
    } catch (err) {
      this.logger.warn(
        { err: (err as Error).message, topic: event.topic },
        'grabber bridge: frame not usable',
      );
      return;
    }
    this.latest = frame;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.resolve(frame);
    }
  }
}

/** A data event as an image: FITS files (INDI BLOBs) are decoded, typed arrays used as they are. */
function frameOf(event: DataEvent, payload: Uint8Array): Image {
  const isFits = event.format === '.fits' || event.format === 'image/fits';
  if (isFits) return readFitsImage(payload);
  if (event.dtype === 'bytes') return { dtype: '|u1', shape: [payload.byteLength], bytes: payload };
  return { dtype: event.dtype, shape: event.shape, bytes: payload };
}
