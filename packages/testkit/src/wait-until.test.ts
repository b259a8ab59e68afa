import { describe, expect, it } from 'vitest';
import { waitUntil } from './wait-until.js';

describe('waitUntil', () => {
  it('resolves once a sync or async check holds', async () => {
    let n = 0;
    await waitUntil('three polls', () => ++n >= 3, 1_000, 1);
    expect(n).toBe(3);
    await waitUntil('an async check', async () => true);
  });

  it('rejects after its timeout, naming what it waited for', async () => {
    await expect(waitUntil('the impossible', () => false, 30, 5)).rejects.toThrow(
      'timed out waiting for the impossible',
    );
  });
});
