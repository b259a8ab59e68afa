import { ErrorCode, type EventMap, LabwireError, Limits, type Transport, TypedEmitter } from '@labwire/core';
import { type ZeissDialect, type ZeissDialectId, resolveDialect } from '../codec/dialects.js';
import { frameLegacyReply } from '../codec/legacy-generate.js';
import { pyReprString } from '../python/index.js';
import { type ZeissCommandMap, createCommandRouter } from './command-router.js';
import type { ZeissRequestContext, ZeissRequestHandler } from './handler.js';
import type { LegacyReadEvent } from './legacy-request-reader.js';
import {
  QUIT_CLOSE_CODE,
  QUIT_CLOSE_REASON,
  type RequestOutcome,
  processRequest,
} from './request-pipeline.js';
import { SerialQueue } from './serial-queue.js';
import { ServerLog } from './server-log.js';
import type { ServerPeer } from './peer.js';
import { TcpFront } from './tcp-front.js';
import { TransportFront } from './transport-front.js';
import { WsFront, ZEISS_KEEPALIVE_INTERVAL_MS, ZEISS_KEEPALIVE_TIMEOUT_MS } from './ws-front.js';

/** Close code for crashes (the reference library's "connection handler failed"). */
export const CRASH_CLOSE_CODE = 1011;
/** Close code for connections still open when the server stops (the cleaner choice than dropping them). */
export const SHUTDOWN_CLOSE_CODE = 1001;

export interface ZeissIpcServerOptions {
  dialect?: ZeissDialectId | ZeissDialect;
  /** Listen address; default 127.0.0.1 (the reference binds `localhost`). */
  host?: string;
  /** Default: the dialect's port (40010, legacy 7000); 0 picks a free one. */
  port?: number;
  /** Answers parsed requests; default a command router over `commands`. */
  handler?: ZeissRequestHandler;
  /** Pluggable command handlers (used when `handler` is absent). */
  commands?: ZeissCommandMap;
  /** The raw quit word stops the listener after `bye` and the 1000 close. Default: true for basics only. */
  quitStopsServer?: boolean;
  /** Standard JSON instead of Python's `json.loads` (refuses NaN, duplicate keys, lone surrogates). */
  strictJson?: boolean;
  /** Largest request; above it WebSocket closes 1009 (default 1 MiB, as the reference). */
  maxMessageBytes?: number;
  /** Accept permessage-deflate (the reference does); default false. */
  perMessageDeflate?: boolean;
  /** 0 disables the keepalive pings. */
  keepaliveIntervalMs?: number;
  keepaliveTimeoutMs?: number;
  /** The server's stdout lines (`request=...` and so on), for log-scraping setups. */
  onLog?: (line: string) => void;
  /** Print the parsed value of each request (the example server does; default true). */
  printParsed?: boolean;
}

export interface ZeissIpcServerCounters {
  connections: number;
  requests: number;
  replies: number;
  crashes: number;
  errors: number;
}

export interface ZeissIpcServerEvents extends EventMap {
  connection: (id: number) => void;
  request: (id: number, text: string) => void;
  reply: (id: number, text: string) => void;
  /** A handler raised: the connection was closed with 1011 (legacy: dropped, server stopped). */
  crash: (id: number, error: Error) => void;
  /** Bad input from a peer (oversized, invalid UTF-8) or a socket error; the server keeps running. */
  error: (error: LabwireError) => void;
  /** The server stopped (close(), quit with quitStopsServer, or a legacy exit). */
  stopped: (reason: string) => void;
}

/**
 * A ZEISS INSPECT IPC compatible server: the reference's transport, quit rule, Python JSON
 * parsing, crash behaviour and single processing queue, with the request handling pluggable.
 * `ZeissInspectSimulator` plugs in the reference's dispatcher and a simulated host.
 */
export class ZeissIpcServer extends TypedEmitter<ZeissIpcServerEvents> {
  readonly dialect: ZeissDialect;
  readonly log: ServerLog;
  readonly counters: ZeissIpcServerCounters = {
    connections: 0,
    requests: 0,
    replies: 0,
    crashes: 0,
    errors: 0,
  };
  private readonly handler: ZeissRequestHandler;
  private readonly queue = new SerialQueue();
  private readonly quitStopsServer: boolean;
  private readonly strictJson: boolean;
  private readonly maxMessageBytes: number;
  private ws: WsFront | undefined;
  private tcp: TcpFront | undefined;
  private readonly direct: TransportFront;
  private nextDirectId = 1_000_000;
  private boundPort: number | undefined;
  private readonly host: string;
  private stoppedReason: string | undefined;

  constructor(private readonly options: ZeissIpcServerOptions = {}) {
    super();
    this.dialect = resolveDialect(options.dialect);
    this.host = options.host ?? '127.0.0.1';
    this.log = new ServerLog(options.onLog);
    this.handler = options.handler ?? createCommandRouter(options.commands ?? {});
    this.quitStopsServer = options.quitStopsServer ?? this.dialect.id === 'basics';
    this.strictJson = options.strictJson ?? false;
    this.maxMessageBytes = options.maxMessageBytes ?? Limits.zeissMessageBytes;
    this.direct = new TransportFront(
      { maxMessageBytes: this.maxMessageBytes, firstId: () => this.nextDirectId++ },
      {
        message: (peer, data, isBinary) => this.onMessage(peer, data, isBinary),
        event: (peer, event) => this.onLegacyEvent(peer, event),
        error: (e) => this.fail(e),
      },
    );
  }

  /**
   * Serves a connection this server did not accept itself: an open Transport, such as the
   * server end of a `memoryPair()`. Message transports behave like WebSocket connections,
   * stream transports like legacy-tcp ones. Works without `listen()`.
   */
  accept(transport: Transport): void {
    this.counters.connections += 1;
    const peer = this.direct.accept(transport);
    this.emit('connection', peer.id);
  }

  get port(): number {
    if (this.boundPort === undefined)
      throw new LabwireError(ErrorCode.NOT_CONNECTED, 'server is not listening');
    return this.boundPort;
  }

  /** `ws://127.0.0.1:<port>` (or `tcp://...` for legacy-tcp). */
  get url(): string {
    const scheme = this.dialect.transport === 'tcp' ? 'tcp' : 'ws';
    return `${scheme}://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.port}`;
  }

  get listening(): boolean {
    return this.boundPort !== undefined && this.stoppedReason === undefined;
  }

  /** Starts listening; resolves with the port. */
  async listen(): Promise<number> {
    if (this.boundPort !== undefined) throw new LabwireError(ErrorCode.PROTOCOL, 'server already started');
    const port = this.options.port ?? this.dialect.defaultPort;
    if (this.dialect.transport === 'tcp') {
      this.tcp = new TcpFront(
        { host: this.host, port, maxMessageBytes: this.maxMessageBytes },
        { event: (peer, event) => this.onLegacyEvent(peer, event), error: (e) => this.fail(e) },
      );
      this.boundPort = await this.tcp.listen();
    } else {
      this.ws = new WsFront(
        {
          host: this.host,
          port,
          maxMessageBytes: this.maxMessageBytes,
          perMessageDeflate: this.options.perMessageDeflate ?? false,
          keepaliveIntervalMs: this.options.keepaliveIntervalMs ?? ZEISS_KEEPALIVE_INTERVAL_MS,
          keepaliveTimeoutMs: this.options.keepaliveTimeoutMs ?? ZEISS_KEEPALIVE_TIMEOUT_MS,
        },
        {
          message: (peer, data, isBinary) => {
            this.onMessage(peer, data, isBinary);
          },
          error: (e) => this.fail(e),
        },
      );
      this.boundPort = await this.ws.listen();
    }
    return this.boundPort;
  }

  /** Open connections (accepted by the listener or through `accept`). */
  get connectionCount(): number {
    return this.openPeers().length;
  }

  /**
   * Test hook: sends data as it is to every open connection, outside any request — output the
   * reference never produces (a binary frame, an unsolicited text), to see what clients make of it.
   */
  inject(data: string | Uint8Array): void {
    for (const peer of this.openPeers()) if (!peer.done) peer.sendRaw(data);
  }

  /** Test hook: drops every open connection without a close frame, as a crashed ZEISS INSPECT would. */
  dropConnections(): void {
    for (const peer of this.openPeers()) {
      peer.done = true;
      peer.terminate();
    }
  }

  private openPeers(): ServerPeer[] {
    return [...(this.ws?.peers ?? []), ...(this.tcp?.peers ?? []), ...this.direct.peers];
  }

  /** Stops listening and closes every connection (1001 on WebSocket). Idempotent. */
  async close(): Promise<void> {
    await this.stop('closed', 'close');
  }

  private fail(error: LabwireError): void {
    this.counters.errors += 1;
    this.emit('error', error);
  }

  private context(id: number, text: string, signal: AbortSignal): ZeissRequestContext {
    return { connection: id, text, dialect: this.dialect, signal };
  }

  private onMessage(peer: ServerPeer, data: Buffer, isBinary: boolean): void {
    void this.queue.push(async () => {
      if (peer.done) return;
      this.counters.requests += 1;
      let outcome: RequestOutcome;
      if (isBinary) {
        // `request.startswith("quit")` on bytes raises TypeError before anything else.
        this.log.print(`request=b${pyReprString(data.toString('latin1'))}`);
        outcome = {
          kind: 'crash',
          error: new Error('TypeError: startswith first arg must be bytes or a tuple of bytes, not str'),
        };
      } else {
        const text = data.toString('utf8');
        this.emit('request', peer.id, text);
        outcome = await processRequest(text, this.context(peer.id, text, peer.controller.signal), {
          dialect: this.dialect,
          handler: this.handler,
          log: this.log,
          strictJson: this.strictJson,
          printParsed: this.options.printParsed ?? true,
        });
      }
      if (peer.done) {
        // The client left before its reply; the Basics template then stops the whole server.
        if (outcome.kind === 'reply' && this.dialect.id === 'basics')
          void this.stop('reply to a closed connection', 'drop');
        return;
      }
      switch (outcome.kind) {
        case 'reply':
          this.counters.replies += 1;
          peer.sendText(outcome.text);
          this.emit('reply', peer.id, outcome.text);
          return;
        case 'quit':
          this.counters.replies += 1;
          peer.done = true;
          peer.sendText(outcome.text);
          this.emit('reply', peer.id, outcome.text);
          peer.close(QUIT_CLOSE_CODE, QUIT_CLOSE_REASON);
          this.log.print('Connection closed by client.');
          if (this.quitStopsServer) void this.stop('quit', this.dialect.id === 'basics' ? 'drop' : 'close');
          return;
        case 'crash':
          this.counters.crashes += 1;
          peer.done = true;
          peer.close(CRASH_CLOSE_CODE, '');
          this.emit('crash', peer.id, outcome.error);
      }
    });
  }

  private onLegacyEvent(peer: ServerPeer, event: LegacyReadEvent): void {
    void this.queue.push(async () => {
      if (peer.done) return;
      if (event.kind === 'abort') {
        peer.done = true;
        peer.close(1000);
        // The abort path calls sys.exit without importing sys: the server exits.
        await this.stop('legacy abort (0x1A)', 'drop');
        return;
      }
      if (event.kind === 'too-large') {
        // Our limit, not the reference's: only this connection is dropped.
        peer.done = true;
        this.fail(
          new LabwireError(
            ErrorCode.LIMIT_EXCEEDED,
            `connection ${peer.id}: request exceeds ${event.limit} characters`,
          ),
        );
        peer.terminate();
        return;
      }
      if (event.kind === 'decode-error') {
        peer.done = true;
        this.fail(new LabwireError(ErrorCode.MALFORMED, `connection ${peer.id}: ${event.message}`));
        peer.terminate();
        await this.stop('legacy request was not UTF-8', 'drop');
        return;
      }
      this.counters.requests += 1;
      this.emit('request', peer.id, event.text);
      const outcome = await processRequest(
        event.text,
        this.context(peer.id, event.text, peer.controller.signal),
        {
          dialect: this.dialect,
          handler: this.handler,
          log: this.log,
          strictJson: this.strictJson,
        },
      );
      peer.done = true;
      if (outcome.kind === 'crash') {
        // No event loop library catches it: the script ends.
        this.counters.crashes += 1;
        peer.terminate();
        this.emit('crash', peer.id, outcome.error);
        await this.stop('legacy handler crashed', 'drop');
        return;
      }
      this.counters.replies += 1;
      peer.end(frameLegacyReply(outcome.text));
      this.emit('reply', peer.id, outcome.text);
    });
  }

  /** Stops listening; `close` ends open WebSockets with 1001, `drop` terminates them without a close frame. */
  private async stop(reason: string, others: 'close' | 'drop'): Promise<void> {
    const first = this.stoppedReason === undefined;
    this.stoppedReason ??= reason;
    const ws = this.ws;
    const tcp = this.tcp;
    this.ws = undefined;
    this.tcp = undefined;
    const waits: Promise<void>[] = [];
    if (ws !== undefined) waits.push(ws.stopListening());
    if (tcp !== undefined) waits.push(tcp.stopListening());
    const peers = [...(ws?.peers ?? []), ...(tcp?.peers ?? []), ...this.direct.peers];
    for (const peer of peers) {
      waits.push(peer.closed);
      if (peer.done) {
        // Already closing (its close handshake or reply is under way): a short grace, then gone.
        setTimeout(() => peer.terminate(), 200).unref();
      } else if (others === 'drop' || peer.framing === 'stream') {
        peer.done = true;
        peer.terminate();
      } else {
        peer.done = true;
        peer.close(SHUTDOWN_CLOSE_CODE, 'Server stopping.');
        setTimeout(() => peer.terminate(), 1000).unref();
      }
    }
    if (first) this.emit('stopped', reason);
    await Promise.all(waits);
  }
}
