import { afterAll, bench, describe } from 'vitest';
import { isolatedContestant } from './isolated.js';
import { definitionStream } from './inputs.js';

// Baseline: bare sax strict on the same bytes. Target: our decoder at >= 80% of its throughput.
// Each contestant runs in a worker of its own (isolated-worker.mjs says why); a round trip to it
// costs well under 1% of an iteration.
const input = definitionStream(30);
const sax = isolatedContestant('sax', input);
const indi = isolatedContestant('indi', input);
afterAll(async () => {
  await sax.close();
  await indi.close();
});

describe(`definition-heavy stream (${(input.byteLength / 1e6).toFixed(2)} MB: warm getProperties dump × 30)`, () => {
  bench('bare sax strict (baseline)', () => sax.run().then(() => undefined), { time: 3000 });
  bench('@labwire/indi createIndiDecoder', () => indi.run().then(() => undefined), { time: 3000 });
});
