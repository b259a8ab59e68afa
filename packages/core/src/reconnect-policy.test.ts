import { describe, expect, it } from 'vitest';
import { ReconnectDefaults } from './limits.js';
import { ReconnectPolicy } from './reconnect-policy.js';

describe('ReconnectPolicy', () => {
  it('doubles from 0.5 s to the 30 s cap by default', () => {
    const policy = new ReconnectPolicy({ jitter: 0 });
    const delays = Array.from({ length: 9 }, () => policy.nextDelay(0));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(ReconnectDefaults.maxAttempts).toBe(Number.POSITIVE_INFINITY);
  });

  it('jitters within ±20% and never above the cap', () => {
    for (const r of [0, 0.25, 0.5, 0.999]) {
      const policy = new ReconnectPolicy({ random: () => r });
      const d1 = policy.delayFor(1);
      expect(d1).toBeGreaterThanOrEqual(400);
      expect(d1).toBeLessThanOrEqual(600);
      expect(policy.delayFor(20)).toBeLessThanOrEqual(30_000);
    }
  });

  it('resets after staying connected long enough, not before', () => {
    const policy = new ReconnectPolicy({ jitter: 0 });
    policy.nextDelay(0);
    policy.nextDelay(0);
    policy.connected(1000);
    expect(policy.nextDelay(2000)).toBe(2000);
    policy.connected(10_000);
    expect(policy.nextDelay(70_000)).toBe(500);
  });

  it('gives up after maxAttempts', () => {
    const policy = new ReconnectPolicy({ maxAttempts: 2, jitter: 0 });
    expect(policy.nextDelay()).toBe(500);
    expect(policy.nextDelay()).toBe(1000);
    expect(policy.nextDelay()).toBeUndefined();
  });
});
