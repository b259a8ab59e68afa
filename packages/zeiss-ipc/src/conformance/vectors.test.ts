import { basename } from 'node:path';
import { conformanceDir, loadSuites } from '@labwire/testkit/vectors';
import { describe, expect, it } from 'vitest';
import adapter from './index.js';

const suites = loadSuites([conformanceDir('zeiss-ipc')]);

describe('zeiss-ipc conformance vectors', () => {
  it('finds the suites', () => {
    expect(suites.length).toBeGreaterThan(0);
  });
  for (const suite of suites) {
    // Each exchange case runs its own simulator on its own port, so cases can run side by side.
    describe.concurrent(basename(suite.file), () => {
      for (const testCase of suite.cases) {
        const timeout =
          typeof adapter.timeoutMs === 'function'
            ? adapter.timeoutMs(testCase)
            : (adapter.timeoutMs ?? 30_000);
        it(`${basename(suite.file)} ${testCase.id}`, { timeout }, async ({ expect }) => {
          const handler = adapter.handlers[testCase.kind];
          if (handler === undefined) throw new Error(`no handler for kind ${testCase.kind}`);
          const controller = new AbortController();
          try {
            const outcome = await handler(testCase, { suite, signal: controller.signal });
            expect(outcome.pass ? 'pass' : outcome.message).toBe('pass');
          } finally {
            controller.abort();
          }
        });
      }
    });
  }
});
