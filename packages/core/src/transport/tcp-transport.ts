import { Socket } from 'node:net';
import { ErrorCode, LabwireError } from '../errors.js';
import { Timeouts } from '../limits.js';
import { BaseTransport } from './base-transport.js';
import { raceConnect } from './connect-race.js';
import type { TransportData } from './transport.js';

export interface TcpTransportOptions {
  host: string;
  port: number;
  connectTimeoutMs?: number;
  /** Disable Nagle's algorithm (default true): every protocol here is request/reply. */
  noDelay?: boolean;
  keepAlive?: boolean;
  /** Time a graceful close may take before the socket is destroyed. */
  closeGraceMs?: number;
}

/** A byte-stream transport over `node:net`. Also wraps sockets a server accepted. */
export class TcpTransport extends BaseTransport {
  readonly kind = 'stream' as const;
  private socket: Socket | undefined;
  private readonly options: TcpTransportOptions | undefined;
  private remoteLabel: string;

  constructor(options: TcpTransportOptions) {
    super();
    this.options = options;
    this.remoteLabel = `tcp://${options.host}:${options.port}`;
  }

  /** Wraps a socket that is already connected (for example from `net.Server`). */
  static fromSocket(socket: Socket): TcpTransport {
    const transport = new TcpTransport({ host: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 });
    transport.attach(socket);
    transport.currentState = 'open';
    return transport;
  }

  get remote(): string {
    return this.remoteLabel;
  }

  /** The underlying socket, for tests and for options this interface does not cover. */
  get rawSocket(): Socket | undefined {
    return this.socket;
  }

  protected async connect(signal?: AbortSignal): Promise<void> {
    const options = this.options!;
    const socket = new Socket();
    await raceConnect(this.remoteLabel, options.connectTimeoutMs ?? Timeouts.connectMs, signal, (settle) => {
      const onConnect = () => settle();
      const onError = (err: Error) => settle(err);
      socket.once('connect', onConnect);
      socket.once('error', onError);
      socket.connect({ host: options.host, port: options.port });
      return () => socket.destroy();
    });
    socket.removeAllListeners('connect');
    socket.removeAllListeners('error');
    this.attach(socket);
  }

  private attach(socket: Socket): void {
    this.socket = socket;
    socket.setNoDelay(this.options?.noDelay ?? true);
    if (this.options?.keepAlive) socket.setKeepAlive(true);
    socket.on('data', (chunk: Buffer) => this.received(chunk));
    socket.on('drain', () => this.emit('drain'));
    socket.on('error', (err: Error & { code?: string }) => {
      this.failed(new LabwireError(ErrorCode.CLOSED, `${this.remoteLabel}: ${err.message}`, { cause: err }));
    });
    socket.on('close', (hadError: boolean) => {
      clearTimeout(this.graceTimer);
      this.closed({ hadError });
    });
  }

  private graceTimer: ReturnType<typeof setTimeout> | undefined;

  protected send(data: TransportData): boolean {
    return this.socket!.write(data);
  }

  flush(): Promise<void> {
    const socket = this.socket;
    if (socket === undefined || socket.writableLength === 0 || this.state !== 'open')
      return Promise.resolve();
    // An empty write's callback runs once everything queued before it was handed to the OS.
    return new Promise((resolve) => socket.write(new Uint8Array(0), () => resolve()));
  }

  protected endGracefully(): void {
    const socket = this.socket;
    if (socket === undefined) {
      this.closed({ hadError: false });
      return;
    }
    socket.end();
    this.graceTimer = setTimeout(() => socket.destroy(), this.options?.closeGraceMs ?? Timeouts.closeGraceMs);
    this.graceTimer.unref?.();
  }

  protected kill(): void {
    this.socket?.destroy();
  }
}
