import {
  ErrorCode,
  LabwireError,
  type ReconnectOptions,
  ReconnectPolicy,
  TcpTransport,
  type Transport,
  type TransportFactory,
  TypedEmitter,
  abortError,
  indiCommandTimeoutMs,
  toLabwireError,
} from '@labwire/core';
import type { IndiCommand } from '../codec/commands.js';
import { type IndiDecoder, createIndiDecoder } from '../codec/decoder.js';
import { encodeIndiCommand } from '../codec/encoder.js';
import type { IndiDecoderLimits } from '../codec/limits.js';
import {
  type IndiBlobMode,
  type IndiMessage,
  type IndiVectorMessage,
  isVectorMessage,
} from '../codec/messages.js';
import { blobFileName, saveBlob } from './blob-folder.js';
import type { IndiDevice, IndiLogEntry, IndiMember, IndiVector } from './model.js';
import { ModelStore } from './model-store.js';
import { type IndiNewValue, buildNewCommand } from './new-command.js';
import { type IndiSnapshot, takeSnapshot } from './snapshot.js';
import { ModelWaiters } from './waiters.js';

export interface IndiClientOptions {
  /** Server address (default 127.0.0.1:7624); ignored when `transport` is given. */
  host?: string;
  port?: number;
  /** Makes a fresh connection; reconnecting calls it again. */
  transport?: TransportFactory;
  /** Backoff after a lost connection (DESIGN defaults), or false to stay disconnected. */
  reconnect?: ReconnectOptions | false;
  /**
   * BLOB mode asked for every device as it appears (default `Never`, the server default).
   * Re-sent after every reconnect, as are the modes set with `enableBLOB`.
   */
  blobMode?: IndiBlobMode;
  /** Write every received BLOB into this folder (`device_vector_member_time.format`). */
  blobFolder?: string;
  /** Only ask for these devices (one `getProperties device=` each) instead of everything. */
  devices?: readonly string[];
  /** Entries kept in the system log and in each device's log (newest first; default 8). */
  maxMessages?: number;
  /** Decoder size limits (element, BLOB, inflate). */
  limits?: Partial<IndiDecoderLimits>;
  /** Overrides the command timeout derived from the vector's `timeout`. */
  commandTimeoutMs?: number;
}

export type IndiClientEvents = {
  /** A connection was made (the first one, and every reconnect). */
  connected: () => void;
  /** The connection was lost (`error` undefined when closed by `close()`). */
  disconnected: (error: LabwireError | undefined) => void;
  deviceAdded: (device: IndiDevice) => void;
  deviceRemoved: (device: string) => void;
  /** A vector was defined (or re-defined: it then replaces the old one). */
  define: (vector: IndiVector, message: IndiVectorMessage) => void;
  /** A vector's values, state or limits changed. */
  set: (vector: IndiVector, message: IndiVectorMessage) => void;
  /** A vector (or, `vector` undefined, the whole device) was deleted. */
  delete: (device: string, vector: string | undefined, removed: readonly IndiVector[]) => void;
  /** A log line: a `message` element. */
  message: (entry: IndiLogEntry) => void;
  /** A BLOB arrived (its content is in `member.data`). */
  blob: (vector: IndiVector, member: IndiMember) => void;
  /** A command's vector stayed Busy past its timeout. */
  timeout: (vector: IndiVector) => void;
  /** Another client's `new*`, echoed by the server. */
  echo: (message: IndiVectorMessage) => void;
  /** Every decoded message, before the model is updated (raw traffic). */
  raw: (message: IndiMessage) => void;
  /** Bad input or a failure that does not end the session (coded). */
  error: (error: LabwireError) => void;
};

export interface IndiWaitOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface IndiClientCounters {
  messages: number;
  unknownElements: number;
  ignored: number;
  errors: number;
  reconnects: number;
  bytesIn: number;
  bytesOut: number;
}

let pingCounter = 0;

/**
 * An INDI client in the manner of indipyclient's IPyClient: a live model of every device,
 * vector and member; typed events; commands that resolve when the device answers; BLOBs,
 * message logs, snapshots and automatic reconnect that rebuilds everything.
 */
export class IndiClient extends TypedEmitter<IndiClientEvents> {
  /** Free for the application. */
  userString = '';
  readonly counters: IndiClientCounters = {
    messages: 0,
    unknownElements: 0,
    ignored: 0,
    errors: 0,
    reconnects: 0,
    bytesIn: 0,
    bytesOut: 0,
  };
  private readonly store: ModelStore;
  private readonly factory: TransportFactory;
  private readonly policy: ReconnectPolicy | undefined;
  private transport: Transport | undefined;
  private decoder: IndiDecoder;
  private closedByUser = true;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly waiters = new ModelWaiters(() => this.connectedFlag);
  /** enableBLOB settings, keyed `device\u0000name`, re-sent after reconnect. */
  private readonly blobModes = new Map<string, { device: string; name?: string; mode: IndiBlobMode }>();
  /** Devices given the default BLOB mode on this connection. */
  private readonly defaultModeSent = new Set<string>();
  private readonly pings = new Map<string, () => void>();
  private connectedFlag = false;
  /** `set` messages applied so far (to tell answers from what was already on its way). */
  private setSerial = 0;

  constructor(private readonly options: IndiClientOptions = {}) {
    super();
    this.store = new ModelStore(options.maxMessages ?? 8);
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? 7624;
    this.factory = options.transport ?? (() => new TcpTransport({ host, port }));
    this.policy = options.reconnect === false ? undefined : new ReconnectPolicy(options.reconnect ?? {});
    this.decoder = this.newDecoder();
  }

  /** Devices by name (live; iterate or index). */
  get devices(): ReadonlyMap<string, IndiDevice> {
    return this.store.devices;
  }

  /** Server/site messages, newest first (bounded by `maxMessages`). */
  get messages(): readonly IndiLogEntry[] {
    return this.store.messages;
  }

  get connected(): boolean {
    return this.connectedFlag;
  }

  device(name: string): IndiDevice | undefined {
    return this.store.devices.get(name);
  }

  vector(device: string, name: string): IndiVector | undefined {
    return this.store.vector(device, name);
  }

  member(device: string, vector: string, member: string): IndiMember | undefined {
    return this.store.vector(device, vector)?.members.get(member);
  }

  [Symbol.iterator](): IterableIterator<IndiDevice> {
    return this.store.devices.values();
  }

  /** Connects, asks for the properties and keeps the connection up (reconnecting) until `close()`. */
  async connect(signal?: AbortSignal): Promise<void> {
    if (!this.closedByUser)
      throw new LabwireError(ErrorCode.PROTOCOL, 'IndiClient is already connected or connecting');
    this.closedByUser = false;
    this.policy?.reset();
    try {
      await this.openOnce(signal);
    } catch (err) {
      this.closedByUser = true;
      throw err;
    }
  }

  /** Closes the connection and stops reconnecting. Waiting calls reject with CLOSED. */
  async close(): Promise<void> {
    this.closedByUser = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const transport = this.transport;
    this.transport = undefined;
    if (transport !== undefined) await transport.close();
    this.markDisconnected(undefined);
  }

  /** Sends `getProperties` (all devices, one device, or one property). */
  getProperties(device?: string, name?: string): void {
    const command: IndiCommand = { type: 'getProperties', version: '1.7' };
    if (device !== undefined) command.device = device;
    if (name !== undefined) command.name = name;
    this.send(command);
  }

  /** Sets the BLOB mode of a device or one BLOB vector; remembered and re-sent after reconnect. */
  enableBLOB(mode: IndiBlobMode, device: string, name?: string): void {
    const key = `${device}\u0000${name ?? ''}`;
    this.blobModes.set(key, name === undefined ? { device, mode } : { device, name, mode });
    if (this.connectedFlag) this.sendBlobMode(device, name, mode);
  }

  /** Writes a command (encoded as libindi's BaseClient would). */
  send(command: IndiCommand): void {
    const text = encodeIndiCommand(command);
    const transport = this.transport;
    if (transport === undefined || transport.state !== 'open') {
      throw new LabwireError(ErrorCode.NOT_CONNECTED, 'IndiClient is not connected');
    }
    this.counters.bytesOut += Buffer.byteLength(text);
    transport.write(text);
  }

  /**
   * Sends new values for a vector, marks it Busy, and resolves with the vector when the device
   * answers with a state other than Busy (Ok or Alert: check `vector.state`). Rejects with
   * TIMEOUT (and emits `timeout`) when it stays Busy longer than the vector's timeout clamped to
   * [2 s, 120 s] (30 s without one), with OUTCOME_UNKNOWN when the connection drops first.
   */
  async sendNewVector(
    device: string,
    name: string,
    values: Readonly<Record<string, IndiNewValue>>,
    options: IndiWaitOptions = {},
  ): Promise<IndiVector> {
    const vector = this.store.vector(device, name);
    if (vector === undefined) throw new LabwireError(ErrorCode.NOT_FOUND, `no vector ${device}.${name}`);
    if (vector.perm === 'ro')
      throw new LabwireError(ErrorCode.INVALID_ARGUMENT, `${device}.${name} is read-only`);
    const command = buildNewCommand(vector, values);
    if (options.signal?.aborted) throw abortError(options.signal);
    this.send(command);
    vector.state = 'Busy';
    vector.awaitingAnswer = true;
    // Only a `set` after the command is an answer: a re-definition (another client's
    // getProperties makes the driver define everything again, to every client) is not.
    const sentAt = this.setSerial;
    let answered = false;
    const onSet = (v: IndiVector) => {
      if (v.device === device && v.name === name && this.setSerial > sentAt) answered = true;
    };
    this.on('set', onSet);
    const timeoutMs =
      options.timeoutMs ?? this.options.commandTimeoutMs ?? indiCommandTimeoutMs(vector.timeout);
    try {
      return await this.waiters.wait(
        () => {
          const current = this.store.vector(device, name);
          if (current === undefined) {
            throw new LabwireError(ErrorCode.NOT_FOUND, `${device}.${name} was deleted before it answered`);
          }
          return answered && current.state !== 'Busy' ? current : undefined;
        },
        {
          timeoutMs,
          signal: options.signal,
          what: `${device}.${name} to leave Busy`,
          onTimeout: () => this.emit('timeout', vector),
        },
      );
    } finally {
      this.off('set', onSet);
      vector.awaitingAnswer = false;
    }
  }

  /** `sendNewVector` for one member. */
  sendNewValue(
    device: string,
    vector: string,
    member: string,
    value: IndiNewValue,
    options?: IndiWaitOptions,
  ): Promise<IndiVector> {
    return this.sendNewVector(device, vector, { [member]: value }, options);
  }

  /** Resolves with the vector once it is defined (at once if it already is). */
  waitForProperty(device: string, name: string, options: IndiWaitOptions = {}): Promise<IndiVector> {
    return this.waiters.wait(() => this.store.vector(device, name), {
      timeoutMs: options.timeoutMs ?? 10_000,
      signal: options.signal,
      what: `${device}.${name} to be defined`,
    });
  }

  /** Resolves with the vector once its state is one of `states` (for example `['Ok', 'Alert']`). */
  waitForState(
    device: string,
    name: string,
    states: readonly string[],
    options: IndiWaitOptions = {},
  ): Promise<IndiVector> {
    return this.waiters.wait(
      () => {
        const v = this.store.vector(device, name);
        return v !== undefined && states.includes(v.state) ? v : undefined;
      },
      {
        timeoutMs: options.timeoutMs ?? 30_000,
        signal: options.signal,
        what: `${device}.${name} to reach ${states.join('/')}`,
      },
    );
  }

  /** A round trip through the server's queue (`pingRequest` → `pingReply`): everything sent before it was handled. */
  ping(options: IndiWaitOptions = {}): Promise<void> {
    pingCounter += 1;
    const uid = `labwire-${process.pid}-${pingCounter}`;
    let answered = false;
    this.pings.set(uid, () => {
      answered = true;
    });
    this.send({ type: 'pingRequest', uid });
    return this.waiters
      .wait(() => (answered ? true : undefined), {
        timeoutMs: options.timeoutMs ?? 10_000,
        signal: options.signal,
        what: `pingReply ${uid}`,
      })
      .then(
        () => {
          this.pings.delete(uid);
        },
        (err) => {
          this.pings.delete(uid);
          throw err;
        },
      );
  }

  /** A frozen copy of the whole model (see `dumpSnapshot`/`loadSnapshot` for JSON). */
  snapshot(): IndiSnapshot {
    return takeSnapshot(this.store.devices, this.store.messages, this.userString);
  }

  private newDecoder(): IndiDecoder {
    return createIndiDecoder(
      {
        message: (m) => this.handle(m),
        error: (err) => {
          this.counters.errors += 1;
          this.emit('error', err);
        },
      },
      this.options.limits,
    );
  }

  private async openOnce(signal?: AbortSignal): Promise<void> {
    const transport = this.factory();
    this.decoder.reset();
    transport.on('data', (data) => {
      if (this.transport !== transport) return;
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      this.counters.bytesIn += bytes.byteLength;
      this.decoder.write(bytes);
    });
    transport.on('close', (info) => {
      if (this.transport !== transport) return;
      this.transport = undefined;
      this.lost(
        info.hadError
          ? new LabwireError(ErrorCode.CLOSED, `connection to ${transport.remote} failed`)
          : undefined,
      );
    });
    transport.on('error', () => {
      // close follows; counted there
    });
    await transport.open(signal);
    if (this.closedByUser) {
      transport.destroy();
      throw new LabwireError(ErrorCode.ABORTED, 'IndiClient closed while connecting');
    }
    this.transport = transport;
    this.policy?.connected();
    // Rebuild from scratch: the server re-sends every definition.
    for (const device of this.store.clear()) this.emit('deviceRemoved', device.name);
    this.defaultModeSent.clear();
    this.connectedFlag = true;
    const devices = this.options.devices;
    if (devices === undefined || devices.length === 0) this.getProperties();
    else for (const d of devices) this.getProperties(d);
    // After getProperties: indiserver registers "every device" only for a getProperties without
    // device sent before any device-specific message. Drivers answer later than the server
    // handles enableBLOB, so a BLOB-only (`Only`) connection still gets no definitions.
    for (const { device, name, mode } of this.blobModes.values()) this.sendBlobMode(device, name, mode);
    this.emit('connected');
    this.notify();
  }

  private lost(error: LabwireError | undefined): void {
    this.markDisconnected(error ?? new LabwireError(ErrorCode.CLOSED, 'connection closed by the server'));
    if (this.closedByUser) return;
    const delay = this.policy?.nextDelay();
    if (delay === undefined) {
      // Not reconnecting by itself: `connect()` may be called again (the connector does).
      this.closedByUser = true;
      return;
    }
    this.counters.reconnects += 1;
    this.retryTimer = setTimeout(() => void this.retry(), delay);
  }

  private async retry(): Promise<void> {
    this.retryTimer = undefined;
    if (this.closedByUser) return;
    try {
      await this.openOnce();
    } catch (err) {
      if (this.closedByUser) return;
      this.emit('error', toLabwireError(err, ErrorCode.CONNECT_FAILED));
      const delay = this.policy?.nextDelay();
      if (delay !== undefined) this.retryTimer = setTimeout(() => void this.retry(), delay);
    }
  }

  private markDisconnected(error: LabwireError | undefined): void {
    if (!this.connectedFlag) return;
    this.connectedFlag = false;
    this.emit('disconnected', error);
    this.notify();
  }

  private sendBlobMode(device: string, name: string | undefined, mode: IndiBlobMode): void {
    this.send(
      name === undefined
        ? { type: 'enableBLOB', device, value: mode }
        : { type: 'enableBLOB', device, name, value: mode },
    );
  }

  private handle(message: IndiMessage): void {
    this.counters.messages += 1;
    this.emit('raw', message);
    switch (message.type) {
      case 'pingRequest':
        if (message.uid !== undefined && this.connectedFlag)
          this.send({ type: 'pingReply', uid: message.uid });
        return;
      case 'pingReply':
        if (message.uid !== undefined) this.pings.get(message.uid)?.();
        break;
      case 'message': {
        const change = this.store.message(message);
        if (change.kind === 'message') this.emit('message', change.entry);
        break;
      }
      case 'delProperty': {
        const change = this.store.delete(message);
        if (change.kind === 'delete') {
          this.emit('delete', change.device, change.vector, change.removed);
          if (change.deviceRemoved) this.emit('deviceRemoved', change.device);
        } else this.counters.ignored += 1;
        break;
      }
      case 'getProperties':
      case 'enableBLOB':
        this.counters.ignored += 1;
        return;
      default:
        if (isVectorMessage(message)) this.handleVector(message);
    }
    this.notify();
  }

  private handleVector(message: IndiVectorMessage): void {
    const verb = message.type.slice(0, 3);
    if (verb === 'new') {
      this.emit('echo', message);
      return;
    }
    if (verb === 'def') {
      const change = this.store.define(message);
      if (change.kind !== 'define') {
        this.counters.ignored += 1;
        return;
      }
      if (change.deviceAdded) {
        this.emit('deviceAdded', this.store.devices.get(change.vector.device)!);
        this.applyDefaultBlobMode(change.vector.device);
      }
      this.emit('define', change.vector, message);
      return;
    }
    const change = this.store.set(message, this.isBlobOnly(message.device, message.name));
    if (change.kind !== 'set') {
      this.counters.ignored += 1;
      return;
    }
    this.setSerial += 1;
    this.emit('set', change.vector, message);
    for (const member of change.blobs) {
      this.emit('blob', change.vector, member);
      if (this.options.blobFolder !== undefined) this.writeBlob(change.vector, member);
    }
  }

  private isBlobOnly(device: string | undefined, name: string | undefined): boolean {
    if (device === undefined) return false;
    const mode =
      this.blobModes.get(`${device}\u0000${name ?? ''}`)?.mode ?? this.blobModes.get(`${device}\u0000`)?.mode;
    return mode === 'Only';
  }

  private applyDefaultBlobMode(device: string): void {
    const mode = this.options.blobMode ?? 'Never';
    if (mode === 'Never' || this.defaultModeSent.has(device) || this.blobModes.has(`${device}\u0000`)) return;
    this.defaultModeSent.add(device);
    this.sendBlobMode(device, undefined, mode);
  }

  private writeBlob(vector: IndiVector, member: IndiMember): void {
    const data = member.data!;
    const name = blobFileName(vector.device, vector.name, member.name, member.blobFormat, new Date());
    saveBlob(this.options.blobFolder!, name, data).then(
      (path) => {
        if (member.data === data) member.filename = path;
      },
      (err) => this.emit('error', toLabwireError(err)),
    );
  }

  private notify(): void {
    this.waiters.check();
  }
}
