import {
  Connection,
  DEFAULT_CONNECT_TIMEOUT_MS,
  type WebSocketConstructor,
  resolveWebSocket,
} from './connection.js';
import { Emitter } from './emitter.js';
import { decodeServerFrame, encodeClientMessage } from './encoding.js';
import { ClientErrorCode, LabwireClientError } from './errors.js';
import { type BackoffOptions, DEFAULT_BACKOFF, FATAL_CLOSE_CODES, backoffDelay } from './reconnect.js';
import {
  COMMAND_REPLY_GRACE_MS,
  DEFAULT_COMMAND_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  RequestManager,
} from './request-manager.js';
import type {
  BusEvent,
  ClientMessage,
  CommandAction,
  CommandReply,
  ConnectorSummary,
  DeviceInfo,
  EventKind,
  EventOf,
  OverflowPolicy,
  RequestId,
  ServerMessage,
  WelcomeMessage,
} from './types.js';

export interface LabwireClientOptions {
  /** The gateway's WebSocket endpoint, e.g. `ws://127.0.0.1:8420/ws`. */
  url: string;
  /** Bearer token; omit when the gateway allows anonymous access. */
  token?: string;
  /** The WebSocket constructor: required in Node 20 (`import WebSocket from 'ws'`). */
  WebSocket?: WebSocketConstructor;
  /** Reconnect after the connection drops (default on); false to stay closed. */
  reconnect?: boolean | Partial<BackoffOptions>;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export interface SubscriptionOptions<K extends EventKind> {
  kinds?: K[];
  queueSize?: number;
  overflow?: OverflowPolicy;
}

export interface CommandOptions {
  target: string;
  action: CommandAction;
  args?: unknown;
  timeoutMs?: number;
  /** Correlation id for the bus; the gateway makes one when absent. */
  id?: string;
}

export type ClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export type ClientEvents = {
  /** Connected and welcomed (again, after a reconnect); subscriptions are restored. */
  open: (welcome: WelcomeMessage) => void;
  close: (info: { code: number; reason: string }) => void;
  reconnecting: (info: { attempt: number; delayMs: number }) => void;
  /** Problems not tied to a call: undecodable frames, refused re-subscriptions, fatal closes. */
  error: (error: LabwireClientError) => void;
  /** Every event of every subscription. */
  event: (event: BusEvent, subscription: ClientSubscription) => void;
};

/** An active subscription; survives reconnects (the client re-subscribes). */
export class ClientSubscription {
  /** The gateway's id for it on the current connection. */
  serverId: number | undefined;
  closed = false;
  received = 0;

  constructor(
    readonly patterns: readonly string[],
    readonly options: SubscriptionOptions<EventKind>,
    readonly handler: ((event: BusEvent) => void) | undefined,
    private readonly client: LabwireClient,
  ) {}

  unsubscribe(): Promise<void> {
    return this.client.unsubscribe(this);
  }
}

/**
 * Client of the labwire gateway's WebSocket API: typed events, commands as promises resolved by
 * the gateway's correlated reply, and reconnect with backoff that restores subscriptions.
 */
export class LabwireClient extends Emitter<ClientEvents> {
  private readonly WebSocketImpl: WebSocketConstructor;
  private readonly requests = new RequestManager();
  private readonly subscriptions = new Set<ClientSubscription>();
  private readonly byServerId = new Map<number, ClientSubscription>();
  /** Subscribe requests in flight: their reply binds the server id before any event can follow it. */
  private readonly subscribing = new Map<RequestId, ClientSubscription>();
  private readonly backoff: BackoffOptions | undefined;
  private connection: Connection | undefined;
  private currentState: ClientState = 'idle';
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private welcomeWaiter:
    | { resolve(w: WelcomeMessage): void; reject(e: LabwireClientError): void }
    | undefined;
  private lastWelcome: WelcomeMessage | undefined;

  constructor(private readonly options: LabwireClientOptions) {
    super();
    this.WebSocketImpl = resolveWebSocket(options.WebSocket);
    this.backoff =
      options.reconnect === false
        ? undefined
        : { ...DEFAULT_BACKOFF, ...(typeof options.reconnect === 'object' ? options.reconnect : {}) };
  }

  get state(): ClientState {
    return this.currentState;
  }

  get welcome(): WelcomeMessage | undefined {
    return this.lastWelcome;
  }

  /** Connects and waits for the gateway's welcome. Rejects with UNAUTHORIZED for a bad token. */
  async connect(): Promise<WelcomeMessage> {
    if (this.currentState === 'open' && this.lastWelcome !== undefined) return this.lastWelcome;
    this.currentState = 'connecting';
    try {
      return await this.openOnce();
    } catch (err) {
      this.currentState = 'closed';
      throw err;
    }
  }

  /**
   * Subscribes to topic patterns. `kinds` narrows the handler's event type:
   * `subscribe(['indi/#'], (e) => e.members, { kinds: ['property'] })`.
   */
  async subscribe<K extends EventKind = EventKind>(
    patterns: string | string[],
    handler?: (event: EventOf<K>) => void,
    options: SubscriptionOptions<K> = {},
  ): Promise<ClientSubscription> {
    const list = typeof patterns === 'string' ? [patterns] : patterns;
    const sub = new ClientSubscription(
      list,
      options,
      handler as ((event: BusEvent) => void) | undefined,
      this,
    );
    await this.sendSubscribe(sub);
    this.subscriptions.add(sub);
    return sub;
  }

  async unsubscribe(sub: ClientSubscription): Promise<void> {
    if (sub.closed) return;
    sub.closed = true;
    this.subscriptions.delete(sub);
    const serverId = sub.serverId;
    if (serverId === undefined) return;
    this.byServerId.delete(serverId);
    sub.serverId = undefined;
    if (this.currentState !== 'open') return;
    await this.request({ type: 'unsubscribe', id: this.requests.nextRequestId(), subscription: serverId });
  }

  /** Sends a command to a connector; resolves with the instrument's acknowledgement. */
  async command(connector: string, command: CommandOptions): Promise<CommandReply> {
    const id = this.requests.nextRequestId();
    const message: ClientMessage = {
      type: 'command',
      id,
      connector,
      target: command.target,
      action: command.action,
      ...(command.args === undefined ? {} : { args: command.args }),
      ...(command.timeoutMs === undefined ? {} : { timeoutMs: command.timeoutMs }),
      ...(command.id === undefined ? {} : { commandId: command.id }),
    };
    const waitMs = (command.timeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS) + COMMAND_REPLY_GRACE_MS;
    return (await this.request(message, waitMs, true)) as CommandReply;
  }

  async browse(connector: string): Promise<DeviceInfo[]> {
    return (await this.request({
      type: 'browse',
      id: this.requests.nextRequestId(),
      connector,
    })) as DeviceInfo[];
  }

  async connectors(): Promise<ConnectorSummary[]> {
    return (await this.request({
      type: 'connectors',
      id: this.requests.nextRequestId(),
    })) as ConnectorSummary[];
  }

  /** Round trip time in ms. */
  async ping(): Promise<number> {
    const started = Date.now();
    await this.request({ type: 'ping', id: this.requests.nextRequestId() });
    return Date.now() - started;
  }

  /** Closes for good: no reconnect; pending requests fail with CLOSED. */
  async close(): Promise<void> {
    this.currentState = 'closed';
    clearTimeout(this.retryTimer);
    this.requests.failAll('client closed');
    const connection = this.connection;
    this.connection = undefined;
    connection?.close(1000, 'client closed');
  }

  // ---- internals ---------------------------------------------------------------------------

  private openOnce(): Promise<WelcomeMessage> {
    const connection = new Connection(this.WebSocketImpl, this.options.url, this.options.token, {
      message: (frame) => this.onFrame(frame),
      close: (code, reason) => this.onClose(connection, code, reason),
    });
    this.connection = connection;
    const welcomed = new Promise<WelcomeMessage>((resolve, reject) => {
      this.welcomeWaiter = { resolve, reject };
    });
    const timeoutMs = this.options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    return connection.open(timeoutMs).then(
      () => welcomed,
      (err: LabwireClientError) => {
        this.welcomeWaiter = undefined;
        throw err;
      },
    );
  }

  private onFrame(frame: string | ArrayBuffer | Uint8Array): void {
    let message: ServerMessage;
    try {
      message = decodeServerFrame(frame);
    } catch (err) {
      this.emit('error', err as LabwireClientError);
      return;
    }
    switch (message.type) {
      case 'events': {
        const sub = this.byServerId.get(message.sub);
        if (sub === undefined) return;
        for (const event of message.events) this.deliver(sub, event);
        return;
      }
      case 'event': {
        const sub = this.byServerId.get(message.sub);
        if (sub !== undefined) this.deliver(sub, message.event);
        return;
      }
      case 'reply':
        if (message.ok) {
          // Bind synchronously: events for this subscription may be in the same TCP read.
          const sub = this.subscribing.get(message.id);
          if (sub !== undefined) this.bind(sub, (message.result as { subscription: number }).subscription);
          this.requests.resolve(message.id, message.result);
        } else this.requests.reject(message.id, LabwireClientError.from(message.error));
        return;
      case 'welcome':
        this.onWelcome(message);
        return;
      case 'subscription-closed': {
        const sub = this.byServerId.get(message.sub);
        if (sub === undefined) return;
        this.byServerId.delete(message.sub);
        sub.serverId = undefined;
        sub.closed = true;
        this.subscriptions.delete(sub);
        if (message.error !== undefined) this.emit('error', LabwireClientError.from(message.error));
        return;
      }
      case 'error': {
        const error = LabwireClientError.from(message.error);
        // Before the welcome, an error is the refusal of the connection itself.
        if (this.welcomeWaiter !== undefined) {
          const waiter = this.welcomeWaiter;
          this.welcomeWaiter = undefined;
          waiter.reject(error);
        } else {
          this.emit('error', error);
        }
        return;
      }
    }
  }

  private deliver(sub: ClientSubscription, event: BusEvent): void {
    sub.received += 1;
    if (sub.handler !== undefined) {
      try {
        sub.handler(event);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
    this.emit('event', event, sub);
  }

  private onWelcome(welcome: WelcomeMessage): void {
    this.lastWelcome = welcome;
    this.currentState = 'open';
    this.attempt = 0;
    const waiter = this.welcomeWaiter;
    this.welcomeWaiter = undefined;
    waiter?.resolve(welcome);
    if (waiter === undefined) return;
    // After a reconnect, restore every subscription before announcing `open`.
    const restores = [...this.subscriptions].map((sub) =>
      this.sendSubscribe(sub).catch((err: LabwireClientError) => this.emit('error', err)),
    );
    void Promise.all(restores).then(() => this.emit('open', welcome));
  }

  private onClose(connection: Connection, code: number, reason: string): void {
    if (connection !== this.connection) return;
    this.byServerId.clear();
    for (const sub of this.subscriptions) sub.serverId = undefined;
    this.requests.failAll(`connection closed (${code}${reason === '' ? '' : ` ${reason}`})`);
    this.emit('close', { code, reason });
    if (this.currentState === 'closed') return;
    if (FATAL_CLOSE_CODES.has(code)) {
      this.currentState = 'closed';
      const fatalCode = code === 4401 ? ClientErrorCode.UNAUTHORIZED : ClientErrorCode.FORBIDDEN;
      this.emit(
        'error',
        new LabwireClientError(fatalCode, `gateway closed the connection: ${reason || code}`),
      );
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const backoff = this.backoff;
    this.attempt += 1;
    if (backoff === undefined || this.attempt > backoff.maxAttempts) {
      this.currentState = 'closed';
      return;
    }
    this.currentState = 'reconnecting';
    const delayMs = backoffDelay(this.attempt, backoff);
    this.emit('reconnecting', { attempt: this.attempt, delayMs });
    this.retryTimer = setTimeout(() => {
      if (this.currentState !== 'reconnecting') return;
      this.openOnce().catch((err: LabwireClientError) => {
        if (this.currentState === 'closed') return;
        if (err.code === ClientErrorCode.UNAUTHORIZED || err.code === ClientErrorCode.FORBIDDEN) {
          this.currentState = 'closed';
          this.emit('error', err);
          return;
        }
        this.scheduleReconnect();
      });
    }, delayMs);
  }

  private async sendSubscribe(sub: ClientSubscription): Promise<void> {
    const id = this.requests.nextRequestId();
    this.subscribing.set(id, sub);
    try {
      await this.request({
        type: 'subscribe',
        id,
        patterns: [...sub.patterns],
        ...(sub.options.kinds === undefined ? {} : { kinds: sub.options.kinds }),
        ...(sub.options.queueSize === undefined ? {} : { queueSize: sub.options.queueSize }),
        ...(sub.options.overflow === undefined ? {} : { overflow: sub.options.overflow }),
      });
    } finally {
      this.subscribing.delete(id);
    }
  }

  private bind(sub: ClientSubscription, serverId: number): void {
    sub.serverId = serverId;
    this.byServerId.set(serverId, sub);
  }

  private request(message: ClientMessage, timeoutMs?: number, sideEffect = false): Promise<unknown> {
    const connection = this.connection;
    if (connection === undefined || !connection.isOpen) {
      return Promise.reject(
        new LabwireClientError(
          ClientErrorCode.NOT_CONNECTED,
          `client is ${this.currentState}, cannot send ${message.type}`,
        ),
      );
    }
    const reply = this.requests.track(
      message.id,
      timeoutMs ?? this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      sideEffect,
      message.type,
    );
    connection.send(encodeClientMessage(message));
    return reply;
  }
}
