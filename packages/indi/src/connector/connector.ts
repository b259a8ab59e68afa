import {
  BaseConnector,
  type BaseConnectorOptions,
  type ConnectorCapabilities,
  type DeviceInfo,
  ErrorCode,
  type ExecutableCommand,
  LabwireError,
  type TransportFactory,
  indiCommandTimeoutMs,
  parseTopic,
} from '@labwire/core';
import { IndiClient } from '../client/client.js';
import type { IndiVector } from '../client/model.js';
import type { IndiNewValue } from '../client/new-command.js';
import type { IndiVectorMessage } from '../codec/messages.js';
import { IndiErrorCode } from '../codec/errors.js';
import { memberOf, permission, propertyState, propertyType, severityOf, sourceTimeOf } from './mapping.js';
import type { IndiConnectorConfigInput } from './options-schema.js';

export interface IndiConnectorOptions extends BaseConnectorOptions, IndiConnectorConfigInput {
  /** Overrides host/port (tests hand in a memory pair). */
  transport?: TransportFactory;
}

/**
 * INDI on the labwire bus: devices, vectors (properties) and members from a live IndiClient,
 * BLOBs as `data` events with the bytes attached, `set` commands acknowledged when the vector
 * leaves Busy (Alert fails the command with the device's message).
 */
export class IndiConnector extends BaseConnector {
  readonly protocol = 'indi';
  readonly capabilities: ConnectorCapabilities = {
    browse: true,
    liveUpdates: true,
    actions: ['set'],
    data: true,
    raw: true,
    reconnect: true,
    resume: 'state',
  };
  /** The INDI client underneath (its model, counters and events). */
  readonly client: IndiClient;
  private readonly options: IndiConnectorOptions;
  private closing = false;

  constructor(options: IndiConnectorOptions) {
    super(options);
    this.options = options;
    const clientOptions: ConstructorParameters<typeof IndiClient>[0] = {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 7624,
      reconnect: false,
      blobMode: options.blobMode ?? 'Also',
    };
    if (options.transport !== undefined) clientOptions.transport = options.transport;
    if (options.devices !== undefined) clientOptions.devices = options.devices;
    if (options.blobFolder !== undefined) clientOptions.blobFolder = options.blobFolder;
    this.client = new IndiClient(clientOptions);
    this.wire();
  }

  async browse(): Promise<DeviceInfo[]> {
    return [...this.client.devices.values()].map((device) => ({
      name: device.name,
      properties: [...device.vectors.values()].map((v) => {
        const info: DeviceInfo['properties'][number] = {
          name: v.name,
          type: propertyType(v.kind),
          label: v.label,
          group: v.group,
          members: [...v.members.values()].map((m) => memberOf(v, m, true)),
        };
        const state = propertyState(v.state);
        if (state !== undefined) info.state = state;
        const perm = permission(v.perm);
        if (perm !== undefined) info.permission = perm;
        if (v.timeout !== undefined) info.timeout = v.timeout;
        if (v.rule !== undefined) info.rule = v.rule;
        return info;
      }),
    }));
  }

  protected async connectOnce(signal: AbortSignal): Promise<void> {
    this.closing = false;
    await this.client.connect(signal);
  }

  protected async disconnect(): Promise<void> {
    this.closing = true;
    await this.client.close();
  }

  protected override commandTimeout(command: ExecutableCommand): number {
    if (this.options.commandTimeout !== undefined) return this.options.commandTimeout;
    const [device, property] = parseTopic(command.target);
    const vector =
      device === undefined || property === undefined ? undefined : this.client.vector(device, property);
    return indiCommandTimeoutMs(vector?.timeout);
  }

  protected async execute(command: ExecutableCommand, signal: AbortSignal): Promise<unknown> {
    const [device, property, member, ...rest] = parseTopic(command.target);
    if (
      device === undefined ||
      property === undefined ||
      device === '' ||
      property === '' ||
      rest.length > 0
    ) {
      throw new LabwireError(
        ErrorCode.INVALID_ARGUMENT,
        `INDI command target must be device/property[/member], got ${command.target}`,
      );
    }
    const values = valuesOf(command.args, member);
    // BaseConnector enforces the timeout; the client only waits for the answer.
    const vector = await this.client.sendNewVector(device, property, values, {
      signal,
      timeoutMs: 2 ** 31 - 1,
    });
    if (vector.state === 'Alert') {
      throw new LabwireError(IndiErrorCode.ALERT, vector.message ?? `${device}.${property} answered Alert`, {
        details: { device, property, state: 'alert', values: vector.values() },
      });
    }
    return { state: propertyState(vector.state), values: vector.values() };
  }

  private wire(): void {
    const client = this.client;
    client.on('disconnected', (error) => {
      if (this.closing) return;
      this.connectionLost(error);
    });
    client.on('deviceAdded', (device) =>
      this.publish({ kind: 'device', device: device.name, change: 'added' }),
    );
    client.on('deviceRemoved', (device) => this.publish({ kind: 'device', device, change: 'removed' }));
    client.on('define', (vector, message) => this.publishProperty(vector, 'defined', message));
    client.on('set', (vector, message) => this.publishProperty(vector, 'updated', message));
    client.on('delete', (device, _name, removed) => {
      for (const v of removed) {
        this.publish({
          kind: 'property',
          device,
          property: v.name,
          change: 'deleted',
          type: propertyType(v.kind),
          members: [],
        });
      }
    });
    client.on('message', (entry) => {
      const sourceTime = sourceTimeOf(entry.timestamp);
      this.publish({
        kind: 'message',
        text: entry.text,
        severity: severityOf(entry.text),
        ...(entry.device === undefined ? {} : { device: entry.device }),
        ...(sourceTime === undefined ? {} : { sourceTime }),
      });
    });
    client.on('blob', (vector, member) => {
      const data = member.data!;
      const format = (member.blobFormat ?? '').replace(/\.z$/, '');
      const sourceTime = sourceTimeOf(vector.timestamp);
      this.publish({
        kind: 'data',
        device: vector.device,
        property: vector.name,
        dtype: 'bytes',
        shape: [data.byteLength],
        byteLength: data.byteLength,
        payload: data,
        metadata: { member: member.name, size: member.size ?? data.byteLength },
        ...(format === '' ? {} : { format }),
        ...(sourceTime === undefined ? {} : { sourceTime }),
      });
    });
    client.on('error', (error) => this.reportError(error));
    if (this.options.raw === true) {
      client.on('raw', (message) => {
        const device = 'device' in message ? message.device : undefined;
        this.publish({ kind: 'raw', message, ...(device === undefined ? {} : { device }) });
      });
    }
  }

  private publishProperty(
    vector: IndiVector,
    change: 'defined' | 'updated',
    message: IndiVectorMessage,
  ): void {
    const defined = change === 'defined';
    const names = defined ? undefined : new Set(message.members.map((m) => m.name));
    const members = [...vector.members.values()]
      .filter((m) => names === undefined || names.has(m.name))
      .map((m) => memberOf(vector, m, defined));
    const event: Parameters<typeof this.publish>[0] = {
      kind: 'property',
      device: vector.device,
      property: vector.name,
      change,
      type: propertyType(vector.kind),
      members,
    };
    const state = propertyState(vector.state);
    if (state !== undefined) event.state = state;
    if (defined) {
      event.label = vector.label;
      event.group = vector.group;
      const perm = permission(vector.perm);
      if (perm !== undefined) event.permission = perm;
      if (vector.rule !== undefined) event.rule = vector.rule;
    }
    if (vector.timeout !== undefined) event.timeout = vector.timeout;
    if (message.message !== undefined) event.message = message.message;
    const sourceTime = sourceTimeOf(message.timestamp);
    if (sourceTime !== undefined) event.sourceTime = sourceTime;
    this.publish(event);
  }
}

/** Command args: the member's value when the target names a member, else `{ member: value }`. */
function valuesOf(args: unknown, member: string | undefined): Record<string, IndiNewValue> {
  if (member !== undefined && member !== '') return { [member]: args as IndiNewValue };
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    throw new LabwireError(
      ErrorCode.INVALID_ARGUMENT,
      'INDI set needs args { member: value } (or a member in the target)',
    );
  }
  return args as Record<string, IndiNewValue>;
}
