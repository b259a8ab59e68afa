import {
  ErrorCode,
  type EventMap,
  LabwireError,
  Limits,
  type ReconnectOptions,
  ReconnectPolicy,
  Timeouts,
  type TransportFactory,
  TypedEmitter,
  abortError,
  toLabwireError,
} from '@labwire/core';
import {
  HubConnection,
  HubConnectionBuilder,
  HubConnectionState,
  HttpTransportType,
  type IHttpConnectionOptions,
  type ILogger,
} from '@microsoft/signalr';
import WebSocket from 'ws';
import {
  CLIENT_CONNECTED,
  CLIENT_DISCONNECTED,
  INTERACTIVE_START,
  REFRESH,
  SAVE_ROUTINES,
  encodeInteractiveLoad,
  encodeRoutine,
  encodeSetDataFolder,
} from '../codec/commands.js';
import { IfcbErrorCode } from '../codec/errors.js';
import { type IfcbFile, IfcbFileDecoder } from '../codec/file-decoder.js';
import type { IfcbMessageKey } from '../codec/message-types.js';
import type { HandlerPattern } from '../codec/pattern-match.js';
import {
  type FieldsHandler,
  HandlerRegistry,
  type KeyHandler,
  type RawHandler,
  type RelayedMessage,
} from './handler-registry.js';
import { IfcbJsonHubProtocol } from './hub-protocol.js';
import { toHttpHubUrl } from './hub-url.js';
import { TransportConnection } from './transport-connection.js';
import { MessageQueue } from './message-queue.js';

export interface IfcbClientOptions {
  /** Automatic reconnect after a lost connection (first retry at once, then backoff), or false. */
  reconnect?: ReconnectOptions | false;
  /** Largest incoming WebSocket message and record. Default `Limits.ifcbFrameBytes` (16 MiB). */
  maxFrameBytes?: number;
  /** Time a command waits for the hub's completion. Default `Timeouts.ifcbCommandMs` (30 s). */
  commandTimeoutMs?: number;
  /** Drop the connection when the hub sends nothing for this long. Default 30 s (as @microsoft/signalr). */
  serverTimeoutMs?: number;
  /** Ping when nothing was sent for this long. Default 15 s. */
  keepAliveIntervalMs?: number;
  /** Time `connect()` may take (negotiate, WebSocket, handshake, registration). Default `Timeouts.connectMs` (10 s). */
  connectTimeoutMs?: number;
  /** `connect()` waits this long for the hub's `startedAsClient` before resolving anyway. Default 5 s. */
  registrationTimeoutMs?: number;
  /** Connect the WebSocket directly, without negotiate. Default false. */
  skipNegotiation?: boolean;
  /** Messages buffered per async iterator before the oldest are dropped. Default 10,000. */
  iteratorBufferSize?: number;
  /**
   * Run the hub protocol over this transport instead of negotiate + WebSocket (an in-memory pair
   * in tests, a fault-injecting wrapper). Called again for every reconnect.
   */
  transport?: TransportFactory;
  /** A logger for @microsoft/signalr's own diagnostics (default: silent). */
  logger?: ILogger;
}

export interface IfcbClientEvents extends EventMap {
  connecting: () => void;
  /** Registered for the instrument (after `startAsClient` on a new connection). */
  connected: (connectionId: string | null) => void;
  reconnecting: (error: LabwireError | undefined) => void;
  reconnected: (connectionId: string | null) => void;
  /** The connection ended and will not come back by itself (stop, hub's disconnect, retries exhausted). */
  disconnected: (error: LabwireError | undefined) => void;
  /** The hub accepted the registration. */
  startedAsClient: (args: unknown[]) => void;
  heartbeat: (args: unknown[]) => void;
  /** The hub asked the client to leave; it relays `Client disconnected.` and stops. */
  disconnectRequested: () => void;
  /** Every relayed message, parsed or not. */
  message: (relayed: RelayedMessage) => void;
  /** A file transfer finished (`file:start` … `file:end`). */
  file: (file: IfcbFile) => void;
  /** Bad input or a failing handler; the connection stays up. */
  error: (error: LabwireError) => void;
}

/** The client's own emitter, so `on()` stays free for pyifcbclient's pattern handlers. */
export class IfcbClientEmitter extends TypedEmitter<IfcbClientEvents> {
  /** @internal */
  fire<K extends keyof IfcbClientEvents>(event: K, ...args: Parameters<IfcbClientEvents[K]>): void {
    this.emit(event, ...args);
  }

  protected override onListenerError(): void {
    // A listener's failure must not reach the connection; it is the listener's own problem.
  }
}

export interface IfcbClientCounters {
  messages: number;
  unknown: number;
  malformed: number;
  errors: number;
  reconnects: number;
  commands: number;
}

export interface CommandOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

const SILENT: ILogger = { log: () => {} };

/**
 * A client of an IFCB hub (IFCBacquire's SignalR hub), after pyifcbclient: `on(pattern, handler)`
 * with the reference's prefix/wildcard matching, commands relayed to the instrument, automatic
 * re-registration after every reconnect. Built on `@microsoft/signalr`.
 */
export class IfcbClient {
  readonly url: string;
  readonly serial: string;
  /** Connection events, messages, files and errors. */
  readonly events = new IfcbClientEmitter();
  readonly counters: IfcbClientCounters = {
    messages: 0,
    unknown: 0,
    malformed: 0,
    errors: 0,
    reconnects: 0,
    commands: 0,
  };
  private readonly options: IfcbClientOptions;
  private readonly registry: HandlerRegistry;
  private readonly files: IfcbFileDecoder;
  private readonly protocol: IfcbJsonHubProtocol;
  private readonly policy: ReconnectPolicy | undefined;
  private connection: HubConnection | undefined;
  private readonly iterators = new Set<MessageQueue<RelayedMessage>>();
  private stopping = false;
  private oversizedFrame = false;

  constructor(url: string, serial: string, options: IfcbClientOptions = {}) {
    // With a transport the URL only names the hub (in errors and logs).
    this.url = options.transport === undefined ? toHttpHubUrl(url) : url;
    this.serial = serial;
    this.options = options;
    this.registry = new HandlerRegistry((e) => this.fail(e));
    this.files = new IfcbFileDecoder({
      file: (f) => this.events.fire('file', f),
      error: (e) => this.fail(e),
    });
    this.protocol = new IfcbJsonHubProtocol(
      (e) => this.fail(e),
      options.maxFrameBytes ?? Limits.ifcbFrameBytes,
    );
    this.policy = options.reconnect === false ? undefined : new ReconnectPolicy(options.reconnect ?? {});
  }

  /** `Connected`, `Connecting`, `Reconnecting`, `Disconnected` … as @microsoft/signalr says. */
  get state(): HubConnectionState {
    return this.connection?.state ?? HubConnectionState.Disconnected;
  }

  /** SignalR records received, dropped as unknown types, and refused, and bytes each way, over the client's life. */
  get hubRecords(): Readonly<{
    records: number;
    ignored: number;
    errors: number;
    bytesIn: number;
    bytesOut: number;
  }> {
    return this.protocol.counts;
  }

  get connectionId(): string | null {
    return this.connection?.connectionId ?? null;
  }

  // --- handlers (pyifcbclient's on / unregister / on_any_message) ------------------------------

  /**
   * Registers a handler and returns its id for `off`. With a field pattern (`['valuechanged',
   * 'pausestate']`, `null` = any value) the handler gets the parsed fields as arguments, as in
   * pyifcbclient; with a message key (`'valuechanged.pausestate'`) it gets the typed message.
   */
  on(pattern: HandlerPattern, handler: FieldsHandler): number;
  on<K extends IfcbMessageKey>(key: K, handler: KeyHandler<K>): number;
  on(pattern: HandlerPattern | IfcbMessageKey, handler: FieldsHandler | KeyHandler<IfcbMessageKey>): number {
    if (typeof pattern === 'string')
      return this.registry.onKey(pattern, handler as KeyHandler<IfcbMessageKey>);
    return this.registry.onPattern(pattern, handler as FieldsHandler);
  }

  /** Every relayed message, recognised or not (pyifcbclient's `on_any_message`). */
  onAny(handler: RawHandler): number {
    return this.registry.onAny(handler);
  }

  /** Unregisters a handler; true when the id was registered. */
  off(id: number): boolean {
    return this.registry.off(id);
  }

  /** pyifcbclient's name for `off`. */
  unregister(id: number): boolean {
    return this.off(id);
  }

  /** Async iteration over relayed messages; ends when the client stops or `signal` aborts. */
  messages(
    options: { signal?: AbortSignal; bufferSize?: number } = {},
  ): AsyncIterableIterator<RelayedMessage> {
    const queue: MessageQueue<RelayedMessage> = new MessageQueue(
      options.bufferSize ?? this.options.iteratorBufferSize ?? 10_000,
      () => {
        this.iterators.delete(queue);
        options.signal?.removeEventListener('abort', end);
      },
    );
    const end = () => queue.end();
    if (options.signal?.aborted) queue.end();
    else {
      options.signal?.addEventListener('abort', end, { once: true });
      this.iterators.add(queue);
    }
    return queue;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RelayedMessage> {
    return this.messages();
  }

  // --- connection ------------------------------------------------------------------------------

  /** Negotiates, connects, registers for the instrument. Rejects with CONNECT_FAILED or ABORTED. */
  async connect(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortError(signal);
    if (this.connection !== undefined && this.connection.state !== HubConnectionState.Disconnected) {
      throw new LabwireError(ErrorCode.PROTOCOL, 'the client is already connected or connecting');
    }
    this.stopping = false;
    this.protocol.reset();
    this.files.reset();
    const connection = this.build();
    this.connection = connection;
    this.events.fire('connecting');
    const connectTimeoutMs = this.options.connectTimeoutMs ?? Timeouts.connectMs;
    const attempt = (async () => {
      await connection.start();
      const started = this.waitStarted(signal);
      await this.register(connection);
      await started;
    })();
    // @microsoft/signalr cannot abort a pending negotiate, so the wait is raced, not cancelled.
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new LabwireError(
              ErrorCode.TIMEOUT,
              `connecting to ${this.url} took longer than ${connectTimeoutMs} ms`,
              {
                details: { timeoutMs: connectTimeoutMs },
              },
            ),
          ),
        connectTimeoutMs,
      );
      onAbort = () => reject(abortError(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([attempt, limit]);
    } catch (err) {
      attempt.catch(() => {});
      void connection.stop().catch(() => {});
      if (this.connection === connection) this.connection = undefined;
      if (err instanceof LabwireError) throw err;
      throw new LabwireError(
        ErrorCode.CONNECT_FAILED,
        `cannot connect to ${this.url}: ${(err as Error)?.message ?? String(err)}`,
        {
          cause: err,
        },
      );
    } finally {
      clearTimeout(timer);
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    }
    this.policy?.reset();
    this.policy?.connected();
    this.events.fire('connected', connection.connectionId);
  }

  /** Sends a close message and closes the connection; iterators end. */
  async disconnect(): Promise<void> {
    this.stopping = true;
    const connection = this.connection;
    if (connection !== undefined) await connection.stop().catch(() => {});
    for (const q of [...this.iterators]) q.end();
  }

  /** Aliases of connect/disconnect for symmetry with other labwire clients. */
  start(signal?: AbortSignal): Promise<void> {
    return this.connect(signal);
  }

  stop(): Promise<void> {
    return this.disconnect();
  }

  // --- commands --------------------------------------------------------------------------------

  /**
   * Relays a command to the instrument (`relayMessageToHost [serial, text]`); resolves when the
   * hub's completion arrives (the hub accepted it: the instrument's reaction arrives as messages).
   */
  async relayMessageToHost(text: string, options: CommandOptions = {}): Promise<void> {
    const connection = this.connection;
    if (connection === undefined || connection.state !== HubConnectionState.Connected) {
      throw new LabwireError(ErrorCode.NOT_CONNECTED, `not connected to ${this.url}`);
    }
    const { signal } = options;
    if (signal?.aborted) throw abortError(signal);
    this.counters.commands += 1;
    const timeoutMs = options.timeoutMs ?? this.options.commandTimeoutMs ?? Timeouts.ifcbCommandMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new LabwireError(ErrorCode.TIMEOUT, `no completion for "${text}" within ${timeoutMs} ms`, {
              details: { timeoutMs },
            }),
          ),
        timeoutMs,
      );
      onAbort = () => reject(abortError(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([connection.invoke('relayMessageToHost', this.serial, text), limit]);
    } catch (err) {
      if (err instanceof LabwireError) throw err;
      const message = (err as Error)?.message ?? String(err);
      const lost =
        /connection (being )?(closed|stopped)|not in the 'Connected' State|Invocation canceled/i.test(
          message,
        );
      throw new LabwireError(
        lost ? ErrorCode.OUTCOME_UNKNOWN : ErrorCode.COMMAND_FAILED,
        `"${text}": ${message}`,
        { cause: err },
      );
    } finally {
      clearTimeout(timer);
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** `relay_message_to_host` as pyifcbclient spells it. */
  relay_message_to_host(text: string): Promise<void> {
    return this.relayMessageToHost(text);
  }

  /** Runs a stored routine (`routine:<name>`, e.g. `runsample`). */
  runRoutine(name: string, options?: CommandOptions): Promise<void> {
    return this.relayMessageToHost(encodeRoutine(name), options);
  }

  /** Loads a routine for interactive execution (`interactive:load:<json>`). */
  loadInteractiveRoutine(routine: readonly unknown[], options?: CommandOptions): Promise<void> {
    return this.relayMessageToHost(encodeInteractiveLoad(routine), options);
  }

  /** Runs the loaded routine (`interactive:start`); it ends with `valuechanged:interactive:stopped`. */
  startInteractive(options?: CommandOptions): Promise<void> {
    return this.relayMessageToHost(INTERACTIVE_START, options);
  }

  /** Sets the output folder (`daq:setdatafolder:<path>`). */
  setDataFolder(path: string, options?: CommandOptions): Promise<void> {
    return this.relayMessageToHost(encodeSetDataFolder(path), options);
  }

  /** Asks for the current state again (`refresh`). */
  refresh(options?: CommandOptions): Promise<void> {
    return this.relayMessageToHost(REFRESH, options);
  }

  /** IFCBacquire writes its routines to disk (`saveroutines`). */
  saveRoutines(options?: CommandOptions): Promise<void> {
    return this.relayMessageToHost(SAVE_ROUTINES, options);
  }

  // --- internals -------------------------------------------------------------------------------

  private build(): HubConnection {
    const maxPayload = this.options.maxFrameBytes ?? Limits.ifcbFrameBytes;
    // ws with the frame limit: an oversized frame closes the socket (1009) before it is buffered.
    const flagOversize = () => {
      this.oversizedFrame = true;
    };
    class LimitedWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[], options?: WebSocket.ClientOptions) {
        super(address, protocols, { ...options, maxPayload, perMessageDeflate: false });
        // ws reports the refused frame here; the close that follows only says 1006.
        this.on('error', (err: Error & { code?: string }) => {
          if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') flagOversize();
        });
      }
    }
    // `WebSocket` is an undocumented option of HttpConnection (it is how Node picks `ws`).
    const httpOptions: IHttpConnectionOptions & { WebSocket: unknown } = {
      transport: HttpTransportType.WebSockets,
      skipNegotiation: this.options.skipNegotiation ?? false,
      WebSocket: LimitedWebSocket,
      logger: this.options.logger ?? SILENT,
    };
    let builder = new HubConnectionBuilder()
      .withUrl(this.url, httpOptions)
      .withHubProtocol(this.protocol)
      .configureLogging(this.options.logger ?? SILENT)
      .withServerTimeout(this.options.serverTimeoutMs ?? 30_000)
      .withKeepAliveInterval(this.options.keepAliveIntervalMs ?? 15_000);
    const policy = this.policy;
    if (policy !== undefined) {
      builder = builder.withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (ctx) => {
          if (this.stopping) return null;
          if (ctx.previousRetryCount === 0) return 0;
          return policy.nextDelay() ?? null;
        },
      });
    }
    const connection =
      this.options.transport === undefined
        ? builder.build()
        : this.buildOverTransport(this.options.transport);
    connection.on('messageRelayed', (...args: unknown[]) => this.onRelayed(args));
    connection.on('startedAsClient', (...args: unknown[]) => this.onStarted(connection, args));
    connection.on('heartbeat', (...args: unknown[]) => this.events.fire('heartbeat', args));
    connection.on('disconnect', () => this.onDisconnectRequest(connection));
    connection.onreconnecting((error) => {
      this.counters.reconnects += 1;
      this.protocol.reset();
      this.files.reset();
      this.events.fire('reconnecting', error === undefined ? undefined : this.closeError(error));
    });
    connection.onreconnected((id) => {
      // A connection that stays up long enough resets the backoff (ReconnectDefaults.resetAfterMs).
      this.policy?.connected();
      // Register again after every reconnect (signalrcore 1.0.x forgets this: connected but deaf).
      void this.register(connection).then(
        () => this.events.fire('reconnected', id ?? null),
        (err) => this.fail(toLabwireError(err, ErrorCode.PROTOCOL)),
      );
    });
    connection.onclose((error) => {
      if (this.connection === connection) this.connection = undefined;
      // The connection will not come back by itself: iterators end (a new connect() gives new ones).
      for (const q of [...this.iterators]) q.end();
      this.events.fire('disconnected', error === undefined ? undefined : this.closeError(error));
    });
    return connection;
  }

  /**
   * Resolves when the hub answers the registration (`startedAsClient`), or after
   * `registrationTimeoutMs`: no source specifies that a hub must answer, so silence is not an error.
   */
  private waitStarted(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.events.off('startedAsClient', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, this.options.registrationTimeoutMs ?? 5_000);
      this.events.on('startedAsClient', done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** The builder's HubConnection, but on a TransportConnection (HubConnection.create is what the builder calls). */
  private buildOverTransport(factory: TransportFactory): HubConnection {
    const create = (HubConnection as unknown as { create: (...args: unknown[]) => HubConnection }).create;
    const policy = this.policy;
    const retry =
      policy === undefined
        ? undefined
        : {
            nextRetryDelayInMilliseconds: (ctx: { previousRetryCount: number }) => {
              if (this.stopping) return null;
              if (ctx.previousRetryCount === 0) return 0;
              return policy.nextDelay() ?? null;
            },
          };
    return create(
      new TransportConnection(factory, this.url),
      this.options.logger ?? SILENT,
      this.protocol,
      retry,
      this.options.serverTimeoutMs ?? 30_000,
      this.options.keepAliveIntervalMs ?? 15_000,
    );
  }

  private register(connection: HubConnection): Promise<void> {
    return connection.send('startAsClient', this.serial);
  }

  private onStarted(connection: HubConnection, args: unknown[]): void {
    this.events.fire('startedAsClient', args);
    // pyifcbclient: notice, then ask for the current state. Fire-and-forget, as the reference.
    connection
      .send('relayMessageToHost', this.serial, CLIENT_CONNECTED)
      .catch((e) => this.fail(toLabwireError(e, ErrorCode.CLOSED)));
    connection
      .send('relayMessageToHost', this.serial, REFRESH)
      .catch((e) => this.fail(toLabwireError(e, ErrorCode.CLOSED)));
  }

  private onDisconnectRequest(connection: HubConnection): void {
    this.events.fire('disconnectRequested');
    this.stopping = true;
    void connection
      .send('relayMessageToHost', this.serial, CLIENT_DISCONNECTED)
      .catch(() => {})
      .then(() => this.disconnect());
  }

  private onRelayed(args: unknown[]): void {
    const relayed = this.registry.deliver(args);
    if (relayed === undefined) return;
    this.counters.messages += 1;
    const message = relayed.message;
    if (message.key === 'unknown') {
      if (message.reason === 'malformed') {
        this.counters.malformed += 1;
        this.fail(
          new LabwireError(
            IfcbErrorCode.MESSAGE_MALFORMED,
            `malformed instrument message: ${relayed.text.slice(0, 120)}`,
            {
              details: { fields: message.fields.length },
            },
          ),
        );
      } else this.counters.unknown += 1;
    } else if (message.key.startsWith('file.')) this.files.write(message);
    this.events.fire('message', relayed);
    for (const q of this.iterators) q.push(relayed);
  }

  private closeError(error: Error): LabwireError {
    const text = error.message ?? String(error);
    const oversized = this.oversizedFrame;
    this.oversizedFrame = false;
    if (oversized || /\b1009\b/.test(text)) {
      return new LabwireError(
        ErrorCode.LIMIT_EXCEEDED,
        `the hub sent a frame above ${this.options.maxFrameBytes ?? Limits.ifcbFrameBytes} bytes`,
        {
          cause: error,
        },
      );
    }
    return new LabwireError(ErrorCode.CLOSED, text, { cause: error });
  }

  private fail(error: LabwireError): void {
    this.counters.errors += 1;
    this.events.fire('error', error);
  }
}
