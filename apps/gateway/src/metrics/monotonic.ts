import type { Counter } from 'prom-client';

/**
 * Feeds a prom-client Counter from a cumulative number owned elsewhere (a connector's counters),
 * at scrape time. When the source restarts from zero (a connector restarted by hot reload), the
 * counter keeps growing from where it was, as Prometheus counters must.
 */
export class MonotonicFeed<L extends string> {
  private readonly last = new Map<string, number>();

  constructor(private readonly counter: Counter<L>) {}

  observe(labels: Record<L, string>, current: number): void {
    const key = JSON.stringify(labels);
    const previous = this.last.get(key) ?? 0;
    const delta = current >= previous ? current - previous : current;
    this.last.set(key, current);
    if (delta > 0) this.counter.inc(labels as never, delta);
  }
}
