import { conformanceDir, loadSuites } from '@labwire/testkit/vectors';
import { describe, expect, it } from 'vitest';
import adapter from './index.js';

const suites = loadSuites([conformanceDir('imb')]);

/**
 * Vectors we believe are wrong, with the evidence. They still run, as `it.fails`: if the vector
 * is corrected the test fails and this entry must go.
 */
const WRONG_VECTORS: Record<string, string> = {
  // After `subscribe commands` the recorded c2h bytes are a second icSetClientInfo frame
  // (e1ffffff...6c697374656e6572) instead of icSubscribe(0, 0, "fed.commands")
  // (d3ffffff...6665642e636f6d6d616e6473), which every other `listener` case in the file records
  // for the same call; pyimb writes icSetClientInfo only once, in its constructor.
  'client-two-frames-one-write': 'c2h after subscribe repeats icSetClientInfo',
};

describe('IMB conformance vectors', () => {
  it('finds the suites', () => {
    expect(suites.length).toBeGreaterThan(0);
  });
  for (const suite of suites) {
    const file = suite.file.split(/[\\/]/).pop();
    for (const testCase of suite.cases) {
      const test = WRONG_VECTORS[testCase.id] === undefined ? it : it.fails;
      test(`${file} ${testCase.id}`, async () => {
        const handler = adapter.handlers[testCase.kind];
        expect(handler, `handler for kind ${testCase.kind}`).toBeDefined();
        const controller = new AbortController();
        try {
          const outcome = await handler!(testCase, { suite, signal: controller.signal });
          expect(outcome.pass ? 'pass' : outcome.message).toBe('pass');
        } finally {
          controller.abort();
        }
      });
    }
  }
});
