import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import {
  ErrorCode,
  LabwireError,
  Limits,
  TcpTransport,
  Timeouts,
  type Transport,
  TypedEmitter,
} from '@labwire/core';
import { DEFAULT_DIALECT, type Dialect } from '../codec/dialect.js';
import type { PymodaqMessage } from '../codec/messages.js';
import { PymodaqErrorCode } from '../errors.js';
import { PymodaqConnection } from './connection.js';
import { type InstrumentType, RemoteInstrument } from './remote-instrument.js';

/** PyMoDAQ's default TCP/IP port. */
export const PYMODAQ_DEFAULT_PORT = 6341;

export interface TcpServerOptions {
  /** Default 127.0.0.1 (PyMoDAQ's shipped 10.47.0.39 is a lab address). */
  host?: string;
  /** Default 6341; 0 for any free port. */
  port?: number;
  /** Dialect of connections that do not identify as v5 (default `v4`). */
  dialect?: Dialect;
  /** Recognise v5 clients from their first message (default true). */
  recogniseV5?: boolean;
  /** Largest accepted message and length field (default 256 MiB). */
  maxMessageBytes?: number;
  /** A client must identify within this time (default 10 s). */
  identifyTimeoutMs?: number;
  /** Default time a request waits for its reply (default 60 s). */
  requestTimeoutMs?: number;
  /** Switches for the reference server's behaviour, to test clients against it (default: off). */
  quirks?: TcpServerQuirks;
}

export interface TcpServerQuirks {
  /**
   * Handle each incoming message this long after it arrives: the 4.x server polls its sockets
   * from a 100 ms Qt timer and sleeps 100 ms per readable socket (reference §8).
   */
  handlingDelayMs?: number;
}

export type TcpServerEvents = {
  /** A client identified as GRABBER or ACTUATOR. */
  instrument: (instrument: RemoteInstrument) => void;
  /** A client misbehaved (bad identification, silence, bad input): only that client is closed. */
  error: (error: LabwireError, remote: string) => void;
  /** The listener itself failed after it was listening; clients already connected stay. */
  failed: (error: LabwireError) => void;
  close: () => void;
};

let serial = 0;

/**
 * The server role — what PyMoDAQ's TCPServer plugin does: accepts remote detectors and
 * actuators, reads their identification asynchronously (with a timeout, unlike the reference,
 * whose GUI thread blocks on a silent client) and hands each out as a RemoteInstrument. Every
 * client stays addressable; `latest(type)` is the reference's "last connected of its type".
 */
export class TcpServer extends TypedEmitter<TcpServerEvents> {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly connections = new Set<PymodaqConnection>();
  private readonly connected: RemoteInstrument[] = [];
  private readonly options: Required<Omit<TcpServerOptions, 'quirks'>> & { quirks: TcpServerQuirks };
  /** Connections accepted, clients identified, clients refused (bad identification, silence, bad input before it). */
  readonly counters = { accepted: 0, identified: 0, refused: 0 };

  constructor(options: TcpServerOptions = {}) {
    super();
    this.options = {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? PYMODAQ_DEFAULT_PORT,
      dialect: options.dialect ?? DEFAULT_DIALECT,
      recogniseV5: options.recogniseV5 ?? true,
      maxMessageBytes: options.maxMessageBytes ?? Limits.pymodaqMessageBytes,
      identifyTimeoutMs: options.identifyTimeoutMs ?? Timeouts.pymodaqIdentifyMs,
      requestTimeoutMs: options.requestTimeoutMs ?? Timeouts.pymodaqRequestMs,
      quirks: options.quirks ?? {},
    };
  }

  /** Identified clients still connected, oldest first. */
  get instruments(): readonly RemoteInstrument[] {
    return this.connected;
  }

  /** The last connected client of a type: the one the reference server addresses. */
  latest(type: InstrumentType): RemoteInstrument | undefined {
    for (let i = this.connected.length - 1; i >= 0; i--)
      if (this.connected[i]!.type === type) return this.connected[i];
    return undefined;
  }

  /** Resolves with the next client of a type to identify (or the one already there). */
  waitFor(type: InstrumentType, signal?: AbortSignal): Promise<RemoteInstrument> {
    const there = this.latest(type);
    if (there !== undefined) return Promise.resolve(there);
    return new Promise((resolve, reject) => {
      const onInstrument = (instrument: RemoteInstrument) => {
        if (instrument.type !== type) return;
        this.off('instrument', onInstrument);
        signal?.removeEventListener('abort', onAbort);
        resolve(instrument);
      };
      const onAbort = () => {
        this.off('instrument', onInstrument);
        reject(
          new LabwireError(ErrorCode.ABORTED, `stopped waiting for a ${type}`, { cause: signal?.reason }),
        );
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.on('instrument', onInstrument);
    });
  }

  get address(): { host: string; port: number } | undefined {
    const a = this.server?.address() as AddressInfo | null | undefined;
    return a ? { host: a.address, port: a.port } : undefined;
  }

  listen(): Promise<{ host: string; port: number }> {
    if (this.server !== undefined)
      return Promise.reject(new LabwireError(ErrorCode.PROTOCOL, 'server already listening'));
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      this.accept(TcpTransport.fromSocket(socket));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', (err) => {
        this.server = undefined;
        reject(
          new LabwireError(
            ErrorCode.CONNECT_FAILED,
            `cannot listen on ${this.options.host}:${this.options.port}: ${err.message}`,
            { cause: err },
          ),
        );
      });
      server.listen(this.options.port, this.options.host, () => {
        server.removeAllListeners('error');
        server.on('error', (err) =>
          this.emit(
            'failed',
            new LabwireError(ErrorCode.CLOSED, `listener failed: ${err.message}`, { cause: err }),
          ),
        );
        resolve(this.address!);
      });
    });
  }

  /** Takes over a connection (a socket the server accepted, or a memory transport in tests). */
  accept(transport: Transport): void {
    const connection = new PymodaqConnection(transport, {
      dialect: this.options.dialect,
      side: 'server',
      recogniseV5: this.options.recogniseV5,
      maxLength: this.options.maxMessageBytes,
      maxMessageBytes: this.options.maxMessageBytes,
    });
    const remote = transport.remote;
    this.counters.accepted += 1;
    this.connections.add(connection);
    connection.on('close', () => this.connections.delete(connection));
    const refuse = (error: LabwireError) => {
      cleanup();
      this.counters.refused += 1;
      this.emit('error', error, remote);
      connection.destroy(error);
    };
    const timer = setTimeout(
      () =>
        refuse(
          new LabwireError(
            ErrorCode.TIMEOUT,
            `${remote} did not identify within ${this.options.identifyTimeoutMs} ms`,
            {
              details: { timeoutMs: this.options.identifyTimeoutMs },
            },
          ),
        ),
      this.options.identifyTimeoutMs,
    );
    const onMessage = (m: PymodaqMessage) => {
      if (m.command !== 'GRABBER' && m.command !== 'ACTUATOR') {
        refuse(
          new LabwireError(
            PymodaqErrorCode.BAD_IDENTIFICATION,
            `${remote}: ${JSON.stringify(m.command)} is not a valid type`,
            {
              details: { command: m.command },
            },
          ),
        );
        return;
      }
      cleanup();
      this.counters.identified += 1;
      serial += 1;
      const instrument = new RemoteInstrument(
        `${m.command.toLowerCase()}-${serial}`,
        m.command,
        connection,
        this.options.requestTimeoutMs,
        this.options.quirks.handlingDelayMs ?? 0,
      );
      this.connected.push(instrument);
      instrument.on('close', () => {
        const i = this.connected.indexOf(instrument);
        if (i >= 0) this.connected.splice(i, 1);
      });
      this.emit('instrument', instrument);
    };
    const onError = (err: LabwireError) => refuse(err);
    const onClose = () => cleanup();
    const cleanup = () => {
      clearTimeout(timer);
      connection.off('message', onMessage);
      connection.off('error', onError);
      connection.off('close', onClose);
    };
    connection.on('message', onMessage);
    connection.on('error', onError);
    connection.on('close', onClose);
  }

  /** Stops listening and closes every client. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const instrument of [...this.connected]) void instrument.close();
    for (const connection of this.connections) connection.destroy();
    for (const socket of this.sockets) socket.destroy();
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.emit('close');
  }
}
