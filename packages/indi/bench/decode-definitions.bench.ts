import { describePairedRatio, pairedRatio } from '@labwire/testkit';
import { afterAll, bench, describe } from 'vitest';
import { definitionStream } from './inputs.js';
import { isolatedContestant } from './isolated.js';

// Baseline: bare sax strict on the same bytes. Target: our decoder at >= 80% of its throughput.
// Each contestant runs in a worker of its own (isolated-worker.mjs says why); a round trip to it
// costs well under 1% of an iteration. The rows below are measured one after the other; the
// target is judged on the interleaved pairs printed after them (testkit's pairedRatio says why).
const input = definitionStream(30);
const sax = isolatedContestant('sax', input);
const indi = isolatedContestant('indi', input);
const title = `definition-heavy stream (${(input.byteLength / 1e6).toFixed(2)} MB: warm getProperties dump × 30)`;
afterAll(async () => {
  const ratio = await pairedRatio(
    () => sax.run(),
    () => indi.run(),
  );
  console.log(describePairedRatio(title, ratio));
  await sax.close();
  await indi.close();
});

describe(title, () => {
  bench('bare sax strict (baseline)', () => sax.run().then(() => undefined), { time: 3000 });
  bench('@labwire/indi createIndiDecoder', () => indi.run().then(() => undefined), { time: 3000 });
});
