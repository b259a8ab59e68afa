import { describe, expect, it } from 'vitest';
import { waitFor, waitUntil } from './wait-until.js';

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

describe('waitFor', () => {
  it('resolves with the first value picked, taking 0 and empty strings as values', async () => {
    let n = 0;
    expect(await waitFor('the third poll', () => (++n >= 3 ? `poll ${n}` : undefined), 1_000, 1)).toBe(
      'poll 3',
    );
    expect(await waitFor('zero', () => 0)).toBe(0);
    expect(await waitFor('an empty string', async () => '')).toBe('');
  });

  it('rejects after its timeout when nothing is picked', async () => {
    await expect(waitFor('nothing', () => null, 30, 5)).rejects.toThrow('timed out waiting for nothing');
  });
});
