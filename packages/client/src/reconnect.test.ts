import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, backoffDelay } from './reconnect.js';

describe('backoffDelay', () => {
  it('doubles from the initial delay to the cap, without jitter', () => {
    const noJitter = { ...DEFAULT_BACKOFF, jitter: 0 };
    expect([1, 2, 3, 4].map((a) => backoffDelay(a, noJitter))).toEqual([500, 1000, 2000, 4000]);
    expect(backoffDelay(30, noJitter)).toBe(30_000);
  });

  it('keeps jitter within ±20% and never exceeds the cap', () => {
    for (const r of [0, 0.25, 0.5, 0.999]) {
      const d = backoffDelay(3, DEFAULT_BACKOFF, () => r);
      expect(d).toBeGreaterThanOrEqual(1600);
      expect(d).toBeLessThanOrEqual(2400);
      expect(backoffDelay(40, DEFAULT_BACKOFF, () => r)).toBeLessThanOrEqual(30_000);
    }
  });
});
