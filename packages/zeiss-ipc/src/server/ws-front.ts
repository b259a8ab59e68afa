import type { AddressInfo } from 'node:net';
import { ErrorCode, LabwireError } from '@labwire/core';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ServerPeer } from './peer.js';

/** The reference library's keepalive: a ping every 20 s, close 1011 when the pong is 20 s late. */
export const ZEISS_KEEPALIVE_INTERVAL_MS = 20_000;
export const ZEISS_KEEPALIVE_TIMEOUT_MS = 20_000;

export interface WsFrontOptions {
  host: string;
  port: number;
  maxMessageBytes: number;
  perMessageDeflate: boolean;
  keepaliveIntervalMs: number;
  keepaliveTimeoutMs: number;
}

/** One accepted WebSocket. */
class WsPeer implements ServerPeer {
  done = false;
  readonly controller = new AbortController();
  readonly framing = 'message' as const;
  readonly closed: Promise<void>;

  constructor(
    readonly id: number,
    readonly socket: WebSocket,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  sendText(text: string): void {
    this.socket.send(text);
  }

  close(code: number, reason?: string): void {
    this.socket.close(code, reason);
  }

  sendRaw(data: string | Uint8Array): void {
    this.socket.send(data, { binary: typeof data !== 'string' });
  }

  end(): void {
    this.socket.close(1000);
  }

  terminate(): void {
    this.socket.terminate();
  }
}

export interface WsFrontHandlers {
  message(peer: ServerPeer, data: Buffer, isBinary: boolean): void;
  error(error: LabwireError): void;
}

/**
 * The WebSocket side of the compatible server (§2): any path, no subprotocol, text frames
 * only (binary is the handler's business), messages above `maxMessageBytes` closed with 1009
 * and invalid UTF-8 with 1007 by `ws` itself, and the reference library's keepalive pings.
 */
export class WsFront {
  private wss: WebSocketServer | undefined;
  private nextId = 1;
  readonly peers = new Set<ServerPeer>();

  constructor(
    private readonly options: WsFrontOptions,
    private readonly handlers: WsFrontHandlers,
  ) {}

  async listen(): Promise<number> {
    const wss = new WebSocketServer({
      host: this.options.host,
      port: this.options.port,
      maxPayload: this.options.maxMessageBytes,
      // The reference selects no subprotocol whatever the client offers (ws would pick the first).
      handleProtocols: () => false,
      perMessageDeflate: this.options.perMessageDeflate
        ? { serverMaxWindowBits: 12, clientMaxWindowBits: 12 }
        : false,
    });
    this.wss = wss;
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', (err) =>
        reject(
          new LabwireError(
            ErrorCode.CONNECT_FAILED,
            `cannot listen on ${this.options.host}:${this.options.port}: ${err.message}`,
            { cause: err },
          ),
        ),
      );
    });
    wss.on('error', (err) =>
      this.handlers.error(new LabwireError(ErrorCode.INTERNAL, err.message, { cause: err })),
    );
    wss.on('connection', (socket) => this.accept(socket));
    return (wss.address() as AddressInfo).port;
  }

  private accept(socket: WebSocket): void {
    const peer = new WsPeer(this.nextId++, socket);
    this.peers.add(peer);
    let awaitingPong = false;
    let pongTimer: ReturnType<typeof setTimeout> | undefined;
    const pingTimer =
      this.options.keepaliveIntervalMs > 0
        ? setInterval(() => {
            if (awaitingPong) return;
            awaitingPong = true;
            socket.ping();
            pongTimer = setTimeout(() => {
              if (!peer.done) {
                peer.done = true;
                socket.close(1011, 'keepalive ping timeout');
                this.handlers.error(
                  new LabwireError(ErrorCode.TIMEOUT, `connection ${peer.id}: keepalive ping timeout`),
                );
              }
            }, this.options.keepaliveTimeoutMs);
          }, this.options.keepaliveIntervalMs)
        : undefined;
    pingTimer?.unref();
    socket.on('pong', () => {
      awaitingPong = false;
      clearTimeout(pongTimer);
    });
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (peer.done) return;
      const bytes = Array.isArray(data)
        ? Buffer.concat(data)
        : Buffer.isBuffer(data)
          ? data
          : Buffer.from(data);
      this.handlers.message(peer, bytes, isBinary);
    });
    socket.on('error', (err: Error & { code?: string }) => {
      // ws closes with 1009 / 1007 / 1002 by itself; we only count and report it.
      const code =
        err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? ErrorCode.LIMIT_EXCEEDED : ErrorCode.MALFORMED;
      this.handlers.error(
        new LabwireError(code, `connection ${peer.id}: ${err.message}`, {
          cause: err,
          details: { wsCode: err.code },
        }),
      );
    });
    socket.on('close', () => {
      clearInterval(pingTimer);
      clearTimeout(pongTimer);
      peer.done = true;
      peer.controller.abort(new LabwireError(ErrorCode.CLOSED, `connection ${peer.id} closed`));
      this.peers.delete(peer);
    });
  }

  /** Stops accepting connections; open ones stay (the caller decides what to do with them). */
  stopListening(): Promise<void> {
    const wss = this.wss;
    if (wss === undefined) return Promise.resolve();
    this.wss = undefined;
    return new Promise((resolve) => wss.close(() => resolve()));
  }
}
