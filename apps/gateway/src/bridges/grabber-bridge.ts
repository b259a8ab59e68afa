import { type Bus, type DataEvent, ErrorCode, LabwireError, type Subscription } from '@labwire/core';
import type { Logger } from 'pino';
import type { GrabberBridgeConfig } from '../config/schema.js';
import { PROTOCOL_UNAVAILABLE } from '../protocols/registry.js';
import type { CommandService } from '../server/command-service.js';

/** A frame as the PyMoDAQ instrument role hands it to the TCPServer. */
export interface GrabbedFrame {
  dtype: string;
  shape: number[];
  data: Uint8Array;
  metadata?: Record<string, unknown>;
}

/** The local detector object the pymodaq TcpClient (instrument role) calls. */
export interface GrabberDetector {
  grab(): Promise<GrabbedFrame>;
}

interface TcpClientLike {
  start?(): Promise<void>;
  connect?(): Promise<void>;
  stop?(): Promise<void>;
  close?(): Promise<void> | void;
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

  constructor(
    readonly config: GrabberBridgeConfig,
    private readonly bus: Bus,
    private readonly commands: CommandService,
    private readonly pymodaq: Record<string, unknown>,
    private readonly logger: Logger,
  ) {}

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
    this.client = new TcpClient({
      ...this.config.options,
      host: this.config.host,
      port: this.config.port,
      role: 'GRABBER',
      detector: this,
    });
    await (this.client.start ?? this.client.connect)?.call(this.client);
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
    await (client?.stop ?? client?.close)?.call(client);
  }

  /** Triggers (when configured) and resolves with the next frame published on the bus. */
  grab(): Promise<GrabbedFrame> {
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
    const frame: GrabbedFrame = {
      dtype: event.dtype,
      shape: event.shape,
      data: event.payload,
      ...(event.metadata === undefined ? {} : { metadata: event.metadata }),
    };
    this.latest = frame;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      clearTimeout(w.timer);
      w.resolve(frame);
    }
  }
}
