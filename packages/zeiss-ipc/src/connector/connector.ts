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
} from '@labwire/core';
import { z } from 'zod';
import type { ZeissReply, ZeissRequest } from '../codec/types.js';
import { ZeissIpcClient, commandFailed } from '../client/client.js';
import { ZEISS_COMMAND_TIMEOUT_MS } from '../client/constants.js';
import { ZeissProperty, commandProperties, lastReplyProperty } from './model.js';
import type { ZeissIpcConnectorConfig } from './options.js';

export interface ZeissIpcConnectorOptions
  extends Omit<BaseConnectorOptions, 'commandTimeoutMs'>,
    ZeissIpcConnectorConfig {
  /** Overrides `url` (tests hand in memory pairs or fault injectors). */
  transport?: TransportFactory;
  /** Publish every reply as a `raw` event too (opt-in). */
  raw?: boolean;
}

/**
 * The client's own timeout fires this much before the connector's, so a lost reply is reported
 * by the client as OUTCOME_UNKNOWN rather than by the base class as a plain TIMEOUT.
 */
export const ZEISS_TIMEOUT_MARGIN_MS = 50;

const ImageArgs = z.object({ file: z.string(), name: z.string(), focalLength: z.number().finite() });
const ElementsArgs = z.object({ file: z.string(), importMode: z.string() });

/**
 * A ZEISS INSPECT instance on the bus: one device (default `inspect`) whose commands `image`,
 * `elements`, `request` and `quit` are `invoke` targets acknowledged by the reply text, and a
 * read-only `lastReply` property updated with every reply. `raw` sends text as it is.
 */
export class ZeissIpcConnector extends BaseConnector {
  readonly protocol = 'zeiss-ipc';
  readonly capabilities: ConnectorCapabilities = {
    browse: true,
    // The instrument never speaks unprompted: `lastReply` changes only as commands are answered.
    liveUpdates: false,
    actions: ['invoke', 'raw'],
    data: false,
    raw: true,
    reconnect: true,
    // The protocol has no state to rebuild: requests are independent.
    resume: 'none',
  };
  readonly device: string;
  private client: ZeissIpcClient | undefined;
  private lastReply: { reply: ZeissReply; text: string } | undefined;
  private announced = false;

  constructor(private readonly options: ZeissIpcConnectorOptions) {
    super({ ...options, commandTimeoutMs: options.commandTimeoutMs ?? ZEISS_COMMAND_TIMEOUT_MS });
    this.device = options.device ?? 'inspect';
  }

  async browse(): Promise<DeviceInfo[]> {
    return [{ name: this.device, metadata: this.metadata(), properties: this.properties() }];
  }

  private metadata(): Record<string, unknown> {
    return {
      url: this.options.url,
      dialect: this.options.dialect ?? 'example',
      application: 'ZEISS INSPECT',
    };
  }

  private properties(): PropertyInfo[] {
    return [...commandProperties(), lastReplyProperty(this.lastReply?.reply, this.lastReply?.text)];
  }

  protected async connectOnce(signal: AbortSignal): Promise<void> {
    // A client left from a lost session must not open connections for stale queued requests.
    const previous = this.client;
    this.client = undefined;
    await previous?.close();
    const client = new ZeissIpcClient({
      url: this.options.url,
      ...(this.options.transport === undefined ? {} : { transport: this.options.transport }),
      ...(this.options.dialect === undefined ? {} : { dialect: this.options.dialect }),
      ...(this.options.successTokens === undefined ? {} : { successTokens: this.options.successTokens }),
      ...(this.options.focalLengthAs === undefined
        ? {}
        : { encoding: { focalLengthAs: this.options.focalLengthAs } }),
      // The base class reconnects with its own policy.
      reconnect: false,
    });
    client.on('close', (info) => {
      if (this.client !== client) return;
      this.connectionLost(
        new LabwireError(
          ErrorCode.CLOSED,
          `ZEISS IPC connection closed${info.code === undefined ? '' : ` with ${info.code}`}`,
          {
            details: { code: info.code, reason: info.reason },
          },
        ),
      );
    });
    client.on('error', (error) => this.reportError(error, this.device));
    this.client = client;
    await client.connect(signal);
    this.announce();
  }

  private announce(): void {
    if (this.announced) return;
    this.announced = true;
    this.publish({ kind: 'device', device: this.device, change: 'added', metadata: this.metadata() });
    for (const p of this.properties()) {
      this.publish({ kind: 'property', device: this.device, property: p.name, change: 'defined', ...p });
    }
  }

  protected async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.close();
  }

  protected async execute(command: ExecutableCommand, signal: AbortSignal): Promise<unknown> {
    const client = this.client;
    if (client === undefined)
      throw new LabwireError(ErrorCode.NOT_CONNECTED, `connector ${this.id} is not connected`);
    const [device, property, ...rest] = parseTopic(command.target);
    if (device !== this.device || rest.length > 0) {
      throw new LabwireError(
        ErrorCode.NOT_FOUND,
        `no target ${command.target} on ${this.id} (device is ${this.device})`,
      );
    }
    const timeoutMs = Math.max(1, (command.timeoutMs ?? this.commandTimeoutMs) - ZEISS_TIMEOUT_MARGIN_MS);
    const options = { signal, timeoutMs };
    if (command.action === 'raw' && typeof command.args !== 'string') {
      throw new LabwireError(ErrorCode.INVALID_ARGUMENT, 'raw needs the request text as args');
    }
    const request =
      command.action === 'raw' ? (command.args as string) : this.requestFor(property, command.args);
    const { reply, text } = await client.request(request, options);
    this.lastReply = { reply, text };
    this.published(reply, text);
    if (reply.type === 'error') throw commandFailed(reply);
    return { reply, text };
  }

  private requestFor(property: string | undefined, args: unknown): ZeissRequest {
    const parse = <T>(schema: z.ZodType<T>): T => {
      const parsed = schema.safeParse(args);
      if (!parsed.success) {
        throw new LabwireError(
          ErrorCode.INVALID_ARGUMENT,
          `${property}: ${parsed.error.issues[0]?.message ?? 'invalid arguments'}`,
          {
            details: { issues: parsed.error.issues },
          },
        );
      }
      return parsed.data;
    };
    switch (property) {
      case ZeissProperty.image:
        return { command: 'image', ...parse(ImageArgs) };
      case ZeissProperty.elements:
        return { command: 'elements', ...parse(ElementsArgs) };
      case ZeissProperty.quit:
        return { command: 'quit' };
      case ZeissProperty.request:
        return { command: 'custom', body: args ?? null };
      default:
        throw new LabwireError(ErrorCode.NOT_FOUND, `${this.device} has no command ${property ?? '(none)'}`);
    }
  }

  /** Publishes a reply: `lastReply` updated, a message with its severity, and the raw reply when opted in. */
  private published(reply: ZeissReply, text: string): void {
    const p = lastReplyProperty(reply, text);
    this.publish({ kind: 'property', device: this.device, property: p.name, change: 'updated', ...p });
    const severity = reply.type === 'error' ? 'error' : reply.type === 'other' ? 'warning' : 'info';
    this.publish({ kind: 'message', device: this.device, text, severity });
    if (this.options.raw === true)
      this.publish({ kind: 'raw', device: this.device, message: { text, reply } });
  }
}
