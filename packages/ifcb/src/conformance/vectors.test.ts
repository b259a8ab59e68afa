import { conformanceDir, loadSuites } from '@labwire/testkit/vectors';
import { describe, expect, it } from 'vitest';
import adapter from './index.js';

const suites = loadSuites([conformanceDir('ifcb')]);

describe('shared/conformance/ifcb', () => {
  it('finds the suites', () => {
    expect(suites.length).toBeGreaterThanOrEqual(8);
  });
  for (const suite of suites) {
    const file = suite.file.split(/[\\/]/).pop();
    for (const c of suite.cases) {
      const limit =
        typeof adapter.timeoutMs === 'function' ? adapter.timeoutMs(c) : (adapter.timeoutMs ?? 30_000);
      it(`${file} ${c.id}`, { timeout: limit + 1_000 }, async () => {
        const handler = adapter.handlers[c.kind];
        expect(handler, `handler for kind ${c.kind}`).toBeDefined();
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(new Error('case timed out')), limit);
        try {
          const outcome = await handler!(c, { suite, signal: controller.signal });
          expect(outcome.pass ? 'pass' : outcome.message).toBe('pass');
        } finally {
          clearTimeout(timer);
          controller.abort();
        }
      });
    }
  }
});
