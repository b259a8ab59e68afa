import { describe, expect, it } from 'vitest';
import { describePairedRatio, pairedRatio } from './paired-ratio.js';

/** A clock that only the contestants move: each run takes what its schedule says. */
function scripted() {
  let t = 0;
  const order: string[] = [];
  const contestant = (name: string, durations: () => number) => () => {
    order.push(name);
    t += durations();
  };
  return { now: () => t, order, contestant };
}

describe('pairedRatio', () => {
  it('alternates who runs first and takes the median of the per-pair ratios', async () => {
    const clock = scripted();
    // The machine halves its speed every other pair; the contender always takes twice as long.
    let pair = 0;
    const slow = () => (Math.floor(pair / 2) % 2 === 0 ? 1 : 2);
    const baseline = clock.contestant('b', () => 10 * slow());
    const contender = clock.contestant('c', () => {
      pair += 1;
      return 20 * slow();
    });
    const r = await pairedRatio(baseline, contender, { pairs: 4, warmup: 1, now: clock.now });
    expect(clock.order).toEqual(['b', 'c', 'c', 'b', 'b', 'c', 'c', 'b', 'b', 'c']);
    expect(r).toMatchObject({ pairs: 4, median: 0.5, p25: 0.5, p75: 0.5 });
    expect(r.baselineMs).toBeGreaterThanOrEqual(10);
  });

  it('reports the quartiles of uneven pairs and a readable line', async () => {
    const clock = scripted();
    const contenderTimes = [10, 10, 20, 40, 5];
    let k = 0;
    const r = await pairedRatio(
      clock.contestant('b', () => 10),
      clock.contestant('c', () => contenderTimes[k++]!),
      { pairs: 4, warmup: 1, now: clock.now },
    );
    // Ratios of the measured pairs: 10/10, 10/20, 10/40, 10/5 → sorted 0.25, 0.5, 1, 2.
    expect(r).toMatchObject({ median: 1, p25: 0.5, p75: 2, contenderMs: 20 });
    expect(describePairedRatio('x', r)).toBe(
      'x, 4 interleaved pairs: baseline 10.0 ms, ours 20.0 ms (medians); our throughput / baseline = 1.00 (median of pairs; p25 0.50, p75 2.00)',
    );
  });
});
