import { Bus, type BusHandler, type SubscribeOptions, type Subscription } from '../bus/bus.js';
import { ErrorCode, LabwireError, abortError, toLabwireError } from '../errors.js';
import type {
  BusEventInput,
  CommandRequest,
  ConnectionState,
  ConnectorEventInput,
  ErrorInfo,
} from '../model/events.js';
import { copyFields } from '../model/copy-fields.js';
import { encodeSegment } from '../model/topic.js';
import { type ReconnectOptions, ReconnectPolicy } from '../reconnect-policy.js';
import type {
  CommandResult,
  Connector,
  ConnectorCapabilities,
  ConnectorCounters,
  DeviceInfo,
} from './connector.js';

export interface BaseConnectorOptions {
  /** The connector's name on the bus (first topic segment). */
  id: string;
  /** Shared bus; a private one is made when absent. */
  bus?: Bus;
  /** Backoff settings, or false to never reconnect. */
  reconnect?: ReconnectOptions | false;
  /** Default command timeout when neither the request nor the protocol gives one. */
  commandTimeoutMs?: number;
}

/** A command as the subclass executes it: the id is always set. */
export type ExecutableCommand = CommandRequest & { id: string };

let commandCounter = 0;

/**
 * The lifecycle every connector shares: connection state and its bus events, reconnect with
 * backoff, and commands that end in exactly one `done` or `failed` (timeouts included).
 * A protocol connector implements `connectOnce`, `disconnect`, `execute` and `browse`, calls
 * `connectionLost` when its session drops and `publish` for what its instrument says.
 */
export abstract class BaseConnector implements Connector {
  abstract readonly protocol: string;
  abstract readonly capabilities: ConnectorCapabilities;
  readonly id: string;
  readonly bus: Bus;
  readonly counters: ConnectorCounters = {
    events: 0,
    reconnects: 0,
    commands: 0,
    commandsFailed: 0,
    errors: 0,
  };
  protected readonly commandTimeoutMs: number;
  private readonly policy: ReconnectPolicy | undefined;
  private currentState: ConnectionState | 'idle' | 'stopped' = 'idle';
  private attempt = 0;
  private session: AbortController | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pending = new Map<string, AbortController>();
  private firstConnect: { resolve: () => void; reject: (err: LabwireError) => void } | undefined;
  private everConnected = false;

  constructor(options: BaseConnectorOptions) {
    this.id = options.id;
    this.bus = options.bus ?? new Bus();
    this.policy = options.reconnect === false ? undefined : new ReconnectPolicy(options.reconnect ?? {});
    this.commandTimeoutMs = options.commandTimeoutMs ?? 30_000;
  }

  get state(): ConnectionState | 'idle' | 'stopped' {
    return this.currentState;
  }

  /** Re-read after awaits: stop() may have run meanwhile. */
  protected get stopped(): boolean {
    return this.currentState === 'stopped';
  }

  /** Commands waiting for their acknowledgement. */
  get pendingCommands(): number {
    return this.pending.size;
  }

  start(signal?: AbortSignal): Promise<void> {
    if (this.currentState !== 'idle' && this.currentState !== 'stopped') {
      return Promise.reject(new LabwireError(ErrorCode.PROTOCOL, `connector ${this.id} is already started`));
    }
    if (signal?.aborted) return Promise.reject(abortError(signal));
    this.session = new AbortController();
    this.attempt = 0;
    this.policy?.reset();
    const first = new Promise<void>((resolve, reject) => {
      this.firstConnect = { resolve, reject };
    });
    signal?.addEventListener(
      'abort',
      () => {
        if (this.firstConnect !== undefined) void this.stop();
      },
      { once: true },
    );
    void this.attemptConnect();
    return first;
  }

  async stop(): Promise<void> {
    if (this.currentState === 'stopped' || this.currentState === 'idle') return;
    const wasConnected = this.currentState === 'connected';
    this.currentState = 'stopped';
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.session?.abort(new LabwireError(ErrorCode.CLOSED, `connector ${this.id} stopped`));
    this.failPending(
      new LabwireError(ErrorCode.CLOSED, `connector ${this.id} stopped before the command finished`),
    );
    try {
      await this.disconnect();
    } catch (err) {
      this.reportError(toLabwireError(err));
    }
    if (wasConnected || this.everConnected) this.publishConnection('disconnected');
    this.settleFirst(new LabwireError(ErrorCode.ABORTED, `connector ${this.id} stopped before it connected`));
  }

  subscribe(
    patterns: string | readonly string[],
    handler: BusHandler,
    options?: SubscribeOptions,
  ): Subscription {
    const prefix = encodeSegment(this.id);
    const list = typeof patterns === 'string' ? [patterns] : patterns;
    return this.bus.subscribe(
      list.map((p) => (p === '' ? prefix : `${prefix}/${p}`)),
      handler,
      options,
    );
  }

  async command(request: CommandRequest, signal?: AbortSignal): Promise<CommandResult> {
    commandCounter += 1;
    const id = request.id ?? `${this.id}-${Date.now().toString(36)}-${commandCounter}`;
    const cmd: ExecutableCommand = { ...request, id };
    this.counters.commands += 1;
    // Every way a command fails: counted, published as `failed`, thrown.
    const refuse = (error: LabwireError): never => {
      this.counters.commandsFailed += 1;
      this.publish({
        kind: 'command',
        id,
        status: 'failed',
        target: cmd.target,
        action: cmd.action,
        error: info(error),
      });
      throw error;
    };
    if (!this.capabilities.actions.includes(cmd.action)) {
      refuse(
        new LabwireError(
          ErrorCode.UNSUPPORTED,
          `${this.protocol} connector does not support action "${cmd.action}"`,
        ),
      );
    }
    if (this.currentState !== 'connected') {
      refuse(new LabwireError(ErrorCode.NOT_CONNECTED, `connector ${this.id} is ${this.currentState}`));
    }
    if (signal?.aborted) refuse(abortError(signal));
    const timeoutMs = cmd.timeoutMs ?? this.commandTimeout(cmd);
    const controller = new AbortController();
    this.pending.set(id, controller);
    const timer = setTimeout(
      () =>
        controller.abort(
          new LabwireError(
            ErrorCode.TIMEOUT,
            `command ${id} to ${cmd.target} got no acknowledgement in ${timeoutMs} ms`,
            {
              details: { timeoutMs },
            },
          ),
        ),
      timeoutMs,
    );
    const onAbort = () => controller.abort(abortError(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    this.publish({ kind: 'command', id, status: 'accepted', target: cmd.target, action: cmd.action });
    try {
      const aborted = new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
      });
      const result = await Promise.race([this.execute(cmd, controller.signal), aborted]);
      this.publish({ kind: 'command', id, status: 'done', target: cmd.target, action: cmd.action, result });
      return result === undefined ? { id } : { id, result };
    } catch (err) {
      return refuse(toLabwireError(err, ErrorCode.COMMAND_FAILED));
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      this.pending.delete(id);
    }
  }

  abstract browse(): Promise<DeviceInfo[]>;

  /** Opens the session: connect, handshake, initial state. Rejects if it cannot. */
  protected abstract connectOnce(signal: AbortSignal): Promise<void>;
  /** Closes the session and releases its sockets and timers. */
  protected abstract disconnect(): Promise<void>;
  /** Runs one command; resolves with the instrument's acknowledgement. Should honour `signal`. */
  protected abstract execute(command: ExecutableCommand, signal: AbortSignal): Promise<unknown>;

  /** The timeout for a command that does not set one; protocols override (INDI uses the vector's). */
  protected commandTimeout(_command: ExecutableCommand): number {
    return this.commandTimeoutMs;
  }

  /** Publishes an event about this connector's instrument. */
  protected publish(event: ConnectorEventInput): void {
    this.counters.events += 1;
    // One copy per event: the bus stamps seq, time and topic onto this object.
    const owned = copyFields(event) as BusEventInput;
    owned.connector = this.id;
    owned.protocol = this.protocol;
    this.bus.publishOwned(owned);
  }

  /** Bad input or an internal fault that does not end the session: a coded error event. */
  protected reportError(error: LabwireError, device?: string): void {
    this.counters.errors += 1;
    this.publish({
      kind: 'message',
      severity: 'error',
      text: error.message,
      code: error.code,
      ...(device === undefined ? {} : { device }),
    });
  }

  /** The subclass calls this when its session drops; reconnects according to the policy. */
  protected connectionLost(error?: LabwireError): void {
    if (this.currentState !== 'connected') return;
    this.failPending(
      new LabwireError(
        ErrorCode.OUTCOME_UNKNOWN,
        `connection of ${this.id} lost before the command was acknowledged`,
        {
          cause: error,
        },
      ),
    );
    this.counters.reconnects += 1;
    this.scheduleRetry(error ?? new LabwireError(ErrorCode.CLOSED, `connection of ${this.id} lost`));
  }

  private async attemptConnect(): Promise<void> {
    this.retryTimer = undefined;
    const session = this.session;
    if (this.currentState === 'stopped' || session === undefined) return;
    this.attempt += 1;
    this.setState('connecting');
    try {
      await this.connectOnce(session.signal);
    } catch (err) {
      if (this.stopped) return;
      await this.disconnect().catch(() => {});
      this.scheduleRetry(toLabwireError(err, ErrorCode.CONNECT_FAILED));
      return;
    }
    if (this.stopped) {
      await this.disconnect().catch(() => {});
      return;
    }
    this.policy?.connected();
    this.everConnected = true;
    this.setState('connected');
    this.attempt = 0;
    this.settleFirst();
  }

  private scheduleRetry(error: LabwireError): void {
    const delay = this.policy?.nextDelay();
    if (delay === undefined) {
      this.setState('failed', error);
      this.settleFirst(error);
      return;
    }
    this.setState('disconnected', error);
    this.retryTimer = setTimeout(() => void this.attemptConnect(), delay);
  }

  private setState(state: ConnectionState, error?: LabwireError): void {
    this.currentState = state;
    this.publishConnection(state, error);
  }

  private publishConnection(state: ConnectionState, error?: LabwireError): void {
    this.publish({
      kind: 'connection',
      state,
      attempt: this.attempt,
      ...(error === undefined ? {} : { error: info(error) }),
    });
  }

  private settleFirst(error?: LabwireError): void {
    const first = this.firstConnect;
    if (first === undefined) return;
    this.firstConnect = undefined;
    if (error === undefined) first.resolve();
    else first.reject(error);
  }

  private failPending(error: LabwireError): void {
    for (const controller of this.pending.values()) controller.abort(error);
  }
}

function info(error: LabwireError): ErrorInfo {
  return error.details === undefined
    ? { code: error.code, message: error.message }
    : { code: error.code, message: error.message, details: error.details };
}
