import { type ReconnectOptions, ReconnectPolicy } from '@labwire/core';
import { ZEISS_RECONNECT } from './constants.js';

/**
 * Background reconnect after a drop: waits the policy's jittered, capped delay between attempts
 * and stops when an attempt succeeds, the policy gives up or `cancel()` is called.
 */
export class Reconnector {
  private readonly policy: ReconnectPolicy;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private active = false;

  constructor(
    options: ReconnectOptions,
    private readonly attempt: () => Promise<void>,
    private readonly onSchedule: (attempt: number, delayMs: number) => void,
    private readonly onGiveUp: (error: unknown) => void,
  ) {
    this.policy = new ReconnectPolicy({ ...ZEISS_RECONNECT, ...options });
  }

  get running(): boolean {
    return this.active;
  }

  connected(): void {
    this.policy.connected();
  }

  start(lastError?: unknown): void {
    if (this.active) return;
    this.active = true;
    this.schedule(lastError);
  }

  cancel(): void {
    this.active = false;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(lastError: unknown): void {
    const delay = this.policy.nextDelay();
    if (delay === undefined) {
      this.active = false;
      this.onGiveUp(lastError);
      return;
    }
    this.onSchedule(this.policy.attempts, delay);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.active) return;
      this.attempt().then(
        () => {
          this.active = false;
          this.policy.connected();
        },
        (err) => {
          if (this.active) this.schedule(err);
        },
      );
    }, delay);
  }
}
