import { ReconnectDefaults } from './limits.js';

export interface ReconnectOptions {
  initialDelayMs?: number;
  factor?: number;
  /** Fraction of the delay added or removed at random: 0.2 means ±20%. */
  jitter?: number;
  maxDelayMs?: number;
  /** Give up after this many failed attempts in a row (default: never). */
  maxAttempts?: number;
  /** A connection that stayed up this long resets the attempt count. */
  resetAfterMs?: number;
  /** Random source in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

/**
 * Exponential backoff with jitter and a cap. Stateless about time: callers report attempts
 * and successful connections, and ask for the next delay.
 */
export class ReconnectPolicy {
  readonly initialDelayMs: number;
  readonly factor: number;
  readonly jitter: number;
  readonly maxDelayMs: number;
  readonly maxAttempts: number;
  readonly resetAfterMs: number;
  private readonly random: () => number;
  private failures = 0;
  private connectedAt: number | undefined;

  constructor(options: ReconnectOptions = {}) {
    this.initialDelayMs = options.initialDelayMs ?? ReconnectDefaults.initialDelayMs;
    this.factor = options.factor ?? ReconnectDefaults.factor;
    this.jitter = options.jitter ?? ReconnectDefaults.jitter;
    this.maxDelayMs = options.maxDelayMs ?? ReconnectDefaults.maxDelayMs;
    this.maxAttempts = options.maxAttempts ?? ReconnectDefaults.maxAttempts;
    this.resetAfterMs = options.resetAfterMs ?? ReconnectDefaults.resetAfterMs;
    this.random = options.random ?? Math.random;
  }

  /** The delay before attempt number `attempt` (1-based), jittered and capped. */
  delayFor(attempt: number): number {
    const base = Math.min(this.maxDelayMs, this.initialDelayMs * this.factor ** Math.max(0, attempt - 1));
    const spread = base * this.jitter * (this.random() * 2 - 1);
    return Math.max(0, Math.min(this.maxDelayMs, Math.round(base + spread)));
  }

  /** Failed attempts since the last reset. */
  get attempts(): number {
    return this.failures;
  }

  /** Records a failed attempt or a lost connection; returns the delay to wait, or undefined to give up. */
  nextDelay(now: number = Date.now()): number | undefined {
    if (this.connectedAt !== undefined && now - this.connectedAt >= this.resetAfterMs) this.failures = 0;
    this.connectedAt = undefined;
    this.failures += 1;
    if (this.failures > this.maxAttempts) return undefined;
    return this.delayFor(this.failures);
  }

  /** Records a successful connection. */
  connected(now: number = Date.now()): void {
    this.connectedAt = now;
  }

  reset(): void {
    this.failures = 0;
    this.connectedAt = undefined;
  }
}
