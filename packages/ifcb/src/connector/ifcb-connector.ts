import {
  BaseConnector,
  type BaseConnectorOptions,
  type ConnectorCapabilities,
  type DeviceInfo,
  type ExecutableCommand,
  ErrorCode,
  LabwireError,
  type PropertyInfo,
  type TransportFactory,
  abortError,
} from '@labwire/core';
import type { IfcbFile } from '../codec/file-decoder.js';
import type { RelayedMessage } from '../client/handler-registry.js';
import { IfcbClient } from '../client/ifcb-client.js';
import { commandText } from './command-mapping.js';
import { type PropertyUpdate, mapMessage } from './message-mapping.js';
import type { IfcbConnectorConfig } from './options-schema.js';

export type IfcbConnectorOptions = BaseConnectorOptions &
  IfcbConnectorConfig & {
    /** Constructor-only: carry the hub protocol over this transport instead of negotiate + WebSocket (tests). */
    transport?: TransportFactory;
  };

/** Command names the instrument device offers, for browse (they have no values). */
const COMMAND_PROPERTIES: PropertyInfo[] = [
  {
    name: 'routine',
    type: 'text',
    permission: 'wo',
    label: 'Run a stored routine (invoke, args: name)',
    members: [{ name: 'name' }],
  },
  {
    name: 'interactive',
    type: 'text',
    permission: 'rw',
    label: 'Interactive routine (invoke: load / start)',
    members: [{ name: 'state' }],
  },
  {
    name: 'refresh',
    type: 'switch',
    permission: 'wo',
    label: 'Ask for the current state again (invoke)',
    members: [],
  },
  {
    name: 'saveroutines',
    type: 'switch',
    permission: 'wo',
    label: 'Write routines to disk (invoke)',
    members: [],
  },
];

/**
 * One IFCB (by serial) behind an IFCBacquire hub, on the bus: `valuechanged:<var>` as properties,
 * camera frames, ROIs and transferred files as `data`, other messages as `message` (and `raw` on
 * request), host commands as commands acknowledged by the hub's completion.
 */
export class IfcbConnector extends BaseConnector {
  readonly protocol = 'ifcb';
  readonly capabilities: ConnectorCapabilities;
  readonly serial: string;
  readonly url: string;
  private readonly config: IfcbConnectorOptions;
  private client: IfcbClient | undefined;
  private readonly properties = new Map<string, PropertyInfo>();
  private deviceAnnounced = false;

  constructor(options: IfcbConnectorOptions) {
    super({ ...options, commandTimeoutMs: options.commandTimeoutMs ?? 30_000 });
    this.config = options;
    this.serial = options.serial;
    this.url = options.url;
    this.capabilities = {
      browse: true,
      liveUpdates: true,
      actions: ['set', 'invoke', 'raw'],
      data: true,
      raw: true,
      reconnect: options.reconnect !== false,
      // The hub has no replay: after a reconnect `refresh` asks the instrument for its state again.
      resume: 'state',
    };
  }

  async browse(): Promise<DeviceInfo[]> {
    if (!this.deviceAnnounced) return [];
    const known = [...this.properties.values()];
    const names = new Set(known.map((p) => p.name));
    return [
      {
        name: this.serial,
        metadata: { url: this.url, kind: 'Imaging FlowCytobot' },
        properties: [...known, ...COMMAND_PROPERTIES.filter((p) => !names.has(p.name))],
      },
    ];
  }

  protected async connectOnce(signal: AbortSignal): Promise<void> {
    const client = new IfcbClient(this.url, this.serial, {
      reconnect: false,
      ...(this.config.maxFrameBytes === undefined ? {} : { maxFrameBytes: this.config.maxFrameBytes }),
      ...(this.config.transport === undefined ? {} : { transport: this.config.transport }),
    });
    this.client = client;
    client.events.on('message', (m) => this.onMessage(m));
    client.events.on('file', (f) => this.onFile(f));
    client.events.on('error', (e) => this.reportError(e, this.serial));
    client.events.on('disconnected', (e) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.connectionLost(e);
    });
    if (signal.aborted) throw abortError(signal);
    await client.connect(signal);
    this.announceDevice();
  }

  /** `device added` once, before anything about the device (a message may beat connect()'s return). */
  private announceDevice(): void {
    if (this.deviceAnnounced) return;
    this.deviceAnnounced = true;
    this.publish({ kind: 'device', device: this.serial, change: 'added', metadata: { url: this.url } });
  }

  protected async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    await client.disconnect();
  }

  protected async execute(command: ExecutableCommand, signal: AbortSignal): Promise<unknown> {
    const text = commandText(command, this.serial);
    const client = this.client;
    if (client === undefined)
      throw new LabwireError(ErrorCode.NOT_CONNECTED, `connector ${this.id} has no hub session`);
    await client.relayMessageToHost(text, { signal, timeoutMs: command.timeoutMs ?? this.commandTimeoutMs });
    return { relayed: text };
  }

  private onMessage(relayed: RelayedMessage): void {
    this.announceDevice();
    if (this.config.raw === true) {
      this.publish({
        kind: 'raw',
        device: this.serial,
        message: {
          senderId: relayed.senderId,
          source: relayed.source,
          seqno: relayed.seqno,
          text: relayed.text,
          key: relayed.message.key,
        },
      });
    }
    for (const m of mapMessage(relayed.message)) {
      switch (m.kind) {
        case 'property':
          this.updateProperty(m.update);
          break;
        case 'message':
          this.publish({ kind: 'message', device: this.serial, text: m.text, severity: m.severity });
          break;
        case 'image':
          this.publish({
            kind: 'data',
            device: this.serial,
            property: m.property,
            dtype: 'bytes',
            shape: [m.image.byteLength],
            format: 'image/png',
            byteLength: m.image.byteLength,
            metadata: m.metadata,
            payload: m.image,
          });
          break;
        default:
          break;
      }
    }
  }

  private onFile(file: IfcbFile): void {
    this.announceDevice();
    const dot = file.filename.lastIndexOf('.');
    this.publish({
      kind: 'data',
      device: this.serial,
      property: 'file',
      dtype: 'bytes',
      shape: [file.data.byteLength],
      format: dot >= 0 ? file.filename.slice(dot) : file.contentType,
      byteLength: file.data.byteLength,
      metadata: {
        filename: file.filename,
        contentType: file.contentType,
        chunkCount: file.chunkCount,
        missing: file.missing,
      },
      payload: file.data,
    });
  }

  private updateProperty(update: PropertyUpdate): void {
    const known = this.properties.has(update.property);
    const info: PropertyInfo = {
      name: update.property,
      type: update.type,
      state: 'ok',
      permission: update.writable ? 'rw' : 'ro',
      members: update.members,
    };
    this.properties.set(update.property, info);
    this.publish({
      kind: 'property',
      device: this.serial,
      property: update.property,
      change: known ? 'updated' : 'defined',
      type: info.type,
      state: 'ok',
      permission: info.permission!,
      members: update.members,
    });
  }
}
