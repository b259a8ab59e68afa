import {
  ErrorCode,
  type EventMap,
  LabwireError,
  type ReconnectOptions,
  type TransportCloseInfo,
  type TransportFactory,
  TypedEmitter,
  abortError,
  isLabwireError,
} from '@labwire/core';
import type { z } from 'zod';
import { type ZeissDialect, type ZeissDialectId, resolveDialect } from '../codec/dialects.js';
import { ZeissErrorCode } from '../codec/errors.js';
import type { EncodeOptions } from '../codec/request-generate.js';
import { frameLegacyRequest } from '../codec/legacy-generate.js';
import { classifyReply } from '../codec/reply-parse.js';
import type { ImportMode, ZeissReply, ZeissRequest } from '../codec/types.js';
import { ZeissConnection } from './connection.js';
import { type InFlight, sendAndAwaitReply } from './reply-matcher.js';
import {
  ZEISS_COMMAND_TIMEOUT_MS,
  ZEISS_CONNECT_TIMEOUT_MS,
  ZEISS_MAX_REPLY_BYTES,
  ZEISS_MAX_REQUEST_BYTES,
} from './constants.js';
import { type CustomCommand, customRequest } from './custom-command.js';
import { Reconnector } from './reconnect.js';
import { encodeForWire } from './request-encoding.js';
import { RequestQueue } from './request-queue.js';
import { transportForUrl } from './transport-factory.js';

export interface ZeissIpcClientOptions {
  /** `ws://host:40010` (example, basics) or `tcp://host:7000` (legacy-tcp). */
  url?: string;
  /** Overrides `url`: makes a fresh, unopened transport per connection (tests hand in memory pairs). */
  transport?: TransportFactory;
  dialect?: ZeissDialectId | ZeissDialect;
  /** `focalLengthAs: 'number'`, `trailingNewline: false`, ... (defaults: the dialect's). */
  encoding?: EncodeOptions;
  /** Replies that mean success besides the dialect's (for extended servers). */
  successTokens?: readonly string[];
  /** Per request, unless the call gives its own (default 300 s: imports are slow). */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Background reconnect after a drop; `false` to reconnect only when the next request needs it. */
  reconnect?: ReconnectOptions | false;
  /** Open and close a connection for every request, like the reference client (always so for legacy-tcp). */
  connectionPerRequest?: boolean;
  maxRequestBytes?: number;
  maxReplyBytes?: number;
}

export interface SendOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface ZeissIpcClientCounters {
  requests: number;
  replies: number;
  /** Requests whose outcome cannot be known (timeout, 1011, connection lost). */
  outcomeUnknown: number;
  errors: number;
  connects: number;
  /** Request and reply bytes (UTF-8; legacy framing included). */
  bytesOut: number;
  bytesIn: number;
}

export interface ZeissIpcClientEvents extends EventMap {
  open: () => void;
  close: (info: TransportCloseInfo) => void;
  /** Every reply, decoded, with the request it answers. */
  reply: (reply: ZeissReply, text: string, request: ZeissRequest) => void;
  /** Something wrong that is not a request's result (unsolicited reply, binary frame, failed reconnect). */
  error: (error: LabwireError) => void;
  reconnecting: (attempt: number, delayMs: number) => void;
}

export interface ImportImageArgs {
  file: string;
  name: string;
  focalLength: number;
}

export interface ImportElementsArgs {
  file: string;
  importMode: ImportMode | (string & {});
}

/** A reply as decoded and as received. */
export interface ZeissExchange {
  reply: ZeissReply;
  text: string;
}

/** An `Error: ...` reply as a LabwireError: the message is the server's reason. */
export function commandFailed(reply: Extract<ZeissReply, { type: 'error' }>): LabwireError {
  return new LabwireError(ErrorCode.COMMAND_FAILED, reply.message, { details: { reply } });
}

/**
 * Client of a ZEISS INSPECT IPC server (the gateway side): typed commands, one request in flight
 * with the rest queued, timeouts, "outcome unknown" for 1011 / lost connections / timeouts
 * (never reported as success or failure), and reconnects.
 */
export class ZeissIpcClient extends TypedEmitter<ZeissIpcClientEvents> {
  readonly dialect: ZeissDialect;
  readonly counters: ZeissIpcClientCounters = {
    requests: 0,
    replies: 0,
    outcomeUnknown: 0,
    errors: 0,
    connects: 0,
    bytesOut: 0,
    bytesIn: 0,
  };
  private readonly factory: TransportFactory;
  private readonly queue = new RequestQueue();
  private readonly perRequest: boolean;
  private readonly reconnector: Reconnector | undefined;
  private connection: ZeissConnection | undefined;
  private connecting: Promise<ZeissConnection> | undefined;
  private inFlight: InFlight | undefined;
  private closedByUser = false;
  private quitting = false;

  constructor(private readonly options: ZeissIpcClientOptions) {
    super();
    const base = resolveDialect(options.dialect);
    this.dialect =
      options.successTokens === undefined
        ? base
        : { ...base, successTokens: [...base.successTokens, ...options.successTokens] };
    if (options.transport !== undefined) this.factory = options.transport;
    else if (options.url !== undefined) {
      this.factory = transportForUrl(options.url, this.dialect, {
        connectTimeoutMs: options.connectTimeoutMs ?? ZEISS_CONNECT_TIMEOUT_MS,
        maxReplyBytes: options.maxReplyBytes ?? ZEISS_MAX_REPLY_BYTES,
        replyGraceMs: options.commandTimeoutMs ?? ZEISS_COMMAND_TIMEOUT_MS,
      });
    } else
      throw new LabwireError(ErrorCode.INVALID_ARGUMENT, 'ZeissIpcClient needs a url or a transport factory');
    this.perRequest = this.dialect.transport === 'tcp' || options.connectionPerRequest === true;
    this.reconnector =
      options.reconnect === false || this.perRequest
        ? undefined
        : new Reconnector(
            options.reconnect ?? {},
            async () => {
              // Through ensureConnection, so a request arriving meanwhile shares this attempt.
              await this.ensureConnection();
            },
            (attempt, delay) => this.emit('reconnecting', attempt, delay),
            (err) =>
              this.report(
                new LabwireError(
                  ErrorCode.CONNECT_FAILED,
                  `gave up reconnecting: ${String((err as Error)?.message ?? err)}`,
                ),
              ),
          );
  }

  /** True while a persistent connection is open. */
  get connected(): boolean {
    return this.connection?.open === true;
  }

  /** Requests queued or in flight. */
  get queued(): number {
    return this.queue.size;
  }

  /**
   * Opens the persistent connection (legacy-tcp and connection-per-request: does nothing; each
   * request connects). Rejects with CONNECT_FAILED, TIMEOUT or ABORTED.
   */
  async connect(signal?: AbortSignal): Promise<void> {
    this.closedByUser = false;
    if (this.perRequest) return;
    await this.ensureConnection(signal);
  }

  /** Closes the connection and stops reconnecting; queued requests fail with CLOSED. */
  async close(): Promise<void> {
    this.closedByUser = true;
    this.reconnector?.cancel();
    this.queue.clear(new LabwireError(ErrorCode.CLOSED, 'client closed'));
    const connection = this.connection;
    this.connection = undefined;
    if (connection !== undefined) await connection.close(1000);
  }

  /** Sends any request and resolves with the decoded reply, whatever it says. */
  async send(request: ZeissRequest, options: SendOptions = {}): Promise<ZeissReply> {
    return (await this.request(request, options)).reply;
  }

  /**
   * Sends text exactly as given (one text message; legacy-tcp adds 0x04). No escaping, no
   * checks beyond size: text starting with `quit` ends the session.
   */
  async sendText(text: string, options: SendOptions = {}): Promise<ZeissReply> {
    return (await this.request(text, options)).reply;
  }

  /** A request (or raw text) and its reply, both as decoded and as the text received. */
  request(request: ZeissRequest | string, options: SendOptions = {}): Promise<ZeissExchange> {
    let payload: string | Uint8Array;
    const limit = this.options.maxRequestBytes ?? ZEISS_MAX_REQUEST_BYTES;
    try {
      payload =
        typeof request === 'string'
          ? this.rawPayload(request, limit)
          : encodeForWire(request, this.dialect, this.options.encoding ?? {}, limit);
    } catch (err) {
      return Promise.reject(err);
    }
    const isQuit =
      typeof request === 'string'
        ? this.dialect.quitWord !== undefined && request.startsWith(this.dialect.quitWord)
        : request.command === 'quit';
    const asRequest: ZeissRequest =
      typeof request === 'string' ? { command: 'custom', body: request } : request;
    this.closedByUser = false;
    return this.queue.enqueue(async () => {
      const text = await this.exchange(payload, isQuit, options);
      // After bye the server closes this connection: never send on it again.
      if (isQuit) this.connection = undefined;
      const reply = classifyReply(text, this.dialect);
      this.counters.replies += 1;
      this.emit('reply', reply, text, asRequest);
      return { reply, text };
    }, options.signal);
  }

  private rawPayload(text: string, limit: number): string | Uint8Array {
    const size = Buffer.byteLength(text, 'utf8');
    if (size > limit) {
      throw new LabwireError(
        ErrorCode.LIMIT_EXCEEDED,
        `request of ${size} bytes exceeds the server's limit of ${limit} bytes`,
        {
          details: { size, limit },
        },
      );
    }
    return this.dialect.transport === 'tcp' ? frameLegacyRequest(text) : text;
  }

  /** `{"image": {...}}`: resolves on success; an `Error:` reply rejects with COMMAND_FAILED and the reason. */
  async importImage(args: ImportImageArgs, options?: SendOptions): Promise<ZeissReply> {
    if (
      typeof args.file !== 'string' ||
      typeof args.name !== 'string' ||
      typeof args.focalLength !== 'number' ||
      !Number.isFinite(args.focalLength)
    ) {
      throw new LabwireError(
        ErrorCode.INVALID_ARGUMENT,
        'importImage needs file and name as text and a finite focalLength',
      );
    }
    return this.expectSuccess(await this.send({ command: 'image', ...args }, options));
  }

  /** `{"elements": {...}}`: resolves on success; an `Error:` reply rejects with COMMAND_FAILED. */
  async importElements(args: ImportElementsArgs, options?: SendOptions): Promise<ZeissReply> {
    if (typeof args.file !== 'string' || typeof args.importMode !== 'string') {
      throw new LabwireError(ErrorCode.INVALID_ARGUMENT, 'importElements needs file and importMode as text');
    }
    return this.expectSuccess(await this.send({ command: 'elements', ...args }, options));
  }

  /** A custom command of an extended server, validated by its zod schema. */
  async invoke<S extends z.ZodType>(
    command: CustomCommand<S>,
    args: z.input<S>,
    options?: SendOptions,
  ): Promise<ZeissReply> {
    return this.expectSuccess(await this.send(customRequest(command, args), options));
  }

  /** The quit word: the server answers `bye` and closes this connection (the example server keeps running). */
  quit(options?: SendOptions): Promise<ZeissReply> {
    return this.send({ command: 'quit' }, options);
  }

  private expectSuccess(reply: ZeissReply): ZeissReply {
    if (reply.type === 'error') throw commandFailed(reply);
    return reply;
  }

  private report(error: LabwireError): void {
    this.counters.errors += 1;
    this.emit('error', error);
  }

  private async ensureConnection(signal?: AbortSignal): Promise<ZeissConnection> {
    if (!this.perRequest && this.connection?.open) return this.connection;
    if (!this.perRequest && this.connecting !== undefined) return this.connecting;
    const opening = this.openConnection(signal);
    if (!this.perRequest) {
      this.connecting = opening;
      opening.then(
        () => {
          this.connecting = undefined;
        },
        () => {
          this.connecting = undefined;
        },
      );
    }
    return opening;
  }

  private async openConnection(signal?: AbortSignal): Promise<ZeissConnection> {
    const connection = new ZeissConnection(
      this.factory(),
      this.options.maxReplyBytes ?? ZEISS_MAX_REPLY_BYTES,
    );
    connection.on('reply', (text) => {
      if (this.inFlight !== undefined && (this.perRequest || connection === this.connection))
        this.inFlight.reply(text);
      else
        this.report(
          new LabwireError(ZeissErrorCode.UNEXPECTED_REPLY, 'reply with no request waiting for it', {
            details: { text },
          }),
        );
    });
    connection.on('error', (error) => {
      if (this.inFlight !== undefined && error.code !== ErrorCode.CLOSED) this.inFlight.failed(error);
      else this.report(error);
    });
    connection.on('close', (info) => {
      this.inFlight?.closed(info);
      if (this.perRequest) return;
      const current = connection === this.connection;
      if (current) this.connection = undefined;
      this.emit('close', info);
      const expected = !current || this.closedByUser || this.quitting;
      this.quitting = false;
      if (!expected)
        this.reconnector?.start(
          new LabwireError(ErrorCode.CLOSED, `connection closed (${info.code ?? 'no code'})`),
        );
    });
    try {
      await connection.connect(signal);
    } catch (err) {
      connection.destroy();
      throw err;
    }
    this.counters.connects += 1;
    if (!this.perRequest && this.closedByUser) {
      // close() ran while this connection was opening (a background reconnect): do not keep it.
      await connection.close(1000);
      throw new LabwireError(ErrorCode.CLOSED, 'client closed while connecting');
    }
    if (!this.perRequest) {
      this.connection = connection;
      this.reconnector?.connected();
      this.emit('open');
    }
    return connection;
  }

  /** Sends one payload and waits for its reply, the close that ends it, or the timeout. */
  private async exchange(
    payload: string | Uint8Array,
    isQuit: boolean,
    options: SendOptions,
  ): Promise<string> {
    const signal = options.signal;
    if (signal?.aborted) throw abortError(signal);
    const connection = await this.ensureConnection(signal);
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs ?? ZEISS_COMMAND_TIMEOUT_MS;
    this.counters.requests += 1;
    if (isQuit) this.quitting = true;
    const size = typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.byteLength;
    try {
      const text = await sendAndAwaitReply(connection, payload, { timeoutMs, signal }, (flight) => {
        this.inFlight = flight;
      });
      this.counters.bytesOut += size;
      this.counters.bytesIn += Buffer.byteLength(text, 'utf8') + (this.dialect.transport === 'tcp' ? 2 : 0);
      return text;
    } catch (err) {
      // OUTCOME_UNKNOWN means the request went out; anything else means it did not.
      if (isLabwireError(err, ErrorCode.OUTCOME_UNKNOWN)) {
        this.counters.outcomeUnknown += 1;
        this.counters.bytesOut += size;
      }
      throw err;
    } finally {
      if (this.perRequest && this.dialect.transport === 'tcp') connection.destroy();
      else if (this.perRequest && connection.open) await connection.close(1000);
    }
  }
}
