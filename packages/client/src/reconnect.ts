/** Backoff between reconnect attempts: as the gateway's own connectors (shared/DESIGN.md). */
export interface BackoffOptions {
  initialDelayMs: number;
  factor: number;
  /** 0.2 means ±20% at random. */
  jitter: number;
  maxDelayMs: number;
  /** Give up after this many failed attempts in a row. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = {
  initialDelayMs: 500,
  factor: 2,
  jitter: 0.2,
  maxDelayMs: 30_000,
  maxAttempts: Number.POSITIVE_INFINITY,
};

/** Close codes after which reconnecting cannot help (bad token, forbidden, policy). */
export const FATAL_CLOSE_CODES: ReadonlySet<number> = new Set([1008, 4401, 4403]);

/** The delay before attempt `attempt` (1-based). `random` is injectable for tests. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const base = Math.min(
    options.maxDelayMs,
    options.initialDelayMs * options.factor ** Math.max(0, attempt - 1),
  );
  const spread = base * options.jitter * (random() * 2 - 1);
  return Math.max(0, Math.min(options.maxDelayMs, Math.round(base + spread)));
}
