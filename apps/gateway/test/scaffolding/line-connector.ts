/**
 * TEST SCAFFOLDING — a minimal connector over `line-instrument.ts`, extending the real
 * BaseConnector from @labwire/core over a real TCP socket. Registered in tests as protocol
 * "test-line"; never shipped.
 */
import {
  BaseConnector,
  type BaseConnectorOptions,
  type ConnectorCapabilities,
  type DeviceInfo,
  ErrorCode,
  type ExecutableCommand,
  LabwireError,
  TcpTransport,
} from '@labwire/core';
import { z } from 'zod';
import type { ProtocolEntry } from '../../src/protocols/registry.js';

export const LineConnectorOptionsSchema = z
  .object({ host: z.string().default('127.0.0.1'), port: z.number().int() })
  .strict();

export class LineConnector extends BaseConnector {
  readonly protocol = 'test-line';
  readonly capabilities: ConnectorCapabilities = {
    browse: true,
    liveUpdates: true,
    actions: ['set', 'invoke'],
    data: true,
    raw: false,
    reconnect: true,
    resume: 'state',
  };
  private transport: TcpTransport | undefined;
  private readonly waiting = new Map<string, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly properties = new Map<string, Map<string, unknown>>();
  private readonly host: string;
  private readonly port: number;

  constructor(options: BaseConnectorOptions & { host?: string; port: number }) {
    super(options);
    this.host = options.host ?? '127.0.0.1';
    this.port = options.port;
  }

  async browse(): Promise<DeviceInfo[]> {
    return [...this.properties].map(([device, props]) => ({
      name: device,
      properties: [...props].map(([name, value]) => ({
        name,
        type: 'number' as const,
        permission: 'rw' as const,
        members: [{ name: 'value', value: value as number }],
      })),
    }));
  }

  protected async connectOnce(signal: AbortSignal): Promise<void> {
    const transport = new TcpTransport({ host: this.host, port: this.port, connectTimeoutMs: 2_000 });
    await transport.open(signal);
    this.transport = transport;
    let buffered = '';
    transport.on('data', (chunk) => {
      buffered += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        this.onLine(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf('\n');
      }
    });
    transport.on('close', () => {
      if (this.transport === transport) this.connectionLost();
    });
  }

  protected async disconnect(): Promise<void> {
    const transport = this.transport;
    this.transport = undefined;
    transport?.destroy();
  }

  protected execute(command: ExecutableCommand, signal: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.waiting.set(command.id, { resolve, reject });
      signal.addEventListener('abort', () => this.waiting.delete(command.id), { once: true });
      this.transport?.write(
        `${JSON.stringify({ id: command.id, target: command.target, action: command.action, args: command.args })}\n`,
      );
    });
  }

  private onLine(line: string): void {
    const m = JSON.parse(line) as Record<string, unknown>;
    if (typeof m.ack === 'string') {
      this.waiting.get(m.ack)?.resolve(m.result);
      this.waiting.delete(m.ack);
      return;
    }
    if (typeof m.nack === 'string') {
      this.waiting.get(m.nack)?.reject(new LabwireError(ErrorCode.COMMAND_FAILED, String(m.error)));
      this.waiting.delete(m.nack);
      return;
    }
    const device = String(m.device);
    if (typeof m.data === 'string') {
      const payload = Buffer.from(m.data, 'base64');
      this.publish({
        kind: 'data',
        device,
        property: String(m.property),
        dtype: '|u1',
        shape: [payload.byteLength],
        byteLength: payload.byteLength,
        payload,
      });
      return;
    }
    let props = this.properties.get(device);
    if (props === undefined) {
      props = new Map();
      this.properties.set(device, props);
    }
    const first = !props.has(String(m.property));
    props.set(String(m.property), m.value);
    this.publish({
      kind: 'property',
      device,
      property: String(m.property),
      change: first ? 'defined' : 'updated',
      type: 'number',
      state: 'ok',
      members: [{ name: 'value', value: m.value as number }],
    });
  }

  /** Publishes `count` small property events directly, as a fast instrument would (benchmarks). */
  publishBurst(count: number, device = 'bench', property = 'value'): void {
    for (let i = 0; i < count; i++) {
      this.publish({
        kind: 'property',
        device,
        property,
        change: 'updated',
        type: 'number',
        state: 'ok',
        members: [{ name: 'value', value: i }],
      });
    }
  }

  /** Publishes a data event directly (benchmarks and the large-payload test, no base64 hop). */
  publishData(device: string, property: string, payload: Uint8Array): void {
    this.publish({
      kind: 'data',
      device,
      property,
      dtype: '|u1',
      shape: [payload.byteLength],
      byteLength: payload.byteLength,
      payload,
    });
  }
}

export const lineProtocol: ProtocolEntry = {
  name: 'test-line',
  Connector: LineConnector as unknown as ProtocolEntry['Connector'],
  optionsSchema: LineConnectorOptionsSchema,
  startDemoSimulator: undefined,
  exports: {},
};
