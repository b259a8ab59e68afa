import { bench, describe } from 'vitest';
import { FIXED_ENTRIES } from '../dist/codec/grammar-table.js';
import type { HandlerPattern } from '../dist/codec/pattern-match.js';
import { HandlerRegistry } from '../dist/client/handler-registry.js';
import { patternMatches } from '../dist/codec/pattern-match.js';
import { parseIfcbMessage } from '../dist/codec/parse-message.js';
import { TABLE_SWEEP } from './corpus.js';

// 100 registered patterns: the first two literals of 100 table entries (exact names, as an
// application registers them), with a few wildcards. One iteration delivers the 117-message sweep
// as messageRelayed arguments. Target: ≥ 500,000 messages/s (hz ≥ 4,274).
const registry = new HandlerRegistry(() => {});
let calls = 0;
const patterns: HandlerPattern[] = FIXED_ENTRIES.slice(0, 96).map((e) =>
  e.fields.slice(0, 2).map((f) => ('lit' in f ? f.lit : null)),
);
patterns.push([], ['valuechanged'], [null, 'pausestate'], ['triggerchanged', null, 'processed']);
for (const p of patterns) registry.onPattern(p, () => void calls++);
const relayed = TABLE_SWEEP.map((m, i) => ['111-111-111', 'host', i + 1, m]);

describe(`dispatch with ${patterns.length} patterns (${relayed.length} messages per iteration)`, () => {
  bench('HandlerRegistry.deliver (parse + match + call)', () => {
    for (const args of relayed) registry.deliver(args);
  });
  // In-run baseline: pyifcbclient's dispatch shape (every pattern tried for every message).
  bench('baseline: parse, then try every pattern in turn', () => {
    for (const args of relayed) {
      const message = parseIfcbMessage(args[3] as string);
      if (message.key === 'unknown') continue;
      for (const p of patterns) if (patternMatches(p, message.fields)) calls++;
    }
  });
});

export { calls };
