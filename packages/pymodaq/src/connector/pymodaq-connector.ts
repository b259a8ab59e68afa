import {
  BaseConnector,
  type BaseConnectorOptions,
  type ConnectorCapabilities,
  type DeviceInfo,
  ErrorCode,
  type ExecutableCommand,
  LabwireError,
  type Transport,
  parseTopic,
} from '@labwire/core';
import type { RemoteInstrument } from '../session/remote-instrument.js';
import { TcpServer } from '../session/tcp-server.js';
import { runCommand } from './commands.js';
import {
  dataEvents,
  deviceInfo,
  deviceMetadata,
  positionProperty,
  properties,
  propertyEvent,
  rawSummary,
  settingsMembers,
} from './device-model.js';
import {
  type PymodaqConnectorConfig,
  type PymodaqConnectorOptionsInput,
  PymodaqConnectorOptionsSchema,
} from './options.js';

export type PymodaqConnectorOptions = BaseConnectorOptions & PymodaqConnectorOptionsInput;

interface Attached {
  name: string;
  instrument: RemoteInstrument;
  timers: Array<ReturnType<typeof setInterval>>;
  busy: boolean;
}

/**
 * PyMoDAQ on the bus. The connector is the server role (PyMoDAQ's TCPServer plugin): it
 * listens, and each remote GRABBER or ACTUATOR that connects becomes a device. "Connected"
 * means listening; devices come and go with their clients.
 */
export class PymodaqConnector extends BaseConnector {
  readonly protocol = 'pymodaq';
  readonly capabilities: ConnectorCapabilities = {
    browse: true,
    liveUpdates: true,
    actions: ['set', 'invoke', 'raw'],
    data: true,
    raw: true,
    // The peers connect to us: when one drops, it is the instrument that reconnects (TcpClient
    // does, with backoff) and its device comes back rebuilt from its identification and Infos.
    // The connector itself only re-listens if its listener fails.
    reconnect: false,
    resume: 'state',
  };
  readonly config: PymodaqConnectorConfig;
  private server: TcpServer | undefined;
  private readonly devices = new Map<string, Attached>();
  private anonymous = 0;

  constructor(options: PymodaqConnectorOptions) {
    const { id, bus, reconnect, commandTimeoutMs, ...rest } = options;
    super({
      id,
      ...(bus === undefined ? {} : { bus }),
      ...(reconnect === undefined ? {} : { reconnect }),
      commandTimeoutMs: commandTimeoutMs ?? rest.requestTimeoutMs ?? 60_000,
    });
    this.config = PymodaqConnectorOptionsSchema.parse(rest);
  }

  /** The listening address (port 0 in the config becomes the real port here). */
  get address(): { host: string; port: number } | undefined {
    return this.server?.address;
  }

  /**
   * Hands the listener a connection that did not come through its socket (an in-memory pair in
   * tests, a tunnel): it identifies and becomes a device like any client.
   */
  accept(transport: Transport): void {
    if (this.server === undefined) {
      throw new LabwireError(ErrorCode.NOT_CONNECTED, `connector ${this.id} is not listening`);
    }
    this.server.accept(transport);
  }

  async browse(): Promise<DeviceInfo[]> {
    return [...this.devices.values()].map((d) => deviceInfo(d.name, d.instrument));
  }

  protected async connectOnce(signal: AbortSignal): Promise<void> {
    const c = this.config;
    const server = new TcpServer({
      host: c.listen.host,
      port: c.listen.port,
      dialect: c.dialect,
      recogniseV5: c.recogniseV5,
      ...(c.maxMessageBytes === undefined ? {} : { maxMessageBytes: c.maxMessageBytes }),
      ...(c.identifyTimeoutMs === undefined ? {} : { identifyTimeoutMs: c.identifyTimeoutMs }),
      ...(c.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: c.requestTimeoutMs }),
    });
    server.on('instrument', (instrument) => this.attach(instrument));
    server.on('error', (err, remote) =>
      this.reportError(
        new LabwireError(err.code, `${remote}: ${err.message}`, { cause: err, details: err.details }),
      ),
    );
    server.on('failed', (err) => this.connectionLost(err));
    this.server = server;
    if (signal.aborted) throw signal.reason;
    await server.listen();
  }

  protected async disconnect(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const name of [...this.devices.keys()]) this.detach(name);
    await server?.close();
  }

  private nameFor(instrument: RemoteInstrument): string {
    const taken = new Set(this.devices.keys());
    const expected = this.config.clients.find((c) => c.type === instrument.type && !taken.has(c.name));
    if (expected !== undefined) return expected.name;
    let name: string;
    do {
      this.anonymous += 1;
      name = `${instrument.type.toLowerCase()}-${this.anonymous}`;
    } while (taken.has(name));
    return name;
  }

  private attach(instrument: RemoteInstrument): void {
    const name = this.nameFor(instrument);
    const attached: Attached = { name, instrument, timers: [], busy: false };
    this.devices.set(name, attached);
    this.publish({ kind: 'device', device: name, change: 'added', metadata: deviceMetadata(instrument) });
    for (const p of properties(instrument)) this.publish(propertyEvent(name, 'defined', p));

    instrument.on('settings', () => {
      this.publish({
        kind: 'property',
        device: name,
        property: 'settings',
        change: 'updated',
        type: 'json',
        permission: 'rw',
        state: 'ok',
        members: settingsMembers(instrument.settings),
      });
      if (instrument.type === 'ACTUATOR') {
        this.publish(propertyEvent(name, 'updated', positionProperty(instrument.position, instrument.units)));
      }
    });
    instrument.on('info', (key, value) =>
      this.publish({
        kind: 'property',
        device: name,
        property: 'info',
        change: 'updated',
        type: 'text',
        permission: 'ro',
        members: [{ name: key, value }],
      }),
    );
    instrument.on('setting', (path, xml) =>
      this.publish({
        kind: 'message',
        device: name,
        severity: 'info',
        text: `setting ${path.join('/')} changed: ${xml}`,
      }),
    );
    instrument.on('position', (position) =>
      this.publish(propertyEvent(name, 'updated', positionProperty(position, instrument.units))),
    );
    instrument.on('data', (result) => {
      for (const event of dataEvents(name, result)) this.publish(event);
    });
    instrument.on('message', (m) => {
      if (this.config.raw) this.publish({ kind: 'raw', device: name, message: rawSummary(m) });
    });
    instrument.on('error', (err) => this.reportError(err, name));
    instrument.on('close', () => this.detach(name, instrument));
    this.startPolling(attached);
  }

  private startPolling(d: Attached): void {
    const { grabIntervalMs, grabDim, positionIntervalMs } = this.config.poll;
    const every = (ms: number, task: () => Promise<unknown>) => {
      if (ms <= 0) return;
      d.timers.push(
        setInterval(() => {
          if (d.busy || !d.instrument.connected) return;
          d.busy = true;
          task()
            .catch((err: LabwireError) => this.reportError(err, d.name))
            .finally(() => {
              d.busy = false;
            });
        }, ms),
      );
    };
    if (d.instrument.type === 'GRABBER') every(grabIntervalMs, () => d.instrument.grab(grabDim));
    else every(positionIntervalMs, () => d.instrument.getPosition());
  }

  private detach(name: string, instrument?: RemoteInstrument): void {
    const d = this.devices.get(name);
    if (d === undefined || (instrument !== undefined && d.instrument !== instrument)) return;
    for (const t of d.timers) clearInterval(t);
    this.devices.delete(name);
    this.publish({ kind: 'device', device: name, change: 'removed' });
  }

  protected async execute(command: ExecutableCommand, signal: AbortSignal): Promise<unknown> {
    const [device = '', property = '', ...rest] = parseTopic(command.target);
    const d = this.devices.get(device);
    if (d === undefined) {
      throw new LabwireError(ErrorCode.NOT_FOUND, `no PyMoDAQ client named ${JSON.stringify(device)}`);
    }
    return runCommand({
      device,
      instrument: d.instrument,
      property,
      rest,
      action: command.action,
      args: command.args,
      options: { signal, timeoutMs: command.timeoutMs ?? this.commandTimeoutMs },
      defaultGrabDim: this.config.poll.grabDim,
    });
  }
}
