import {
  BaseConnector,
  type BaseConnectorOptions,
  type ConnectorCapabilities,
  type DeviceInfo,
  ErrorCode,
  type ExecutableCommand,
  LabwireError,
  type PropertyInfo,
  type TransportFactory,
  parseTopic,
  topicOf,
} from '@labwire/core';
import { ImbClient } from '../client/imb-client.js';
import { ImbEventKind, type ImbEventKindName, ImbEventKind as Kinds } from '../codec/index.js';
import { addressOf, mapEvent, mapStream } from './event-mapping.js';
import { type ImbConnectorOptionsInput, ImbConnectorOptionsSchema } from './options-schema.js';

export type ImbConnectorInit = BaseConnectorOptions &
  ImbConnectorOptionsInput & {
    /** Also publish every received event as a `raw` bus event. */
    raw?: boolean;
    /** Replaces TCP to host:port (tests hand in memory pairs). */
    transport?: TransportFactory;
  };

const hexOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

function bytesArg(value: unknown, what: string): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string' && /^([0-9a-fA-F]{2})*$/.test(value))
    return new Uint8Array(Buffer.from(value, 'hex'));
  throw new LabwireError(ErrorCode.INVALID_ARGUMENT, `${what} must be bytes or a hex string`);
}

/**
 * IMB3 on the bus: each federation is a device, each event a property of it (docs/protocols/imb.md).
 * Commands signal on events and resolve once the frame is sent (IMB has no acknowledgement).
 */
export class ImbConnector extends BaseConnector {
  readonly protocol = 'imb';
  readonly capabilities: ConnectorCapabilities = {
    browse: true,
    liveUpdates: true,
    actions: ['set', 'invoke', 'raw'],
    data: true,
    raw: true,
    reconnect: true,
    resume: 'state',
  };
  private readonly config: ReturnType<typeof ImbConnectorOptionsSchema.parse>;
  private readonly raw: boolean;
  private readonly transport: TransportFactory | undefined;
  private client: ImbClient | undefined;
  private readonly knownDevices = new Set<string>();

  constructor(options: ImbConnectorInit) {
    super(options);
    const {
      id: _id,
      bus: _bus,
      reconnect: _reconnect,
      commandTimeoutMs: _t,
      raw,
      transport,
      ...rest
    } = options;
    this.config = ImbConnectorOptionsSchema.parse(rest);
    this.raw = raw ?? false;
    this.transport = transport;
  }

  /** The IMB client of the current session (for what the bus does not cover). */
  get imbClient(): ImbClient | undefined {
    return this.client;
  }

  protected async connectOnce(signal: AbortSignal): Promise<void> {
    const { host, port, federation, ownerId, ownerName } = this.config;
    const client = new ImbClient(host, port, {
      ownerId,
      ownerName,
      federation,
      ...(this.transport === undefined ? {} : { transport: this.transport }),
    });
    this.client = client;
    client.on('error', (error) => this.reportError(error));
    client.on('event', (event) => {
      const address = addressOf(event.eventName, federation);
      const topic = topicOf(this.id, address.device, address.property);
      for (const e of mapEvent(event, address, topic)) this.publish(e);
      if (this.raw) {
        this.publish({
          kind: 'raw',
          device: address.device,
          topic,
          message: {
            eventName: event.eventName,
            kind: event.kind,
            kindCode: event.kindCode,
            flags: event.flags,
            tick: event.tick,
            bodyHex: hexOf(event.body),
          },
        });
      }
    });
    client.on('streamEnd', (end) => {
      for (const e of mapStream(end, addressOf(end.eventName, federation))) this.publish(e);
    });
    client.on('disconnected', (info) => {
      if (this.client !== client) return;
      this.connectionLost(
        new LabwireError(
          ErrorCode.CLOSED,
          `IMB hub connection closed${info.hadError ? ' with an error' : ''}`,
        ),
      );
    });
    await client.connect(signal);
    for (const name of this.config.subscribe) client.subscribe(name);
    for (const name of this.config.publish) client.publish(name);
    this.announce();
  }

  protected async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client?.connected) await client.disconnect();
  }

  async browse(): Promise<DeviceInfo[]> {
    const devices = new Map<string, PropertyInfo[]>();
    for (const entry of this.configuredEvents()) {
      const list = devices.get(entry.device) ?? [];
      list.push({ name: entry.property, type: 'json', permission: entry.permission, members: [] });
      devices.set(entry.device, list);
    }
    return [...devices].map(([name, properties]) => ({ name, metadata: { federation: name }, properties }));
  }

  /**
   * set: a string (or number/boolean) is signalled as a string, `{action, objectId, attribute}`
   * as a change object, bytes as a normal event; invoke: `{kind, body, flags}` or
   * `{stream, streamName}`; raw: `{kindCode, flags, bodyHex}`.
   */
  protected async execute(command: ExecutableCommand, signal: AbortSignal): Promise<unknown> {
    const client = this.client;
    if (client === undefined || !client.connected)
      throw new LabwireError(ErrorCode.NOT_CONNECTED, 'IMB session is not open');
    const [device, property, ...more] = parseTopic(command.target);
    if (
      device === undefined ||
      device === '' ||
      property === undefined ||
      property === '' ||
      more.length > 0
    ) {
      throw new LabwireError(
        ErrorCode.INVALID_ARGUMENT,
        `IMB command target must be federation/event, got "${command.target}"`,
      );
    }
    const eventName = `${device}.${property}`;
    const event = client.getEvent(eventName, false);
    const args = command.args;
    switch (command.action) {
      case 'set':
        if (typeof args === 'string' || typeof args === 'number' || typeof args === 'boolean')
          event.signalString(String(args));
        else if (args instanceof Uint8Array) event.signalEvent(ImbEventKind.ekNormalEvent, args);
        else if (args !== null && typeof args === 'object' && 'attribute' in args) {
          const a = args as { action?: number; objectId?: number; attribute: string };
          event.signalChangeObject(a.action ?? 2, a.objectId ?? 0, String(a.attribute));
        } else
          throw new LabwireError(
            ErrorCode.INVALID_ARGUMENT,
            'set needs a string, bytes or {action, objectId, attribute}',
          );
        break;
      case 'invoke': {
        const a = (args ?? {}) as {
          kind?: number | ImbEventKindName;
          body?: unknown;
          flags?: number;
          stream?: unknown;
          streamName?: string;
        };
        if (a.stream !== undefined) {
          await event.signalStream(a.streamName ?? 'stream', bytesArg(a.stream, 'stream'), { signal });
        } else {
          event.signalEvent(
            a.kind ?? Kinds.ekNormalEvent,
            a.body === undefined ? new Uint8Array(0) : bytesArg(a.body, 'body'),
            a.flags ?? 0,
          );
        }
        break;
      }
      case 'raw': {
        const a = (args ?? {}) as { kindCode?: number; flags?: number; bodyHex?: string };
        event.signalEvent(
          a.kindCode ?? Kinds.ekNormalEvent,
          bytesArg(a.bodyHex ?? '', 'bodyHex'),
          a.flags ?? 0,
        );
        break;
      }
    }
    // IMB has no acknowledgement: the command is done once its bytes are handed to the OS.
    await client.flush();
    return { sent: true, eventName };
  }

  private configuredEvents(): Array<{ device: string; property: string; permission: 'ro' | 'wo' | 'rw' }> {
    const { federation, subscribe, publish } = this.config;
    const all = new Map<string, { sub: boolean; pub: boolean }>();
    for (const name of subscribe) all.set(name, { sub: true, pub: false });
    for (const name of publish) all.set(name, { sub: all.get(name)?.sub ?? false, pub: true });
    return [...all].map(([name, { sub, pub }]) => ({
      ...addressOf(`${federation}.${name}`, federation),
      permission: sub && pub ? 'rw' : sub ? 'ro' : 'wo',
    }));
  }

  /** Devices and properties known from the configuration, once per device. */
  private announce(): void {
    for (const entry of this.configuredEvents()) {
      if (!this.knownDevices.has(entry.device)) {
        this.knownDevices.add(entry.device);
        this.publish({
          kind: 'device',
          device: entry.device,
          change: 'added',
          metadata: { federation: entry.device },
        });
      }
      this.publish({
        kind: 'property',
        device: entry.device,
        property: entry.property,
        change: 'defined',
        type: 'json',
        permission: entry.permission,
        members: [],
      });
    }
  }
}
