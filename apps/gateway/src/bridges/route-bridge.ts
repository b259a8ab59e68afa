import { type Bus, type BusEvent, type Subscription, encodeSegment, toLabwireError } from '@labwire/core';
import type { Logger } from 'pino';
import type { RouteBridgeConfig } from '../config/schema.js';
import type { GatewayMetrics } from '../metrics/gateway-metrics.js';
import type { CommandService } from '../server/command-service.js';
import { applyMapping, interpolateTarget, matchesWhere } from './mapping.js';

/** Events a route may hold while its previous command runs; older ones are dropped (newest wins). */
export const ROUTE_QUEUE_SIZE = 100;

/**
 * Turns events of one connector into commands of another. Commands run one at a time, in event
 * order; while one runs, later events wait in a small drop-oldest queue (a setpoint stream keeps
 * its newest values) or, with `skipWhileBusy`, are skipped.
 */
export class RouteBridge {
  private subscription: Subscription | undefined;
  private busy = false;

  constructor(
    readonly config: RouteBridgeConfig,
    private readonly bus: Bus,
    private readonly commands: CommandService,
    private readonly metrics: GatewayMetrics,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.subscription = this.bus.subscribe(this.config.from.topic, (event) => this.onEvent(event), {
      kinds: this.config.from.kinds,
      queueSize: ROUTE_QUEUE_SIZE,
      overflow: 'drop-oldest',
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  private onEvent(event: BusEvent): Promise<void> | undefined {
    const { from, to, name } = this.config;
    if (!matchesWhere(from.where, event)) return undefined;
    // A route never reacts to its own target's command events (no feedback loops through acks).
    if (event.kind === 'command' && event.connector === to.connector) return undefined;
    if (this.busy && this.config.skipWhileBusy) {
      this.metrics.bridgeCommands.inc({ bridge: name, outcome: 'skipped' });
      return undefined;
    }
    const args = to.args === undefined ? undefined : applyMapping(to.args, event);
    const target = interpolateTarget(to.target, event, encodeSegment);
    this.busy = true;
    // Run after the current publish has reached every subscriber, so the command's own events
    // never overtake the event that caused them.
    return Promise.resolve()
      .then(() =>
        this.commands.execute(
          to.connector,
          {
            target,
            action: to.action,
            ...(args === undefined ? {} : { args }),
            ...(to.timeoutMs === undefined ? {} : { timeoutMs: to.timeoutMs }),
          },
          undefined,
        ),
      )
      .then(
        () => {
          this.metrics.bridgeCommands.inc({ bridge: name, outcome: 'done' });
        },
        (err: unknown) => {
          const error = toLabwireError(err);
          this.metrics.bridgeCommands.inc({ bridge: name, outcome: 'failed' });
          this.logger.warn(
            { bridge: name, code: error.code, err: error.message, target },
            'bridge command failed',
          );
        },
      )
      .finally(() => {
        this.busy = false;
      });
  }
}
