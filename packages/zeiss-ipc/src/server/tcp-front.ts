import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { ErrorCode, LabwireError } from '@labwire/core';
import { type LegacyReadEvent, LegacyRequestReader } from './legacy-request-reader.js';
import type { ServerPeer } from './peer.js';

/** One accepted TCP connection (legacy-tcp). */
class TcpPeer implements ServerPeer {
  done = false;
  readonly controller = new AbortController();
  readonly framing = 'stream' as const;
  readonly closed: Promise<void>;

  constructor(
    readonly id: number,
    readonly socket: Socket,
  ) {
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  sendText(text: string): void {
    this.socket.write(text);
  }

  close(): void {
    this.socket.end();
  }

  end(bytes: Uint8Array): void {
    this.socket.end(bytes);
  }

  sendRaw(data: string | Uint8Array): void {
    this.socket.write(data);
  }

  terminate(): void {
    this.socket.destroy();
  }
}

export interface TcpFrontHandlers {
  /** One complete request, abort or decode failure per connection. */
  event(peer: ServerPeer, event: LegacyReadEvent): void;
  error(error: LabwireError): void;
}

/**
 * The raw TCP side for the `legacy-tcp` dialect: half-open sockets allowed (a client that
 * half-closes still gets its reply), one request per connection.
 */
export class TcpFront {
  private server: Server | undefined;
  private nextId = 1;
  readonly peers = new Set<ServerPeer>();

  constructor(
    private readonly options: { host: string; port: number; maxMessageBytes: number },
    private readonly handlers: TcpFrontHandlers,
  ) {}

  async listen(): Promise<number> {
    const server = createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) =>
        reject(
          new LabwireError(
            ErrorCode.CONNECT_FAILED,
            `cannot listen on ${this.options.host}:${this.options.port}: ${err.message}`,
            { cause: err },
          ),
        ),
      );
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    server.on('error', (err) =>
      this.handlers.error(new LabwireError(ErrorCode.INTERNAL, err.message, { cause: err })),
    );
    return (server.address() as AddressInfo).port;
  }

  private accept(socket: Socket): void {
    const peer = new TcpPeer(this.nextId++, socket);
    this.peers.add(peer);
    socket.setNoDelay(true);
    const reader = new LegacyRequestReader(this.options.maxMessageBytes);
    const deliver = (event: LegacyReadEvent | undefined) => {
      if (event !== undefined && !peer.done) this.handlers.event(peer, event);
    };
    socket.on('data', (chunk: Buffer) => deliver(reader.push(chunk)));
    socket.on('end', () => deliver(reader.end()));
    socket.on('error', (err) =>
      this.handlers.error(
        new LabwireError(ErrorCode.CLOSED, `connection ${peer.id}: ${err.message}`, { cause: err }),
      ),
    );
    socket.on('close', () => {
      peer.done = true;
      peer.controller.abort(new LabwireError(ErrorCode.CLOSED, `connection ${peer.id} closed`));
      this.peers.delete(peer);
    });
  }

  stopListening(): Promise<void> {
    const server = this.server;
    if (server === undefined) return Promise.resolve();
    this.server = undefined;
    return new Promise((resolve) => server.close(() => resolve()));
  }
}
