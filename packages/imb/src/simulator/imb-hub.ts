import { type AddressInfo, type Server, type Socket, createServer } from 'node:net';
import { ErrorCode, LabwireError, TcpTransport, type Transport, TypedEmitter } from '@labwire/core';
import {
  IMB_DEFAULT_PORT,
  IMB_HEADER_BYTES,
  IMB_MAGIC,
  IMB_MAX_PAYLOAD_BYTES,
  IMB_TRAILER,
  ImbCommandCode,
  ImbEventKind,
  type ImbFrame,
  encodeCommand,
} from '../codec/index.js';
import { EventTable } from './event-table.js';
import { HubConnection } from './hub-connection.js';
import { HubLocator } from './hub-locator.js';

export interface ImbHubOptions {
  /** Listen address (default 127.0.0.1: loopback only unless told otherwise). */
  host?: string;
  /** TCP port (default 4000; 0 picks a free one). */
  port?: number;
  /** Unique client id of the first accepted connection (default 4097). */
  firstUniqueClientId?: number;
  /** Client handle of the first accepted connection (default 1). */
  firstClientHandle?: number;
  /** First hub event id (default 100). */
  firstHubEventId?: number;
  /** Route a client's events back to itself too (default false). */
  echoToSender?: boolean;
  /** Forward subscribe/publish/unsubscribe/unpublish to the other clients (default false). */
  notifyPresence?: boolean;
  /** Largest accepted payload (default 10 MiB). */
  maxPayloadBytes?: number;
  /** Time a client gets to close after icEndSession before it is cut off (default 2 s). */
  endSessionGraceMs?: number;
  /** Also answer UDP hub-locate requests on this port (section 10); off by default. */
  locatorPort?: number;
  /** Cap on the bytes of all stored variables together (default 64 MiB); beyond it a set is refused. */
  maxVariableBytes?: number;
}

export type ImbHubEvents = {
  connection: (connection: HubConnection) => void;
  disconnect: (connection: HubConnection) => void;
  /** Bad input from a client; the connection stays up. */
  error: (error: LabwireError, connection: HubConnection) => void;
};

export interface ImbHubCounters {
  connections: number;
  framesIn: number;
  eventsRouted: number;
  /** Events dropped because their sender had not published the event id. */
  eventsDropped: number;
  errors: number;
  ignored: number;
  /** Times a publisher was paused because a subscriber had not drained. */
  pauses: number;
}

/**
 * An IMB3 hub (protocol reference section 11): unique client ids, the event-name table,
 * per-client event id translation, routing to subscribers in order, variables, event-name
 * listing and end of session. Deterministic ids make it usable against recorded sessions.
 */
export class ImbHub extends TypedEmitter<ImbHubEvents> {
  readonly counters: ImbHubCounters = {
    connections: 0,
    framesIn: 0,
    eventsRouted: 0,
    eventsDropped: 0,
    errors: 0,
    ignored: 0,
    pauses: 0,
  };
  /** Stored variables, in insertion order. */
  readonly variables = new Map<string, Uint8Array>();
  private readonly options: Required<Omit<ImbHubOptions, 'host' | 'port'>> & { host: string; port: number };
  private readonly table: EventTable;
  private readonly live = new Set<HubConnection>();
  private server: Server | undefined;
  private accepted = 0;
  private variableBytes = 0;
  private locator: HubLocator | undefined;
  private locatorAddress: { host: string; port: number } | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(options: ImbHubOptions = {}) {
    super();
    this.options = {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? IMB_DEFAULT_PORT,
      firstUniqueClientId: options.firstUniqueClientId ?? 4097,
      firstClientHandle: options.firstClientHandle ?? 1,
      firstHubEventId: options.firstHubEventId ?? 100,
      echoToSender: options.echoToSender ?? false,
      notifyPresence: options.notifyPresence ?? false,
      maxPayloadBytes: options.maxPayloadBytes ?? IMB_MAX_PAYLOAD_BYTES,
      endSessionGraceMs: options.endSessionGraceMs ?? 2000,
      maxVariableBytes: options.maxVariableBytes ?? 64 * 1024 * 1024,
      locatorPort: options.locatorPort ?? -1,
    };
    this.table = new EventTable(this.options.firstHubEventId);
  }

  /** Starts listening; resolves with the bound address. */
  async listen(): Promise<{ host: string; port: number }> {
    if (this.server !== undefined) return this.address();
    const server = createServer({ noDelay: true }, (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      this.attach(TcpTransport.fromSocket(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { host, port } = this.address();
    if (this.options.locatorPort >= 0) {
      this.locator = new HubLocator(`tcp://${host}:${port}`, { host, port: this.options.locatorPort });
      this.locatorAddress = await this.locator.listen();
    }
    return { host, port };
  }

  /** The UDP locator's address, when `locatorPort` was given. */
  get locatorPort(): number | undefined {
    return this.locatorAddress?.port;
  }

  address(): { host: string; port: number } {
    const address = this.server?.address() as AddressInfo | null | undefined;
    return { host: this.options.host, port: address?.port ?? this.options.port };
  }

  get port(): number {
    return this.address().port;
  }

  /** Connected clients, in accept order. */
  get connections(): HubConnection[] {
    return [...this.live].sort((a, b) => a.index - b.index);
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    for (const connection of this.live) connection.transport.destroy();
    for (const socket of this.sockets) socket.destroy();
    await this.locator?.close();
    this.locator = undefined;
    const server = this.server;
    this.server = undefined;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Serves one already-open transport (an accepted socket, or a memory pair in tests). */
  attach(transport: Transport): HubConnection {
    const n = this.accepted++;
    const connection = new HubConnection(
      n,
      (this.options.firstUniqueClientId + n) >>> 0,
      (this.options.firstClientHandle + n) >>> 0,
      transport,
      (c, frame) => this.handleFrame(c, frame),
      (c, error) => {
        this.counters.errors += 1;
        this.emit('error', error, c);
      },
      this.options.maxPayloadBytes,
    );
    this.live.add(connection);
    this.counters.connections += 1;
    transport.on('data', (data) =>
      connection.decoder.write(typeof data === 'string' ? Buffer.from(data) : data),
    );
    transport.on('close', () => this.forget(connection));
    connection.sendUniqueClientId();
    this.emit('connection', connection);
    return connection;
  }

  /** Ends a client's session: icEndSession, then wait for it to close (cut off after the grace time). */
  async endSession(target: HubConnection | number): Promise<void> {
    const connection =
      typeof target === 'number' ? this.connections.find((c) => c.uniqueClientId === target) : target;
    if (connection === undefined || connection.transport.state === 'closed') return;
    connection.ended = true;
    const closed = new Promise<void>((resolve) => connection.transport.once('close', () => resolve()));
    connection.sendEndSession();
    const timer = setTimeout(() => connection.transport.destroy(), this.options.endSessionGraceMs);
    await closed;
    clearTimeout(timer);
  }

  private forget(connection: HubConnection): void {
    if (!this.live.delete(connection)) return;
    connection.decoder.end();
    for (const hubEventId of connection.subscriptions.keys())
      this.table.removeSubscriber(hubEventId, connection);
    connection.subscriptions.clear();
    connection.publications.clear();
    this.emit('disconnect', connection);
  }

  private handleFrame(c: HubConnection, frame: ImbFrame): void {
    this.counters.framesIn += 1;
    if (frame.event !== undefined) {
      this.route(c, frame);
      return;
    }
    const f = frame.fields;
    if (f === undefined) {
      this.counters.ignored += 1;
      return;
    }
    switch (frame.command) {
      case 'icUniqueClientID':
        c.sendUniqueClientId();
        return;
      case 'icSetClientInfo':
        c.ownerId = f.ownerId as number;
        c.ownerName = f.ownerName as string;
        return;
      case 'icPublish': {
        const hubEventId = this.table.idFor(f.eventName as string);
        c.publications.set(f.eventId as number, hubEventId);
        this.notify(c, frame);
        return;
      }
      case 'icUnpublish': {
        const hubEventId = this.table.find(f.eventName as string);
        if (hubEventId === undefined) return;
        for (const [cid, id] of c.publications) if (id === hubEventId) c.publications.delete(cid);
        this.notify(c, frame);
        return;
      }
      case 'icSubscribe': {
        const hubEventId = this.table.idFor(f.eventName as string);
        const clientEventId = f.eventId as number;
        c.subscriptions.set(hubEventId, clientEventId);
        this.table.addSubscriber(hubEventId, c);
        c.send(encodeCommand('icSetEventIDTranslation', { hubEventId, clientEventId }));
        this.notify(c, frame);
        return;
      }
      case 'icUnsubscribe': {
        const hubEventId = this.table.find(f.eventName as string);
        if (hubEventId === undefined || !c.subscriptions.delete(hubEventId)) return;
        this.table.removeSubscriber(hubEventId, c);
        c.send(encodeCommand('icSetEventIDTranslation', { hubEventId, clientEventId: -1 }));
        this.notify(c, frame);
        return;
      }
      case 'icSetVariable':
        this.setVariable(c, f.name as string, f.value as Uint8Array);
        return;
      case 'icSetVariablePrefixed': {
        const id = (f.prefix as number) === 1 ? c.clientHandle : c.uniqueClientId;
        this.setVariable(
          c,
          id.toString(16).toUpperCase().padStart(8, '0') + (f.name as string),
          f.value as Uint8Array,
        );
        return;
      }
      case 'icAllVariables':
        c.wantsVariables = true;
        for (const [name, value] of this.variables) c.send(encodeCommand('icSetVariable', { name, value }));
        return;
      case 'icRequestEventNames':
        c.send(
          encodeCommand('icEventNames', { entries: this.eventNames(f.filter as string, f.flags as number) }),
        );
        return;
      case 'icEndSession':
        c.ended = true;
        this.forget(c);
        void c.transport.close();
        return;
      default:
        // Heartbeat, throttle, state, no-delay, timers, monitors and unknown codes: ignored.
        this.counters.ignored += 1;
    }
  }

  /** Forwards an event to every other subscriber with the hub id; stamps log lines with the sender. */
  private route(c: HubConnection, frame: ImbFrame): void {
    const event = frame.event!;
    const hubEventId = c.publications.get(event.eventId);
    if (hubEventId === undefined) {
      this.counters.eventsDropped += 1;
      return;
    }
    const subscribers = this.table.subscribersOf(hubEventId);
    if (subscribers.length === 0) return;
    const payload = frame.payload;
    const n = payload.byteLength;
    // The forwarded frame is the sender's with the hub id in place of its id: a new 20-byte
    // head, the payload after the id as a view, and the trailer (no copy of the payload). Log
    // lines get their first body word stamped, which needs a copy of that small body.
    const head = Buffer.allocUnsafe(IMB_HEADER_BYTES + 4);
    head.set(IMB_MAGIC, 0);
    head.writeInt32LE(ImbCommandCode.icEvent, 8);
    head.writeInt32LE(n, 12);
    head.writeInt32LE(hubEventId, IMB_HEADER_BYTES);
    let rest = payload.subarray(4);
    if (event.kindCode === ImbEventKind.ekLogWriteLn && n >= 16) {
      const stamped = Buffer.from(rest);
      stamped.writeUInt32LE(c.uniqueClientId, 8);
      rest = stamped;
    }
    const parts = [head, rest, IMB_TRAILER];
    for (const s of subscribers) {
      if (s === c && !this.options.echoToSender) continue;
      s.sendParts(parts);
      this.counters.eventsRouted += 1;
      if (s.writer.isFull && !s.blocking.has(c)) this.holdUntilDrained(c, s);
    }
  }

  /** Backpressure: stop reading the publisher until the subscriber it floods has drained. */
  private holdUntilDrained(publisher: HubConnection, subscriber: HubConnection): void {
    subscriber.blocking.add(publisher);
    publisher.pauseReading();
    this.counters.pauses += 1;
    void subscriber.writer.ready().then(() => {
      subscriber.blocking.delete(publisher);
      publisher.resumeReading();
    });
  }

  private setVariable(from: HubConnection, name: string, value: Uint8Array): void {
    const previous = this.variables.get(name);
    const held = this.variableBytes - (previous === undefined ? 0 : name.length + previous.byteLength);
    if (value.byteLength > 0 && held + name.length + value.byteLength > this.options.maxVariableBytes) {
      this.counters.errors += 1;
      this.emit(
        'error',
        new LabwireError(
          ErrorCode.LIMIT_EXCEEDED,
          `variable ${name} refused: variables would exceed ${this.options.maxVariableBytes} bytes`,
          {
            details: { limit: this.options.maxVariableBytes, name },
          },
        ),
        from,
      );
      return;
    }
    this.variables.delete(name);
    this.variableBytes = held;
    if (value.byteLength > 0) {
      this.variables.set(name, Uint8Array.from(value));
      this.variableBytes += name.length + value.byteLength;
    }
    const frame = encodeCommand('icSetVariable', { name, value });
    for (const c of this.connections) if (c.wantsVariables) c.send(frame);
  }

  private eventNames(filter: string, flags: number) {
    const prefix = filter.endsWith('*') ? filter.slice(0, -1) : undefined;
    const entries = [];
    for (const [hubEventId, eventName] of this.table.entries()) {
      if (filter !== '' && (prefix === undefined ? eventName !== filter : !eventName.startsWith(prefix)))
        continue;
      let publishers = 0;
      let subscribers = 0;
      for (const c of this.live) {
        if (c.publishes(hubEventId)) publishers += 1;
        if (c.subscriptions.has(hubEventId)) subscribers += 1;
      }
      if (publishers === 0 && subscribers === 0) continue;
      entries.push({
        eventName,
        publishers: flags & 1 ? publishers : 0,
        subscribers: flags & 2 ? subscribers : 0,
        timers: 0,
      });
    }
    return entries;
  }

  private notify(sender: HubConnection, frame: ImbFrame): void {
    if (!this.options.notifyPresence) return;
    const bytes = Buffer.alloc(
      IMB_HEADER_BYTES + frame.payload.byteLength + (frame.payload.byteLength > 0 ? 4 : 0),
    );
    bytes.set(IMB_MAGIC, 0);
    bytes.writeInt32LE(frame.code, 8);
    bytes.writeInt32LE(frame.payload.byteLength, 12);
    bytes.set(frame.payload, IMB_HEADER_BYTES);
    if (frame.payload.byteLength > 0) bytes.set(IMB_TRAILER, IMB_HEADER_BYTES + frame.payload.byteLength);
    for (const c of this.connections) if (c !== sender) c.send(bytes);
  }
}
