import type { IsolatedContestant } from './isolated.js';

/** Pairs run after warm-up; each pair runs both contestants once, in alternating order. */
export const INTERLEAVED_PAIRS = 40;
const WARMUP_PAIRS = 5;

export interface PairedRatio {
  pairs: number;
  baselineMs: number;
  contenderMs: number;
  /** Median over pairs of baseline time / contender time (the contender's relative throughput). */
  median: number;
  p25: number;
  p75: number;
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;

async function timed(contestant: IsolatedContestant): Promise<number> {
  const started = performance.now();
  await contestant.run();
  return performance.now() - started;
}

/**
 * The contender's throughput relative to the baseline, from pairs of back-to-back runs. This
 * machine's speed drifts by up to 2x over seconds (other tenants of the host): tinybench rows,
 * measured one after the other, each see a different machine, while the two runs of a pair
 * see the same one.
 */
export async function pairedRatio(
  baseline: IsolatedContestant,
  contender: IsolatedContestant,
  pairs = INTERLEAVED_PAIRS,
): Promise<PairedRatio> {
  const ratios: number[] = [];
  const baselineMs: number[] = [];
  const contenderMs: number[] = [];
  for (let i = 0; i < WARMUP_PAIRS + pairs; i++) {
    let b: number;
    let c: number;
    if (i % 2 === 0) {
      b = await timed(baseline);
      c = await timed(contender);
    } else {
      c = await timed(contender);
      b = await timed(baseline);
    }
    if (i < WARMUP_PAIRS) continue;
    ratios.push(b / c);
    baselineMs.push(b);
    contenderMs.push(c);
  }
  const sortedRatios = ratios.sort((x, y) => x - y);
  return {
    pairs,
    baselineMs: quantile(
      baselineMs.sort((x, y) => x - y),
      0.5,
    ),
    contenderMs: quantile(
      contenderMs.sort((x, y) => x - y),
      0.5,
    ),
    median: quantile(sortedRatios, 0.5),
    p25: quantile(sortedRatios, 0.25),
    p75: quantile(sortedRatios, 0.75),
  };
}

export function describePairedRatio(what: string, r: PairedRatio): string {
  return (
    `${what}, ${r.pairs} interleaved pairs: baseline ${r.baselineMs.toFixed(1)} ms, ours ` +
    `${r.contenderMs.toFixed(1)} ms (medians); our throughput / baseline = ${r.median.toFixed(2)} ` +
    `(median of pairs; p25 ${r.p25.toFixed(2)}, p75 ${r.p75.toFixed(2)})`
  );
}
