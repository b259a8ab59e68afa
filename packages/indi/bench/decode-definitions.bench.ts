import { bench, describe } from 'vitest';
import { createIndiDecoder } from '../src/codec/decoder.js';
import { bareSax } from './baseline-sax.js';
import { definitionStream, socketChunks } from './inputs.js';

// Baseline: bare sax strict on the same bytes. Target: our decoder at >= 80% of its throughput.
const input = definitionStream(30);
const chunks = socketChunks(input);

describe(`definition-heavy stream (${(input.byteLength / 1e6).toFixed(2)} MB: warm getProperties dump × 30)`, () => {
  bench(
    'bare sax strict (baseline)',
    () => {
      bareSax(chunks);
    },
    { time: 3000 },
  );
  bench(
    '@labwire/indi createIndiDecoder',
    () => {
      let n = 0;
      const decoder = createIndiDecoder({ message: () => (n += 1), error: () => {} });
      for (const c of chunks) decoder.write(c);
      if (n === 0) throw new Error('decoded nothing');
    },
    { time: 3000 },
  );
});
