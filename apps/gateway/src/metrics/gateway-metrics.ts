import type { BusStats, Connector } from '@labwire/core';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { MonotonicFeed } from './monotonic.js';

/** What the metrics read at scrape time, so hot paths do no metric bookkeeping of their own. */
export interface MetricsSource {
  connectors(): Iterable<Connector>;
  busStats(): BusStats;
  subscribers(): Iterable<{ session: string; subscription: number; queued: number }>;
  sessionCount(): number;
}

/** The gateway's Prometheus metrics (prom-client), on a registry of its own. */
export class GatewayMetrics {
  readonly registry = new Registry();
  /** Events the gateway wrote to WebSocket subscribers. */
  readonly eventsOut: Counter<'transport'>;
  readonly commandLatency: Histogram<'connector' | 'outcome'>;
  readonly rejections: Counter<'reason'>;
  readonly overflowDisconnects: Counter;
  readonly bridgeCommands: Counter<'bridge' | 'outcome'>;

  constructor(source: MetricsSource) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'labwire_process_' });

    // Fed from counters the connectors and the bus keep anyway, refreshed at scrape time.
    const inFeed = { current: undefined as MonotonicFeed<'connector'> | undefined };
    const reconnectFeed = { current: undefined as MonotonicFeed<'connector'> | undefined };
    const droppedFeed = { current: undefined as MonotonicFeed<never> | undefined };
    inFeed.current = new MonotonicFeed(
      new Counter({
        name: 'labwire_events_in_total',
        help: 'Events connectors published to the bus',
        labelNames: ['connector'] as const,
        registers,
        collect() {
          for (const c of source.connectors())
            inFeed.current?.observe({ connector: c.id }, c.counters.events);
        },
      }),
    );
    reconnectFeed.current = new MonotonicFeed(
      new Counter({
        name: 'labwire_connector_reconnects_total',
        help: 'Connections a connector lost (each one starts a reconnect)',
        labelNames: ['connector'] as const,
        registers,
        collect() {
          for (const c of source.connectors())
            reconnectFeed.current?.observe({ connector: c.id }, c.counters.reconnects);
        },
      }),
    );
    droppedFeed.current = new MonotonicFeed(
      new Counter({
        name: 'labwire_subscriber_dropped_events_total',
        help: 'Events discarded by the drop-oldest policy of full subscriber queues',
        registers,
        collect() {
          droppedFeed.current?.observe({}, source.busStats().dropped);
        },
      }),
    );
    new Gauge({
      name: 'labwire_connectors',
      help: 'Connectors configured',
      registers,
      collect() {
        this.set([...source.connectors()].length);
      },
    });
    new Gauge({
      name: 'labwire_connector_up',
      help: '1 while the connector is connected to its instrument',
      labelNames: ['connector', 'protocol'] as const,
      registers,
      collect() {
        this.reset();
        for (const c of source.connectors())
          this.set({ connector: c.id, protocol: c.protocol }, c.state === 'connected' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'labwire_subscriber_queue_depth',
      help: 'Events waiting in a WebSocket subscription queue',
      labelNames: ['session', 'subscription'] as const,
      registers,
      collect() {
        this.reset();
        for (const s of source.subscribers())
          this.set({ session: s.session, subscription: String(s.subscription) }, s.queued);
      },
    });
    new Gauge({
      name: 'labwire_bus_queued_events',
      help: 'Events waiting in all bus subscriber queues',
      registers,
      collect() {
        this.set(source.busStats().queued);
      },
    });
    new Gauge({
      name: 'labwire_ws_sessions',
      help: 'Open WebSocket sessions',
      registers,
      collect() {
        this.set(source.sessionCount());
      },
    });
    this.eventsOut = new Counter({
      name: 'labwire_events_out_total',
      help: 'Events delivered to API subscribers',
      labelNames: ['transport'] as const,
      registers,
    });
    this.commandLatency = new Histogram({
      name: 'labwire_command_duration_seconds',
      help: 'Time from a command entering the gateway to its acknowledgement or failure',
      labelNames: ['connector', 'outcome'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120, 300],
      registers,
    });
    this.rejections = new Counter({
      name: 'labwire_api_rejections_total',
      help: 'API requests refused, by reason (unauthorized, forbidden, rate_limited, invalid, too_large)',
      labelNames: ['reason'] as const,
      registers,
    });
    this.overflowDisconnects = new Counter({
      name: 'labwire_subscriber_overflow_disconnects_total',
      help: 'Subscriptions closed by the disconnect overflow policy',
      registers,
    });
    this.bridgeCommands = new Counter({
      name: 'labwire_bridge_commands_total',
      help: 'Commands sent by bridge routes, by outcome',
      labelNames: ['bridge', 'outcome'] as const,
      registers,
    });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
