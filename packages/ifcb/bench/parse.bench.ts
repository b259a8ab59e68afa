import { bench, describe } from 'vitest';
import { parseIfcbMessage } from '../dist/codec/parse-message.js';
import { TABLE_SWEEP } from './corpus.js';
import { referenceAlgorithmParse } from './reference-algorithm.js';

// One iteration parses the whole table sweep (117 messages): messages/s = 117 × hz. Imports the
// build (dist/), loaded by Node as users load it (see vitest.config.ts).
// Target: ≥ 1,500,000 messages/s (hz ≥ 12,821), 20× pyifcbclient's ~73,000 messages/s
// (hz ≈ 624, PYIFCBCLIENT_MESSAGES_PER_SECOND in corpus.ts); the in-run baseline is the reference's algorithm in TS.
let sink = 0;

describe(`parse the table sweep (${TABLE_SWEEP.length} messages per iteration)`, () => {
  bench('parseIfcbMessage (indexed grammar)', () => {
    for (const m of TABLE_SWEEP) sink += parseIfcbMessage(m).fields.length;
  });
  bench('baseline: the reference algorithm (linear scan, exceptions)', () => {
    for (const m of TABLE_SWEEP) sink += referenceAlgorithmParse(m).length;
  });
});

export { sink };
