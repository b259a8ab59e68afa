import type { Bus } from '@labwire/core';
import type { Logger } from 'pino';
import type { BridgeConfig } from '../config/schema.js';
import { stableStringify } from '../connectors/stable-stringify.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { ProtocolRegistry } from '../protocols/registry.js';
import type { CommandService } from '../server/command-service.js';
import { GrabberBridge } from './grabber-bridge.js';
import { RouteBridge } from './route-bridge.js';

interface RunningBridge {
  signature: string;
  stop(): void | Promise<void>;
}

/** Runs the config's bridges; on reload only bridges whose settings changed are rebuilt. */
export class BridgeManager {
  private readonly running = new Map<string, RunningBridge>();

  constructor(
    private readonly bus: Bus,
    private readonly commands: CommandService,
    private readonly registry: ProtocolRegistry,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {}

  get names(): string[] {
    return [...this.running.keys()];
  }

  async apply(configs: readonly BridgeConfig[]): Promise<void> {
    const wanted = new Map(configs.map((c) => [c.name, { config: c, signature: stableStringify(c) }]));
    for (const [name, bridge] of this.running) {
      if (wanted.get(name)?.signature !== bridge.signature) {
        await bridge.stop();
        this.running.delete(name);
      }
    }
    for (const [name, { config, signature }] of wanted) {
      if (this.running.has(name)) continue;
      const log = this.logger.child({ bridge: name });
      try {
        const bridge = await this.create(config, log);
        this.running.set(name, { signature, stop: () => bridge.stop() });
        log.info({ kind: config.kind }, 'bridge started');
      } catch (err) {
        log.error({ err: (err as Error).message }, 'bridge could not start');
      }
    }
  }

  async stopAll(): Promise<void> {
    for (const bridge of this.running.values()) await bridge.stop();
    this.running.clear();
  }

  private async create(config: BridgeConfig, log: Logger): Promise<{ stop(): void | Promise<void> }> {
    if (config.kind === 'pymodaq-grabber') {
      const pymodaq = await this.registry.load('pymodaq');
      const bridge = new GrabberBridge(config, this.bus, this.commands, pymodaq.exports, log);
      await bridge.start();
      return bridge;
    }
    const bridge = new RouteBridge(config, this.bus, this.commands, this.metrics, log);
    bridge.start();
    return bridge;
  }
}
