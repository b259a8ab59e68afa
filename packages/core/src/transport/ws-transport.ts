import WebSocket from 'ws';
import { ErrorCode, LabwireError } from '../errors.js';
import { Timeouts } from '../limits.js';
import { BaseTransport } from './base-transport.js';
import { raceConnect } from './connect-race.js';
import type { TransportData } from './transport.js';

export interface WsTransportOptions {
  url: string;
  protocols?: string | string[];
  headers?: Record<string, string>;
  connectTimeoutMs?: number;
  /** Largest incoming message (ws closes with 1009 above it). */
  maxPayload?: number;
  /** `write` returns false above this many buffered bytes. */
  highWaterMark?: number;
  closeGraceMs?: number;
}

const DEFAULT_HIGH_WATER_MARK = 1024 * 1024;

/** A message transport over `ws`: text frames arrive as strings, binary frames as bytes. */
export class WsTransport extends BaseTransport {
  readonly kind = 'message' as const;
  private socket: WebSocket | undefined;
  private readonly options: WsTransportOptions;
  private needDrain = false;

  constructor(options: WsTransportOptions) {
    super();
    this.options = options;
  }

  /** Wraps a socket that a `ws` server accepted. */
  static fromSocket(socket: WebSocket, remote = 'ws://peer'): WsTransport {
    const transport = new WsTransport({ url: remote });
    transport.attach(socket);
    transport.currentState = 'open';
    return transport;
  }

  get remote(): string {
    return this.options.url;
  }

  get rawSocket(): WebSocket | undefined {
    return this.socket;
  }

  protected async connect(signal?: AbortSignal): Promise<void> {
    const socket = new WebSocket(this.options.url, this.options.protocols, {
      headers: this.options.headers,
      maxPayload: this.options.maxPayload,
      perMessageDeflate: false,
    });
    await raceConnect(
      this.options.url,
      this.options.connectTimeoutMs ?? Timeouts.connectMs,
      signal,
      (settle) => {
        socket.once('open', () => settle());
        socket.once('error', (err: Error) => settle(err));
        return () => {
          // A late error from the abandoned socket must not go unhandled.
          socket.on('error', () => {});
          socket.terminate();
        };
      },
    );
    socket.removeAllListeners('open');
    socket.removeAllListeners('error');
    this.attach(socket);
  }

  private attach(socket: WebSocket): void {
    this.socket = socket;
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      const bytes = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(data);
      this.received(isBinary ? bytes : bytes.toString('utf8'));
    });
    socket.on('error', (err: Error) => {
      this.failed(new LabwireError(ErrorCode.CLOSED, `${this.remote}: ${err.message}`, { cause: err }));
    });
    socket.on('close', (code: number, reason: Buffer) => {
      clearTimeout(this.graceTimer);
      // 1000 and 1001 are orderly; 1005 means the peer sent no code.
      const hadError = !(code === 1000 || code === 1001 || code === 1005);
      this.closed({ hadError, code, reason: reason.toString('utf8') });
    });
  }

  private graceTimer: ReturnType<typeof setTimeout> | undefined;

  protected send(data: TransportData): boolean {
    const socket = this.socket!;
    const binary = typeof data !== 'string';
    socket.send(data, { binary }, () => this.checkDrain());
    const full = socket.bufferedAmount > (this.options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK);
    if (full) this.needDrain = true;
    return !full;
  }

  private checkDrain(): void {
    if (!this.needDrain || this.socket === undefined) return;
    if (this.socket.bufferedAmount <= (this.options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK) / 2) {
      this.needDrain = false;
      this.emit('drain');
    }
  }

  flush(): Promise<void> {
    const socket = this.socket;
    if (socket === undefined || socket.bufferedAmount === 0 || this.state !== 'open')
      return Promise.resolve();
    return new Promise((resolve) => {
      const poll = () =>
        socket.bufferedAmount === 0 || socket.readyState !== WebSocket.OPEN ? resolve() : setTimeout(poll, 1);
      poll();
    });
  }

  protected endGracefully(code = 1000, reason = ''): void {
    const socket = this.socket;
    if (socket === undefined) {
      this.closed({ hadError: false });
      return;
    }
    socket.close(code, reason);
    this.graceTimer = setTimeout(
      () => socket.terminate(),
      this.options.closeGraceMs ?? Timeouts.closeGraceMs,
    );
    this.graceTimer.unref?.();
  }

  protected kill(): void {
    this.socket?.terminate();
  }
}
