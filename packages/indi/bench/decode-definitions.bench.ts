import { bench, describe } from 'vitest';
import { createIndiDecoder } from '../dist/codec/decoder.js';
import { bareSax } from './baseline-sax.js';
import { definitionStream, socketChunks } from './inputs.js';

// Baseline: bare sax strict on the same bytes. Target: our decoder at >= 80% of its throughput.
const input = definitionStream(30);
const chunks = socketChunks(input);

function decodeAll(): void {
  let n = 0;
  const decoder = createIndiDecoder({ message: () => (n += 1), error: () => {} });
  for (const c of chunks) decoder.write(c);
  if (n === 0) throw new Error('decoded nothing');
}

// Both contestants run sax's code, and V8 optimises that code for whichever callers it has seen.
// Whichever task tinybench measures first gets sax compiled for its callers alone and the second
// inherits the deoptimised, polymorphic version: measured first, either side wins by 1.3-1.5x.
// Warming both, interleaved, before measuring puts them on the same sax code.
for (let round = 0; round < 15; round++) {
  bareSax(chunks);
  decodeAll();
}

describe(`definition-heavy stream (${(input.byteLength / 1e6).toFixed(2)} MB: warm getProperties dump × 30)`, () => {
  bench('bare sax strict (baseline)', () => bareSax(chunks), { time: 3000 });
  bench('@labwire/indi createIndiDecoder', decodeAll, { time: 3000 });
});
