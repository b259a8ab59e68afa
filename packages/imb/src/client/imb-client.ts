import {
  ErrorCode,
  LabwireError,
  ReconnectPolicy,
  type ReconnectOptions,
  TcpTransport,
  type Transport,
  type TransportCloseInfo,
  type TransportFactory,
  TypedEmitter,
  abortError,
  nextEvent,
} from '@labwire/core';
import {
  type EventNameEntry,
  IMB_DEFAULT_PORT,
  IMB_MAX_PAYLOAD_BYTES,
  ImbCommandCode,
  ImbErrorCode,
  ImbFrameDecoder,
  type ImbFrame,
  encodeCommand,
  encodeFrame,
  imbError,
} from '../codec/index.js';
import { EventDefinition, type EventOwner } from './event-definition.js';
import { FrameWriter } from '../wire/frame-writer.js';
import { IncomingStreams } from './incoming-streams.js';
import type { ImbClientEvents, ImbNotification, ImbReceivedEvent } from './types.js';

export interface ImbClientOptions {
  /** icSetClientInfo owner id (int32). */
  ownerId: number;
  ownerName: string;
  /** Prefix of event names (`federation.name`). */
  federation: string;
  /** Whether event names get the federation prefix when a call does not say (default true). */
  prefix?: boolean;
  /** Ask for the unique client id on connect, as nl.tno.imb does (default false, as pyimb). */
  requestUniqueClientId?: boolean;
  /** Write icEndSession before closing on `disconnect()` (default true; pyimb never does). */
  endSession?: boolean;
  /** How to reach the hub; default TCP to host:port. Reconnecting calls it again. */
  transport?: TransportFactory;
  /** Reconnect after the connection drops (re-publishing and re-subscribing); default off. */
  reconnect?: ReconnectOptions | false;
  connectTimeoutMs?: number;
  /** Largest payload accepted and sent (default 10 MiB, as the reference clients). */
  maxPayloadBytes?: number;
  /** Keep incoming stream bytes for `streamEnd` (default true). */
  assembleStreams?: boolean;
  /** Cap on bytes held for all open incoming streams (default 64 MiB). */
  maxStreamBytes?: number;
}

export interface ImbClientCounters {
  framesIn: number;
  framesOut: number;
  events: number;
  errors: number;
  /** Well-formed frames the client does not use (heartbeats, time stamps, opaque codes). */
  ignored: number;
  reconnects: number;
}

const NOTIFY_COMMANDS = new Set(['icSubscribe', 'icPublish', 'icUnsubscribe', 'icUnpublish']);
const DEFAULT_MAX_STREAM_BYTES = 64 * 1024 * 1024;

/**
 * An IMB3 client (what pyimb's `Client` offers, in TypeScript idiom): named events with
 * federation prefixes, signals of every kind, streams both ways, variables, event-name queries,
 * and a clean end of session. Incoming bad input is reported as `error` events; the connection
 * stays up wherever the byte stream can be resynchronised.
 */
export class ImbClient extends TypedEmitter<ImbClientEvents> {
  readonly counters: ImbClientCounters = {
    framesIn: 0,
    framesOut: 0,
    events: 0,
    errors: 0,
    ignored: 0,
    reconnects: 0,
  };
  /** Global variables received from the hub (icSetVariable), by name. */
  readonly variables = new Map<string, Uint8Array>();
  private readonly options: ImbClientOptions;
  private readonly factory: TransportFactory;
  private readonly definitions: EventDefinition[] = [];
  private readonly byName = new Map<string, EventDefinition>();
  /** Hub event id → client event id. */
  private readonly translation = new Map<number, number>();
  private readonly streams: IncomingStreams;
  private readonly decoder: ImbFrameDecoder;
  private readonly policy: ReconnectPolicy | undefined;
  private readonly owner: EventOwner;
  private transport: Transport | undefined;
  private writer: FrameWriter | undefined;
  private uid: number | undefined;
  private handle: number | undefined;
  private closing = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private everConnected = false;

  constructor(host: string, port: number = IMB_DEFAULT_PORT, options: ImbClientOptions) {
    super();
    this.options = options;
    this.factory =
      options.transport ??
      (() =>
        new TcpTransport({
          host,
          port,
          ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
        }));
    this.policy =
      options.reconnect === undefined || options.reconnect === false
        ? undefined
        : new ReconnectPolicy(options.reconnect);
    this.decoder = new ImbFrameDecoder(
      { message: (frame) => this.handleFrame(frame), error: (error) => this.reportError(error) },
      { maxPayloadBytes: options.maxPayloadBytes ?? IMB_MAX_PAYLOAD_BYTES },
    );
    this.streams = new IncomingStreams(
      {
        assemble: options.assembleStreams ?? true,
        maxBytes: options.maxStreamBytes ?? DEFAULT_MAX_STREAM_BYTES,
      },
      (info) => this.emit('streamStart', info),
      (end) => this.emit('streamEnd', end),
      (error) => this.reportError(error),
    );
    const salt = `${host}:${port}:${Math.random()}`;
    this.owner = {
      sendSubscribe: (d) =>
        this.sendState(
          encodeCommand('icSubscribe', { eventId: d.eventId, eventEntryType: 0, eventName: d.name }),
        ),
      sendUnsubscribe: (d) => this.sendState(encodeCommand('icUnsubscribe', { eventName: d.name })),
      sendPublish: (d) =>
        this.sendState(
          encodeCommand('icPublish', { eventId: d.eventId, eventEntryType: 0, eventName: d.name }),
        ),
      sendUnpublish: (d) => this.sendState(encodeCommand('icUnpublish', { eventName: d.name })),
      writeFrame: (frame) => this.send(frame),
      writeParts: (parts) => {
        this.send(undefined);
        return this.writer!.writeParts(parts);
      },
      writable: () => this.writer?.ready() ?? Promise.resolve(),
      streamSalt: salt,
    };
  }

  /** Creates a client and connects it (pyimb connects in its constructor). */
  static async connect(
    host: string,
    port: number,
    options: ImbClientOptions,
    signal?: AbortSignal,
  ): Promise<ImbClient> {
    const client = new ImbClient(host, port, options);
    await client.connect(signal);
    return client;
  }

  private get defaultPrefix(): boolean {
    return this.options.prefix ?? true;
  }

  get federation(): string {
    return this.options.federation;
  }

  /** The unique client id the hub gave, or undefined while none is known. */
  get uniqueClientId(): number | undefined {
    return this.uid;
  }

  /** The client handle the hub gave, or undefined while none is known. */
  get clientHandle(): number | undefined {
    return this.handle;
  }

  get connected(): boolean {
    return this.transport?.state === 'open';
  }

  /** Opens the connection and writes the handshake (icSetClientInfo, optionally preceded by the id request). */
  async connect(signal?: AbortSignal): Promise<void> {
    if (this.connected) return;
    this.closing = false;
    await this.open(signal);
  }

  /** Ends the session: icEndSession (unless `endSession` is false), then close. No reconnect. */
  async disconnect(options: { endSession?: boolean } = {}): Promise<void> {
    this.closing = true;
    clearTimeout(this.retryTimer);
    const transport = this.transport;
    if (transport === undefined || transport.state === 'closed') return;
    if (options.endSession ?? this.options.endSession ?? true)
      this.send(encodeFrame(ImbCommandCode.icEndSession));
    this.writer?.flush();
    await transport.close();
  }

  /** Gets the event by name, creating it (and its client event id) when new; writes nothing (pyimb `get_event`). */
  getEvent(eventName: string, prefix = this.defaultPrefix): EventDefinition {
    const name = this.fullName(eventName, prefix);
    let definition = this.byName.get(name);
    if (definition === undefined) {
      definition = new EventDefinition(this.definitions.length, name, this.owner);
      this.definitions.push(definition);
      this.byName.set(name, definition);
    }
    return definition;
  }

  /** The event if it exists, without creating it. */
  findEvent(eventName: string, prefix = this.defaultPrefix): EventDefinition | undefined {
    return this.byName.get(this.fullName(eventName, prefix));
  }

  subscribe(eventName: string, prefix = this.defaultPrefix): EventDefinition {
    return this.getEvent(eventName, prefix).subscribe();
  }

  publish(eventName: string, prefix = this.defaultPrefix): EventDefinition {
    return this.getEvent(eventName, prefix).publish();
  }

  /** Unsubscribes; nothing happens for an unknown or unsubscribed event. */
  unsubscribe(eventName: string, prefix = this.defaultPrefix): EventDefinition | undefined {
    return this.findEvent(eventName, prefix)?.unsubscribe();
  }

  unpublish(eventName: string, prefix = this.defaultPrefix): EventDefinition | undefined {
    return this.findEvent(eventName, prefix)?.unpublish();
  }

  /** Every event this client has defined, in client event id order. */
  get events(): readonly EventDefinition[] {
    return this.definitions;
  }

  /** Sets a global variable in the hub (an empty value deletes it). */
  setVariable(name: string, value: Uint8Array | string): void {
    this.send(
      encodeCommand('icSetVariable', { name, value: typeof value === 'string' ? Buffer.from(value) : value }),
    );
  }

  /** Sets a variable whose name the hub prefixes with the hex of our unique id (0) or handle (1). */
  setVariablePrefixed(name: string, value: Uint8Array | string, prefix: 0 | 1 = 0): void {
    this.send(
      encodeCommand('icSetVariablePrefixed', {
        prefix,
        name,
        value: typeof value === 'string' ? Buffer.from(value) : value,
      }),
    );
  }

  /** Asks the hub to replay every variable (and to send later changes); they arrive as `variable` events. */
  requestAllVariables(): void {
    this.send(encodeFrame(ImbCommandCode.icAllVariables));
  }

  /**
   * Requests every variable and resolves with all of them once the hub's replay has gone quiet
   * for `quietMs` (IMB marks no end of the replay).
   */
  async allVariables(quietMs = 100, signal?: AbortSignal): Promise<Map<string, Uint8Array>> {
    if (signal?.aborted) throw abortError(signal);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onVariable: (() => void) | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        const quiet = () => {
          clearTimeout(timer);
          timer = setTimeout(resolve, quietMs);
        };
        onVariable = quiet;
        this.on('variable', quiet);
        signal?.addEventListener('abort', () => reject(abortError(signal)), { once: true });
        this.requestAllVariables();
        quiet();
      });
    } finally {
      clearTimeout(timer);
      if (onVariable !== undefined) this.off('variable', onVariable);
    }
    return new Map(this.variables);
  }

  /** icRequestEventNames; the answer arrives as an `eventNames` event. */
  requestEventNames(filter = '', flags = 3): void {
    this.send(encodeCommand('icRequestEventNames', { filter, flags }));
  }

  /** Requests the event names and waits for the answer. */
  async eventNames(
    filter = '',
    flags = 3,
    signal: AbortSignal = AbortSignal.timeout(5000),
  ): Promise<EventNameEntry[]> {
    const answer = nextEvent(this, 'eventNames', signal);
    this.requestEventNames(filter, flags);
    const [entries] = await answer;
    return entries;
  }

  /** Writes icUniqueClientID(0, 0) when no unique id is known yet (pyimb's request). */
  requestUniqueClientId(): void {
    if (!this.uid) this.send(encodeCommand('icUniqueClientID', { uniqueClientId: 0, clientHandle: 0 }));
  }

  /** The unique client id, asking the hub when none is known (pyimb waits up to 5 s). */
  async getUniqueClientId(signal: AbortSignal = AbortSignal.timeout(5000)): Promise<number> {
    if (this.uid) return this.uid;
    const answer = nextEvent(this, 'uniqueClientId', signal);
    this.requestUniqueClientId();
    const [info] = await answer;
    return info.uniqueClientId;
  }

  /** ekLogWriteLn on the (prefixed) event, publishing it first if needed. */
  logWriteLn(eventName: string, line: string, level: number, prefix = this.defaultPrefix): boolean {
    return this.getEvent(eventName, prefix).logWriteLn(line, level);
  }

  /** icCreateTimer for a (prefixed) event. */
  createTimer(
    eventName: string,
    timerName: string,
    options: {
      startTime?: number | bigint;
      resolutionMs?: number;
      speedFactor?: number;
      repeatCount?: number;
    } = {},
    prefix = this.defaultPrefix,
  ): void {
    const definition = this.getEvent(eventName, prefix);
    this.send(
      encodeCommand('icCreateTimer', {
        eventId: definition.eventId,
        timerName,
        startTime: options.startTime ?? 0,
        resolutionMs: options.resolutionMs ?? 100,
        speedFactor: options.speedFactor ?? 1,
        repeatCount: options.repeatCount ?? 0x7fffffff,
      }),
    );
  }

  /** Hands everything written so far to the OS; resolves once it has been. */
  async flush(): Promise<void> {
    this.writer?.flush();
    await this.transport?.flush();
  }

  /** Resolves when the connection can take more writes (after a signal returned false). */
  drained(): Promise<void> {
    return this.writer?.ready() ?? Promise.resolve();
  }

  /** Bytes, frames and reconnects of the current transport plus the client's own counts. */
  get transportCounters(): Transport['counters'] | undefined {
    return this.transport?.counters;
  }

  private fullName(eventName: string, prefix: boolean): string {
    return prefix ? `${this.options.federation}.${eventName}` : eventName;
  }

  /**
   * Subscription state: written when connected; otherwise only remembered, and every connect
   * (first or again) sends what the events then hold.
   */
  private sendState(frame: Uint8Array): void {
    if (this.transport?.state === 'open') this.send(frame);
  }

  /** Writes a frame (or, without one, only checks the connection and counts a frame). */
  private send(frame: Uint8Array | undefined): boolean {
    const writer = this.writer;
    if (writer === undefined || this.transport?.state !== 'open') {
      throw new LabwireError(ErrorCode.NOT_CONNECTED, 'the IMB client is not connected');
    }
    this.counters.framesOut += 1;
    return frame === undefined ? true : writer.write(frame);
  }

  private async open(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortError(signal);
    const transport = this.factory();
    this.transport = transport;
    this.writer = new FrameWriter(transport);
    this.decoder.reset();
    this.translation.clear();
    transport.on('data', (data) => {
      if (this.transport === transport)
        this.decoder.write(typeof data === 'string' ? Buffer.from(data) : data);
    });
    transport.on('close', (info) => this.closed(transport, info));
    await transport.open(signal);
    const reconnect = this.everConnected;
    this.everConnected = true;
    if (this.options.requestUniqueClientId)
      this.send(encodeCommand('icUniqueClientID', { uniqueClientId: 0, clientHandle: 0 }));
    this.send(
      encodeCommand('icSetClientInfo', { ownerId: this.options.ownerId, ownerName: this.options.ownerName }),
    );
    for (const definition of this.definitions) definition.restore();
    this.policy?.connected();
    this.emit('connected', { reconnect });
  }

  private closed(transport: Transport, info: TransportCloseInfo): void {
    if (this.transport !== transport) return;
    this.decoder.end();
    this.streams.abortAll(new LabwireError(ErrorCode.CLOSED, 'connection closed inside a stream'));
    const willReconnect = !this.closing && this.policy !== undefined;
    this.emit('disconnected', { ...info, willReconnect });
    if (willReconnect) this.scheduleReconnect();
  }

  /** Tries again after the policy's delay, and again after each failed attempt, until it gives up. */
  private scheduleReconnect(): void {
    const delay = this.policy?.nextDelay();
    if (delay === undefined || this.closing) return;
    this.retryTimer = setTimeout(() => {
      if (this.closing) return;
      this.counters.reconnects += 1;
      this.open().catch((err: unknown) => {
        this.reportError(
          err instanceof LabwireError ? err : new LabwireError(ErrorCode.CONNECT_FAILED, String(err)),
        );
        this.scheduleReconnect();
      });
    }, delay);
  }

  private reportError(error: LabwireError): void {
    this.counters.errors += 1;
    this.emit('error', error);
  }

  private handleFrame(frame: ImbFrame): void {
    this.counters.framesIn += 1;
    if (frame.event !== undefined) {
      this.handleEvent(frame);
      return;
    }
    const fields = frame.fields;
    // A frame with a bad payload was reported by the decoder; it is not processed further.
    if (fields === undefined) {
      this.counters.ignored += 1;
      return;
    }
    switch (frame.command) {
      case 'icUniqueClientID': {
        this.uid = fields.uniqueClientId as number;
        this.handle = fields.clientHandle as number;
        this.emit('uniqueClientId', { uniqueClientId: this.uid, clientHandle: this.handle });
        return;
      }
      case 'icSetEventIDTranslation': {
        const hubEventId = fields.hubEventId as number;
        const clientEventId = fields.clientEventId as number;
        if (clientEventId >= 0) this.translation.set(hubEventId, clientEventId);
        else if (!this.translation.delete(hubEventId)) {
          this.reportError(
            imbError(
              ImbErrorCode.UNKNOWN_TRANSLATION,
              'unknown-translation',
              `no translation for hub event ${hubEventId} to remove`,
              {
                hubEventId,
              },
            ),
          );
        }
        return;
      }
      case 'icSetVariable': {
        const name = fields.name as string;
        const value = fields.value as Uint8Array;
        if (value.byteLength === 0) this.variables.delete(name);
        else this.variables.set(name, value);
        this.emit('variable', name, value);
        return;
      }
      case 'icEventNames':
        this.emit('eventNames', fields.entries as EventNameEntry[]);
        return;
      case 'icSubscribe':
      case 'icPublish':
      case 'icUnsubscribe':
      case 'icUnpublish':
        if (NOTIFY_COMMANDS.has(frame.command)) {
          this.emit('notify', {
            command: frame.command,
            eventName: fields.eventName as string,
          } as ImbNotification);
        }
        return;
      case 'icEndSession': {
        // The hub ends the session: close without answering (nl.tno.imb answers; pyimb does not).
        this.closing = true;
        this.emit('endSession');
        void this.transport?.close();
        return;
      }
      default:
        // Heartbeats, time stamps and the rest: ignored as both references do, but counted.
        this.counters.ignored += 1;
    }
  }

  private handleEvent(frame: ImbFrame): void {
    const e = frame.event!;
    const clientEventId = this.translation.get(e.eventId);
    const definition = clientEventId === undefined ? undefined : this.definitions[clientEventId];
    if (definition === undefined) {
      this.reportError(
        imbError(
          ImbErrorCode.UNKNOWN_EVENT,
          'unknown-event',
          `event for hub event id ${e.eventId} with no translation`,
          {
            hubEventId: e.eventId,
          },
        ),
      );
      return;
    }
    this.counters.events += 1;
    const fields = e.fields;
    if (fields !== undefined && e.kindCode >= 1 && e.kindCode <= 3) {
      const streamId = fields.streamId as number;
      if (e.kindCode === 1) this.streams.header(definition, streamId, fields.streamName as string);
      else this.streams.data(definition, streamId, fields.data as Uint8Array, e.kindCode === 3);
      return;
    }
    const event: ImbReceivedEvent = {
      eventName: definition.name,
      definition,
      hubEventId: e.eventId,
      tick: e.tick,
      kindCode: e.kindCode,
      kind: e.kind,
      flags: e.flags,
      body: e.body,
    };
    if (fields !== undefined) event.fields = fields;
    this.emit('event', event);
    definition.dispatch(event);
  }
}
