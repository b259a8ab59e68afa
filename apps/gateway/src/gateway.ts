import { Bus } from '@labwire/core';
import type { Logger } from 'pino';
import { anonymousRole } from './auth/anonymous-role.js';
import { RateLimiter } from './auth/rate-limit.js';
import { TokenStore } from './auth/tokens.js';
import { BridgeManager } from './bridges/bridge-manager.js';
import type { LoadedConfig } from './config/load.js';
import type { GatewayConfig } from './config/schema.js';
import { type ApplyResult, ConnectorManager } from './connectors/connector-manager.js';
import { GatewayMetrics } from './metrics/gateway-metrics.js';
import type { ProtocolRegistry } from './protocols/registry.js';
import { ApiServer, WS_PATH } from './server/api-server.js';
import { CommandService } from './server/command-service.js';
import { SnapshotStore } from './server/snapshot-store.js';

export interface GatewayOptions {
  registry: ProtocolRegistry;
  logger: Logger;
  /** Re-reads the config for `POST /api/reload` (the CLI passes the file loader). */
  reloadSource?: () => Promise<LoadedConfig>;
}

export interface GatewayAddress {
  host: string;
  port: number;
  http: string;
  ws: string;
}

/**
 * The gateway: one bus, the configured connectors and bridges on it, and the northbound API.
 * `reload` applies a new config in place, restarting only what changed.
 */
export class Gateway {
  readonly bus = new Bus();
  readonly metrics: GatewayMetrics;
  readonly connectors: ConnectorManager;
  readonly commands: CommandService;
  readonly snapshot: SnapshotStore;
  readonly bridges: BridgeManager;
  private config: GatewayConfig;
  private tokens: TokenStore;
  private rateLimiter: RateLimiter;
  private server: ApiServer | undefined;
  private address: GatewayAddress | undefined;
  private readonly logger: Logger;
  private stopping: Promise<void> | undefined;

  constructor(
    private loaded: LoadedConfig,
    private readonly options: GatewayOptions,
  ) {
    this.logger = options.logger;
    this.config = loaded.config;
    this.connectors = new ConnectorManager(this.bus, options.registry, this.logger);
    this.metrics = new GatewayMetrics({
      connectors: () => this.connectors.list(),
      busStats: () => this.bus.stats(),
      subscribers: () => this.subscriberQueues(),
      sessionCount: () => this.server?.sessions.size ?? 0,
    });
    this.tokens = this.makeTokens(this.config);
    this.rateLimiter = this.makeRateLimiter(this.config);
    this.commands = new CommandService(this.connectors, this.metrics, () => this.rateLimiter);
    this.snapshot = new SnapshotStore(this.bus);
    this.bridges = new BridgeManager(this.bus, this.commands, options.registry, this.metrics, this.logger);
    this.bus.subscribe(
      '#',
      (e) => {
        if (e.kind !== 'connection') return;
        // Disconnects are news while running, routine while shutting down or reloading.
        const expected = this.stopping !== undefined || e.error === undefined;
        const level =
          e.state === 'connecting' ? 'debug' : e.state === 'connected' || expected ? 'info' : 'warn';
        this.logger[level](
          { connector: e.connector, state: e.state, attempt: e.attempt, error: e.error?.message },
          'connection',
        );
      },
      { kinds: ['connection'] },
    );
  }

  get listening(): GatewayAddress | undefined {
    return this.address;
  }

  async start(): Promise<GatewayAddress> {
    const server = new ApiServer({
      server: this.config.server,
      tokens: () => this.tokens,
      metrics: this.metrics,
      logger: this.logger,
      session: {
        bus: this.bus,
        connectors: this.connectors,
        commands: this.commands,
        metrics: this.metrics,
        logger: this.logger,
        limits: {
          maxMessageBytes: this.config.server.maxMessageBytes,
          queueSize: this.config.server.queueSize,
          overflow: this.config.server.overflow,
        },
      },
      http: {
        connectors: this.connectors,
        commands: this.commands,
        metrics: this.metrics,
        snapshot: this.snapshot,
        tokens: () => this.tokens,
        logger: this.logger,
        maxBodyBytes: this.config.server.maxMessageBytes,
        metricsAuth: () => this.config.server.metricsAuth,
        health: () => this.health(),
        reload: () => this.reloadFromSource(),
      },
    });
    this.server = server;
    await this.connectors.apply(this.loaded);
    await this.bridges.apply(this.config.bridges);
    const { host, port } = await server.listen();
    const shownHost = host.includes(':') ? `[${host}]` : host;
    this.address = {
      host,
      port,
      http: `${server.scheme.http}://${shownHost}:${port}`,
      ws: `${server.scheme.ws}://${shownHost}:${port}${WS_PATH}`,
    };
    this.logger.info(
      { ...this.address, connectors: this.connectors.list().map((c) => c.id) },
      'gateway listening',
    );
    return this.address;
  }

  /** Applies a new config: connectors and bridges whose settings changed restart, the rest stay up. */
  async reload(next: LoadedConfig): Promise<ApplyResult> {
    const before = this.config.server;
    this.loaded = next;
    this.config = next.config;
    this.tokens = this.makeTokens(next.config);
    this.rateLimiter = this.makeRateLimiter(next.config);
    this.server?.reauthorize(this.tokens);
    const result = await this.connectors.apply(next);
    for (const id of result.stopped) this.snapshot.forget(id);
    await this.bridges.apply(next.config.bridges);
    if (
      before.host !== next.config.server.host ||
      before.port !== next.config.server.port ||
      JSON.stringify(before.tls) !== JSON.stringify(next.config.server.tls)
    ) {
      this.logger.warn('server.host, server.port and server.tls take effect on restart only');
    }
    this.logger.info(result, 'config reloaded');
    return result;
  }

  /** Graceful: drains subscriber queues, closes sessions, bridges and connectors. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.server?.close();
      await this.bridges.stopAll();
      await this.connectors.stopAll();
      this.snapshot.close();
      this.bus.close();
      this.logger.info('gateway stopped');
    })();
    return this.stopping;
  }

  health(): Record<string, unknown> {
    const connectors: Record<string, string> = {};
    for (const c of this.connectors.list()) connectors[c.id] = c.state;
    return {
      status: this.stopping === undefined ? 'ok' : 'stopping',
      connectors,
      bridges: this.bridges.names,
    };
  }

  private async reloadFromSource(): Promise<unknown> {
    if (this.options.reloadSource === undefined)
      return { reloaded: false, reason: 'no config file (demo mode)' };
    return { reloaded: true, ...(await this.reload(await this.options.reloadSource())) };
  }

  /** Every WebSocket subscription queue, for metrics and tests. */
  *subscriberQueues(): Iterable<{ session: string; subscription: number; queued: number }> {
    if (this.server === undefined) return;
    for (const s of this.server.sessions) yield* s.queues();
  }

  private makeTokens(config: GatewayConfig): TokenStore {
    return new TokenStore(config.auth.tokens, anonymousRole(config));
  }

  private makeRateLimiter(config: GatewayConfig): RateLimiter {
    return new RateLimiter(config.server.commandRate.perSecond, config.server.commandRate.burst);
  }
}
