import { ErrorCode, LabwireError, Timeouts, TypedEmitter } from '@labwire/core';
import type { Dialect } from '../codec/dialect.js';
import type { GrabCommand, PymodaqMessage } from '../codec/messages.js';
import type { PymodaqValue } from '../codec/values.js';
import { findParameter } from '../settings/parameter-tree.js';
import { parseParameterXml } from '../settings/parameter-xml.js';
import type { ParameterNode } from '../settings/parameter-tree.js';
import type { PymodaqConnection } from './connection.js';
import { type GrabResult, grabResultOf } from './grab-data.js';
import { PendingReplies } from './pending-replies.js';
import { type Position, type PositionInput, positionOf, positionValue } from './positions.js';

export type InstrumentType = 'GRABBER' | 'ACTUATOR';

export type RemoteInstrumentEvents = {
  /** Every message the client sends, in order, after identification. */
  message: (message: PymodaqMessage) => void;
  /** `Done`: the data of a grab (also when nobody asked). */
  data: (data: GrabResult) => void;
  /** `move_done` / `position_is`. */
  position: (position: Position, command: 'move_done' | 'position_is') => void;
  /** `Infos`: the client's whole settings tree. */
  settings: (xml: string, tree: ParameterNode | undefined) => void;
  /** `Info`: one read-only entry. */
  info: (name: string, value: string) => void;
  /** `Info_xml`: one client setting changed (path includes the client's root). */
  setting: (path: string[], xml: string) => void;
  /** `x_axis` / `y_axis` (v1/v2). */
  axis: (which: 'x' | 'y', data: PymodaqValue | undefined, label: string, units: string) => void;
  quit: () => void;
  error: (error: LabwireError) => void;
  close: (error: LabwireError | undefined) => void;
};

export interface RequestOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

const SERVER_COMMANDS = new Set([
  'Send Data 0D',
  'Send Data 1D',
  'Send Data 2D',
  'Send Data ND',
  'move_abs',
  'move_rel',
  'move_home',
  'get_actuator_value',
  'check_position',
  'stop_motion',
  'set_info',
]);

function text(value: PymodaqValue | undefined): string {
  return value?.type === 'string'
    ? value.value
    : value?.type === 'bytes'
      ? new TextDecoder().decode(value.value)
      : '';
}

function strings(value: PymodaqValue | undefined): string[] {
  return value?.type === 'list' ? value.items.map((v) => text(v)) : [];
}

/**
 * One identified client of a TcpServer — a remote detector (GRABBER) or actuator (ACTUATOR) —
 * and what PyMoDAQ's TCPServer plugin can ask of it. Requests resolve on the matching reply,
 * first in first out; `stopMotion` and `setInfo` have no reply.
 */
export class RemoteInstrument extends TypedEmitter<RemoteInstrumentEvents> {
  private readonly pending = new PendingReplies<PymodaqValue | undefined>();
  /** The last settings tree the client published with `Infos`. */
  settingsXml: string | undefined;
  settings: ParameterNode | undefined;
  /** `Info` entries, by name. */
  readonly infos = new Map<string, string>();
  /** Units from the settings' `units` child, as the 4.4 mover server reads them (§6.2). */
  units = '';
  private lastPosition: Position | undefined;

  constructor(
    readonly id: string,
    readonly type: InstrumentType,
    private readonly connection: PymodaqConnection,
    private readonly requestTimeoutMs: number = Timeouts.pymodaqRequestMs,
    /** Quirk: handle each message this long after it arrives, as the reference's 100 ms Qt poll does. */
    handlingDelayMs = 0,
  ) {
    super();
    connection.on('message', (m) =>
      handlingDelayMs > 0 ? setTimeout(() => this.onMessage(m), handlingDelayMs) : this.onMessage(m),
    );
    connection.on('error', (err) => this.emit('error', err));
    connection.on('close', (err) => {
      this.pending.failAll(
        new LabwireError(
          ErrorCode.CLOSED,
          `${this.id} disconnected before replying`,
          err === undefined ? {} : { cause: err },
        ),
      );
      this.emit('close', err);
    });
  }

  get dialect(): Dialect {
    return this.connection.dialect;
  }

  get remote(): string {
    return this.connection.transport.remote;
  }

  get connected(): boolean {
    return this.connection.open;
  }

  get position(): Position | undefined {
    return this.lastPosition;
  }

  /** Messages in and out, decode and socket errors of this connection. */
  get counters(): Readonly<{ messagesIn: number; messagesOut: number; errors: number }> {
    return this.connection.counters;
  }

  /** Requests in flight. */
  get pendingRequests(): number {
    return this.pending.size;
  }

  /** Sends any command with arguments, for what the methods below do not cover. */
  send(command: string, args: readonly PymodaqValue[] = []): void {
    this.connection.send(command, args);
  }

  /** `Send Data xD` → the `Done` data. */
  async grab(dim: '0D' | '1D' | '2D' | 'ND' = '2D', options: RequestOptions = {}): Promise<GrabResult> {
    this.requireType('GRABBER', 'grab');
    const command = `Send Data ${dim}` as GrabCommand;
    const reply = this.request('Done', command, [], options);
    return grabResultOf(await reply);
  }

  /** `move_abs` → `move_done` with the position reached. A number becomes the dialect's position value. */
  moveAbs(target: PositionInput, options?: RequestOptions): Promise<Position> {
    return this.move('move_abs', [positionValue(this.dialect, target, this.units)], options);
  }

  /** `move_rel` (a step) → `move_done` with the absolute position reached. */
  moveRel(step: PositionInput, options?: RequestOptions): Promise<Position> {
    return this.move('move_rel', [positionValue(this.dialect, step, this.units)], options);
  }

  moveHome(options?: RequestOptions): Promise<Position> {
    return this.move('move_home', [], options);
  }

  /**
   * `get_actuator_value` (PyMoDAQ ≥ 3.6.3) or `check_position` (older, and the v1 default) →
   * `position_is`.
   */
  async getPosition(
    options: RequestOptions & { command?: 'get_actuator_value' | 'check_position' } = {},
  ): Promise<Position> {
    this.requireType('ACTUATOR', 'getPosition');
    const command = options.command ?? (this.dialect === 'v1' ? 'check_position' : 'get_actuator_value');
    return positionOf(await this.request('position_is', command, [], options), this.units);
  }

  /** `stop_motion`: no reply is defined. */
  stopMotion(): void {
    this.requireType('ACTUATOR', 'stopMotion');
    this.connection.send('stop_motion');
  }

  /**
   * `set_info`: change one client setting. `path` is relative to the root of the tree the client
   * published (root excluded, §6.3); `xml` the parameter's XML. No reply.
   */
  setInfo(path: readonly string[], xml: string): void {
    const list: PymodaqValue = { type: 'list', items: path.map((p) => ({ type: 'string', value: p })) };
    const body: PymodaqValue =
      this.dialect === 'v5'
        ? { type: 'bytes', value: new TextEncoder().encode(xml) }
        : { type: 'string', value: xml };
    this.connection.send('set_info', [list, body]);
  }

  /** Finds a setting in the published tree. */
  setting(path: readonly string[]): ParameterNode | undefined {
    return this.settings === undefined ? undefined : findParameter(this.settings, path);
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private async move(command: string, args: PymodaqValue[], options: RequestOptions = {}): Promise<Position> {
    this.requireType('ACTUATOR', command);
    return positionOf(await this.request('move_done', command, args, options), this.units);
  }

  private request(
    reply: string,
    command: string,
    args: PymodaqValue[],
    options: RequestOptions,
  ): Promise<PymodaqValue | undefined> {
    if (!this.connection.open) {
      return Promise.reject(new LabwireError(ErrorCode.NOT_CONNECTED, `${this.id} is disconnected`));
    }
    try {
      // Sent before waiting: a reply can only arrive in a later turn of the event loop, and a
      // refused encode (a value the dialect cannot carry) then leaves no waiter behind.
      this.connection.send(command, args);
    } catch (err) {
      return Promise.reject(err);
    }
    const timeoutMs = options.timeoutMs ?? this.requestTimeoutMs;
    return this.pending.wait(reply, timeoutMs, `${command} to ${this.id}`, options.signal);
  }

  private requireType(type: InstrumentType, what: string): void {
    if (this.type !== type) {
      throw new LabwireError(ErrorCode.UNSUPPORTED, `${what} needs a ${type}; ${this.id} is a ${this.type}`);
    }
  }

  private onMessage(m: PymodaqMessage): void {
    this.emit('message', m);
    const [a0, a1, a2] = m.args;
    switch (m.command) {
      case 'Done': {
        const data = grabResultOf(a0);
        this.pending.settle('Done', a0);
        this.emit('data', data);
        return;
      }
      case 'move_done':
      case 'position_is': {
        let position: Position;
        try {
          position = positionOf(a0, this.units);
        } catch (err) {
          this.emit('error', err as LabwireError);
          return;
        }
        this.lastPosition = position;
        this.pending.settle(m.command, a0);
        this.emit('position', position, m.command);
        return;
      }
      case 'Infos': {
        this.settingsXml = text(a0);
        try {
          this.settings = parseParameterXml(this.settingsXml);
          const units = findParameter(this.settings, ['units'])?.value;
          if (typeof units === 'string') this.units = units;
        } catch {
          // The tree is opaque text to the protocol (v5 writes `None` inside groups); keep the XML.
          this.settings = undefined;
        }
        this.emit('settings', this.settingsXml, this.settings);
        return;
      }
      case 'Info':
        this.infos.set(text(a0), text(a1));
        this.emit('info', text(a0), text(a1));
        return;
      case 'Info_xml':
        this.emit('setting', strings(a0), text(a1));
        return;
      case 'x_axis':
      case 'y_axis':
        this.emit('axis', m.command === 'x_axis' ? 'x' : 'y', a0, text(a1), text(a2));
        return;
      case 'Quit':
        this.emit('quit');
        void this.connection.close();
        return;
      default:
        // Server-side commands sent by a client are ignored (the reference forwards them, §6.1).
        if (SERVER_COMMANDS.has(m.command)) return;
    }
  }
}
