import { basename } from 'node:path';
import { conformanceDir, loadSuites } from '@labwire/testkit/vectors';
import { describe, expect, it } from 'vitest';
import adapter from './index.js';

const suites = loadSuites([conformanceDir('pymodaq')]);

describe('pymodaq conformance vectors', () => {
  it('finds the suites', () => {
    expect(suites.length).toBeGreaterThan(0);
  });
  for (const suite of suites) {
    describe(basename(suite.file), () => {
      for (const c of suite.cases) {
        const timeout =
          typeof adapter.timeoutMs === 'function' ? adapter.timeoutMs(c) : (adapter.timeoutMs ?? 30_000);
        it(`${basename(suite.file)} ${c.id}`, { timeout }, async () => {
          const handler = adapter.handlers[c.kind];
          expect(handler, `no handler for kind ${c.kind}`).toBeDefined();
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(new Error('case timed out')), timeout - 500);
          try {
            const outcome = await handler!(c, { suite, signal: controller.signal });
            if (!outcome.pass) expect.fail(outcome.message);
          } finally {
            clearTimeout(timer);
          }
        });
      }
    });
  }
});
