import { conformanceDir, disputeFor, loadSuites } from '@labwire/testkit/vectors';
import { describe, expect, it } from 'vitest';
import adapter from './index.js';

const suites = loadSuites([conformanceDir('imb')]);

describe('IMB conformance vectors', () => {
  it('finds the suites', () => {
    expect(suites.length).toBeGreaterThan(0);
  });
  for (const suite of suites) {
    const file = suite.file.split(/[\\/]/).pop();
    for (const testCase of suite.cases) {
      // Disputed vectors (wrong, with the evidence, in @labwire/testkit) still run and must fail.
      const test = disputeFor('imb', suite.file, testCase.id) === undefined ? it : it.fails;
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
