/** Pairs measured after the warm-up pairs, unless told otherwise. */
export const PAIRED_RATIO_PAIRS = 40;
export const PAIRED_RATIO_WARMUP = 5;

export interface PairedRatioOptions {
  pairs?: number;
  warmup?: number;
  /** The clock, in milliseconds (tests give their own). */
  now?: () => number;
}

export interface PairedRatio {
  pairs: number;
  /** Median time of one baseline run (ms). */
  baselineMs: number;
  /** Median time of one contender run (ms). */
  contenderMs: number;
  /** Median over pairs of baseline time / contender time: the contender's relative throughput. */
  median: number;
  p25: number;
  p75: number;
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
const ascending = (values: number[]) => values.sort((x, y) => x - y);

/**
 * The contender's throughput relative to the baseline, from pairs of back-to-back runs in
 * alternating order. On a shared host the machine's speed drifts by up to 2x over seconds:
 * tinybench rows, measured one after the other, each see a different machine, while the two
 * runs of a pair see the same one. Benchmarks whose target is a ratio report this one.
 */
export async function pairedRatio(
  baseline: () => unknown,
  contender: () => unknown,
  options: PairedRatioOptions = {},
): Promise<PairedRatio> {
  const pairs = options.pairs ?? PAIRED_RATIO_PAIRS;
  const warmup = options.warmup ?? PAIRED_RATIO_WARMUP;
  const now = options.now ?? (() => performance.now());
  const timed = async (run: () => unknown) => {
    const started = now();
    await run();
    return now() - started;
  };
  const ratios: number[] = [];
  const baselineMs: number[] = [];
  const contenderMs: number[] = [];
  for (let i = 0; i < warmup + pairs; i++) {
    let b: number;
    let c: number;
    if (i % 2 === 0) {
      b = await timed(baseline);
      c = await timed(contender);
    } else {
      c = await timed(contender);
      b = await timed(baseline);
    }
    if (i < warmup) continue;
    ratios.push(b / c);
    baselineMs.push(b);
    contenderMs.push(c);
  }
  const sorted = ascending(ratios);
  return {
    pairs,
    baselineMs: quantile(ascending(baselineMs), 0.5),
    contenderMs: quantile(ascending(contenderMs), 0.5),
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
  };
}

/** One line for a benchmark's output: what was compared, the medians and the ratio with its quartiles. */
export function describePairedRatio(what: string, r: PairedRatio): string {
  return (
    `${what}, ${r.pairs} interleaved pairs: baseline ${r.baselineMs.toFixed(1)} ms, ours ` +
    `${r.contenderMs.toFixed(1)} ms (medians); our throughput / baseline = ${r.median.toFixed(2)} ` +
    `(median of pairs; p25 ${r.p25.toFixed(2)}, p75 ${r.p75.toFixed(2)})`
  );
}
