import {
  ErrorCode,
  LabwireError,
  Limits,
  type ReconnectOptions,
  ReconnectPolicy,
  TcpTransport,
  type TransportFactory,
  TypedEmitter,
  toLabwireError,
} from '@labwire/core';
import { DEFAULT_DIALECT, type Dialect } from '../codec/dialect.js';
import type { PymodaqMessage } from '../codec/messages.js';
import type { NdArray, PymodaqValue } from '../codec/values.js';
import { type ParameterNode, findParameter } from '../settings/parameter-tree.js';
import { parameterToXml, parseParameterXml } from '../settings/parameter-xml.js';
import { PymodaqConnection } from './connection.js';
import {
  ACTUATOR_COMMANDS,
  type SettingChange,
  answerActuator,
  answerGrab,
  isGrabCommand,
  settingChangeOf,
} from './instrument-answers.js';
import { type Instrument, defaultSettings, isDetector } from './instrument.js';
import type { InstrumentType } from './remote-instrument.js';
import { PYMODAQ_DEFAULT_PORT } from './tcp-server.js';

export interface TcpClientOptions {
  /** The PyMoDAQ TCPServer (default 127.0.0.1:6341). */
  host?: string;
  port?: number;
  /** Overrides host/port: how to open a connection (tests pass memory pairs). */
  transport?: TransportFactory;
  /** Must match the server's PyMoDAQ version (default `v4`, PyMoDAQ 4.4). */
  dialect?: Dialect;
  /** The detector (has `grab`) or actuator (has `moveAbs`, `moveRel`, `home`, `position`, `stop`) to expose. */
  instrument: Instrument;
  /** Default: GRABBER for a detector, ACTUATOR for an actuator. */
  role?: InstrumentType;
  /**
   * The settings tree sent with `Infos` after identification, as a tree or as XML; `false` sends
   * none. Default: a `settings` group with the actuator's `units` (4.4 servers read them).
   */
  settings?: ParameterNode | string | false;
  /** Backoff between connection attempts, or false to connect once. */
  reconnect?: ReconnectOptions | false;
  /** Largest accepted message (default 256 MiB). */
  maxMessageBytes?: number;
  connectTimeoutMs?: number;
  /** Switches for the reference client's behaviour (default: off). */
  quirks?: TcpClientQuirks;
}

export interface TcpClientQuirks {
  /**
   * Resolve `set_info` paths as the 4.4 TCPClient does: drop one more leading element than the
   * server removed, so paths only line up when the published tree has an extra level (§6.3).
   */
  dropFirstSetInfoSegment?: boolean;
}

export type TcpClientEvents = {
  /** Identified (and `Infos` sent) on a new connection. */
  connected: () => void;
  disconnected: (error: LabwireError | undefined) => void;
  /** Every message from the server, before it is handled. */
  command: (message: PymodaqMessage) => void;
  /** A `set_info` was applied: path below the settings root, new value. */
  setting: (path: string[], value: string | number | boolean | undefined, xml: string) => void;
  error: (error: LabwireError) => void;
};

/**
 * The instrument role: connects to a PyMoDAQ TCPServer, identifies as GRABBER or ACTUATOR,
 * publishes its settings and answers the server's commands from a local detector or actuator.
 * Commands that reach the instrument run one at a time, in order; `stop_motion` and
 * `set_info` act at once. Reconnects with backoff until `close()`.
 */
export class TcpClient extends TypedEmitter<TcpClientEvents> {
  readonly role: InstrumentType;
  readonly dialect: Dialect;
  private readonly factory: TransportFactory;
  private readonly policy: ReconnectPolicy | undefined;
  private settingsTree: ParameterNode | undefined;
  private settingsXml: string | undefined;
  private connection: PymodaqConnection | undefined;
  private session: AbortController | undefined;
  private stopped = true;
  private chain: Promise<void> = Promise.resolve();
  private retry: { timer: ReturnType<typeof setTimeout>; wake: () => void } | undefined;
  readonly counters = { connects: 0, commands: 0, errors: 0 };

  constructor(private readonly options: TcpClientOptions) {
    super();
    this.dialect = options.dialect ?? DEFAULT_DIALECT;
    this.role = options.role ?? (isDetector(options.instrument) ? 'GRABBER' : 'ACTUATOR');
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? PYMODAQ_DEFAULT_PORT;
    this.factory =
      options.transport ??
      (() => new TcpTransport({ host, port, connectTimeoutMs: options.connectTimeoutMs }));
    this.policy = options.reconnect === false ? undefined : new ReconnectPolicy(options.reconnect ?? {});
    const settings = options.settings ?? defaultSettings(options.instrument);
    if (typeof settings === 'string') {
      this.settingsXml = settings;
      try {
        this.settingsTree = parseParameterXml(settings);
      } catch {
        this.settingsTree = undefined;
      }
    } else if (settings !== false) {
      this.settingsTree = settings;
    }
  }

  get connected(): boolean {
    return this.connection?.open === true;
  }

  /** The settings tree as published (updated by `set_info`). */
  get settings(): ParameterNode | undefined {
    return this.settingsTree;
  }

  /**
   * Connects and keeps connecting. Resolves on the first identified connection; with
   * `reconnect: false` rejects if that one attempt fails.
   */
  start(): Promise<void> {
    if (!this.stopped) return Promise.reject(new LabwireError(ErrorCode.PROTOCOL, 'client already started'));
    this.stopped = false;
    return new Promise((resolve, reject) => {
      let first = true;
      const settle = (err?: LabwireError) => {
        if (!first) return;
        first = false;
        if (err === undefined) resolve();
        else reject(err);
      };
      void this.loop(settle);
    });
  }

  /** Sends `Quit` when connected, then closes and stops reconnecting. */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.retry !== undefined) {
      clearTimeout(this.retry.timer);
      this.retry.wake();
    }
    this.session?.abort(new LabwireError(ErrorCode.CLOSED, 'client closed'));
    const connection = this.connection;
    if (connection?.open) {
      try {
        connection.send('Quit');
      } catch {
        // closing anyway
      }
      await connection.close();
    }
  }

  /** `Info`: one read-only entry (name, value as text). */
  sendInfo(name: string, value: string): void {
    this.send('Info', [
      { type: 'string', value: name },
      { type: 'string', value: value },
    ]);
  }

  /** `Info_xml`: one changed setting; `path` starts with the tree's root, as PyMoDAQ clients send it. */
  sendInfoXml(path: readonly string[], xml: string): void {
    this.send('Info_xml', [
      { type: 'list', items: path.map((p) => ({ type: 'string', value: p })) },
      { type: 'string', value: xml },
    ]);
  }

  /** `Infos`: (re)publishes the whole settings tree. */
  sendSettings(): void {
    const xml = this.currentSettingsXml();
    if (xml !== undefined) this.send('Infos', [{ type: 'string', value: xml }]);
  }

  /** `x_axis` / `y_axis` (v1/v2 viewers; 4.x servers refuse them as deprecated). */
  sendAxis(which: 'x' | 'y', data: NdArray, label = '', units = ''): void {
    this.send(`${which}_axis`, [data, { type: 'string', value: label }, { type: 'string', value: units }]);
  }

  /** `Quit` without closing (the server drops the connection). */
  quit(): void {
    this.send('Quit');
  }

  /** Any message, for what the methods above do not cover. */
  send(command: string, args: readonly PymodaqValue[] = []): void {
    const connection = this.connection;
    if (connection === undefined || !connection.open) {
      throw new LabwireError(ErrorCode.NOT_CONNECTED, `cannot send ${command}: not connected`);
    }
    connection.send(command, args);
  }

  private currentSettingsXml(): string | undefined {
    if (this.settingsXml !== undefined) return this.settingsXml;
    return this.settingsTree === undefined ? undefined : parameterToXml(this.settingsTree);
  }

  private async loop(settle: (err?: LabwireError) => void): Promise<void> {
    while (!this.stopped) {
      let lost: LabwireError | undefined;
      try {
        const { closed } = await this.connectOnce();
        this.counters.connects += 1;
        this.policy?.connected();
        settle();
        this.emit('connected');
        lost = await closed;
        this.emit('disconnected', lost);
      } catch (err) {
        lost = toLabwireError(err, ErrorCode.CONNECT_FAILED);
        if (!this.stopped) this.emit('error', lost);
      }
      if (this.stopped) break;
      const delay = this.policy?.nextDelay();
      if (delay === undefined) {
        this.stopped = true;
        settle(lost ?? new LabwireError(ErrorCode.CLOSED, 'connection closed'));
        return;
      }
      await new Promise<void>((wake) => {
        this.retry = { timer: setTimeout(wake, delay), wake };
      });
      this.retry = undefined;
    }
    settle(new LabwireError(ErrorCode.ABORTED, 'client closed before it connected'));
  }

  /** Opens, identifies and publishes settings; resolves with a promise of the connection's end. */
  private async connectOnce(): Promise<{ closed: Promise<LabwireError | undefined> }> {
    const session = new AbortController();
    this.session = session;
    const transport = this.factory();
    await transport.open(session.signal);
    const connection = new PymodaqConnection(transport, {
      dialect: this.dialect,
      side: 'client',
      maxLength: this.options.maxMessageBytes ?? Limits.pymodaqMessageBytes,
      maxMessageBytes: this.options.maxMessageBytes ?? Limits.pymodaqMessageBytes,
    });
    this.connection = connection;
    this.chain = Promise.resolve();
    const closed = new Promise<LabwireError | undefined>((resolve) => {
      connection.on('close', (err) => {
        session.abort(err ?? new LabwireError(ErrorCode.CLOSED, 'connection closed'));
        resolve(err);
      });
    });
    connection.on('error', (err) => {
      this.counters.errors += 1;
      this.emit('error', err);
    });
    connection.on('message', (m) => this.onMessage(m, connection, session.signal));
    connection.send(this.role);
    const xml = this.currentSettingsXml();
    if (xml !== undefined) connection.send('Infos', [{ type: 'string', value: xml }]);
    // Boxed: an async function returning a promise would wait for it.
    return { closed };
  }

  private onMessage(m: PymodaqMessage, connection: PymodaqConnection, signal: AbortSignal): void {
    this.counters.commands += 1;
    this.emit('command', m);
    const { command } = m;
    const { instrument } = this.options;
    if (isGrabCommand(command)) {
      this.enqueue(command, signal, async () => {
        if (!isDetector(instrument)) throw this.wrongKind(command, 'an actuator');
        const data = await answerGrab(instrument, command, this.dialect, signal);
        if (connection.open) connection.send('Done', [data]);
      });
    } else if (ACTUATOR_COMMANDS.has(command)) {
      this.enqueue(command, signal, async () => {
        if (isDetector(instrument)) throw this.wrongKind(command, 'a detector');
        const { reply, position } = await answerActuator(instrument, m, this.dialect, this.units(), signal);
        if (connection.open) connection.send(reply, [position]);
      });
    } else if (command === 'stop_motion') {
      // Acts at once, past any move in progress.
      if (isDetector(instrument)) this.instrumentFailed(command, this.wrongKind(command, 'a detector'));
      else void Promise.resolve(instrument.stop()).catch((err) => this.instrumentFailed(command, err));
    } else if (command === 'set_info') {
      void this.applySetting(settingChangeOf(m, this.options.quirks?.dropFirstSetInfoSegment)).catch((err) =>
        this.instrumentFailed(command, err),
      );
    }
  }

  /** Instrument calls run one at a time, in the order the commands arrived. */
  private enqueue(command: string, signal: AbortSignal, task: () => Promise<void>): void {
    this.chain = this.chain.then(async () => {
      if (signal.aborted) return;
      try {
        await task();
      } catch (err) {
        if (!signal.aborted) this.instrumentFailed(command, err);
      }
    });
  }

  private wrongKind(command: string, kind: string): LabwireError {
    return new LabwireError(ErrorCode.UNSUPPORTED, `${command}: this client exposes ${kind}`);
  }

  /** The instrument threw or refused: reported, and the server gets no reply (as with PyMoDAQ). */
  private instrumentFailed(command: string, err: unknown): void {
    this.counters.errors += 1;
    const error = toLabwireError(err, ErrorCode.COMMAND_FAILED);
    this.emit(
      'error',
      new LabwireError(error.code, `${command}: ${error.message}`, { cause: error, details: error.details }),
    );
  }

  private units(): string {
    const fromSettings =
      this.settingsTree === undefined ? undefined : findParameter(this.settingsTree, ['units'])?.value;
    if (typeof fromSettings === 'string') return fromSettings;
    return isDetector(this.options.instrument) ? '' : (this.options.instrument.units ?? '');
  }

  private async applySetting({ path, value, xml }: SettingChange): Promise<void> {
    const node = this.settingsTree === undefined ? undefined : findParameter(this.settingsTree, path);
    if (node !== undefined && value !== undefined) {
      node.value = value;
      // A tree given as XML is re-rendered from now on, so Infos carries the change.
      this.settingsXml = undefined;
    }
    await this.options.instrument.setSetting?.(path, value, xml);
    this.emit('setting', path, value, xml);
  }
}
