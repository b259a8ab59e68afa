import type { Bus, Connector, ReconnectOptions } from '@labwire/core';
import type { Logger } from 'pino';
import type { LoadedConfig } from '../config/load.js';
import type { ConnectorConfig } from '../config/schema.js';
import type { ProtocolRegistry } from '../protocols/registry.js';
import { stableStringify } from './stable-stringify.js';

export interface ManagedConnector {
  readonly id: string;
  readonly connector: Connector;
  /** What the connector was built from; a change means a restart on reload. */
  readonly signature: string;
}

export interface ApplyResult {
  started: string[];
  stopped: string[];
  restarted: string[];
  unchanged: string[];
}

/**
 * Owns the running connectors. `apply` brings them in line with a config: it starts new ones,
 * stops removed ones and restarts only those whose settings changed, leaving the rest connected.
 */
export class ConnectorManager {
  private readonly running = new Map<string, ManagedConnector>();

  constructor(
    private readonly bus: Bus,
    private readonly registry: ProtocolRegistry,
    private readonly logger: Logger,
  ) {}

  get(id: string): Connector | undefined {
    return this.running.get(id)?.connector;
  }

  list(): Connector[] {
    return [...this.running.values()].map((m) => m.connector);
  }

  async apply(loaded: LoadedConfig): Promise<ApplyResult> {
    const result: ApplyResult = { started: [], stopped: [], restarted: [], unchanged: [] };
    const wanted = new Map<
      string,
      { config: ConnectorConfig; options: Record<string, unknown>; signature: string }
    >();
    for (const [id, config] of Object.entries(loaded.config.connectors)) {
      const options = loaded.connectorOptions.get(id);
      if (!config.enabled || options === undefined) continue;
      const signature = stableStringify({
        protocol: config.protocol,
        reconnect: config.reconnect,
        commandTimeoutMs: config.commandTimeoutMs,
        options,
      });
      wanted.set(id, { config, options, signature });
    }
    for (const [id, managed] of this.running) {
      const next = wanted.get(id);
      if (next === undefined) {
        await this.stopOne(id);
        result.stopped.push(id);
      } else if (next.signature !== managed.signature) {
        await this.stopOne(id);
        result.restarted.push(id);
      } else {
        result.unchanged.push(id);
      }
    }
    for (const [id, next] of wanted) {
      if (this.running.has(id)) continue;
      await this.startOne(id, next.config, next.options, next.signature);
      if (!result.restarted.includes(id)) result.started.push(id);
    }
    return result;
  }

  /** Stops and starts one connector with the same settings (the admin API's restart). */
  async restart(id: string): Promise<boolean> {
    const managed = this.running.get(id);
    if (managed === undefined) return false;
    await managed.connector.stop();
    this.startConnecting(managed);
    return true;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.keys()].map((id) => this.stopOne(id)));
  }

  private async startOne(
    id: string,
    config: ConnectorConfig,
    options: Record<string, unknown>,
    signature: string,
  ): Promise<void> {
    const entry = await this.registry.load(config.protocol);
    const reconnect: ReconnectOptions | false | undefined = config.reconnect;
    const connector = new entry.Connector({
      ...options,
      id,
      bus: this.bus,
      ...(reconnect === undefined ? {} : { reconnect }),
      ...(config.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: config.commandTimeoutMs }),
    });
    const managed = { id, connector, signature };
    this.running.set(id, managed);
    this.startConnecting(managed);
  }

  /** Starts without waiting: a connector retries in the background and reports on the bus. */
  private startConnecting(managed: ManagedConnector): void {
    const log = this.logger.child({ connector: managed.id, protocol: managed.connector.protocol });
    managed.connector.start().then(
      () => log.info('connector connected'),
      (err: Error & { code?: string }) => {
        if (managed.connector.state !== 'stopped')
          log.error({ code: err.code, err: err.message }, 'connector failed to start');
      },
    );
  }

  private async stopOne(id: string): Promise<void> {
    const managed = this.running.get(id);
    if (managed === undefined) return;
    this.running.delete(id);
    try {
      await managed.connector.stop();
    } catch (err) {
      this.logger.warn({ connector: id, err: (err as Error).message }, 'connector stop failed');
    }
  }
}
