import { basename } from 'node:path';
import { conformanceDir, loadSuites } from '@labwire/testkit/vectors';
import { describe, expect, it } from 'vitest';
import { indiserverPath } from '../indiserver/indiserver-process.js';
import adapter from './index.js';

const suites = loadSuites([conformanceDir('indi')]);
const haveServer = indiserverPath() !== undefined;
if (!haveServer)
  console.warn('INDI session cases skipped: indiserver is not on PATH (apt-get install indi-bin)');

describe('INDI conformance vectors', () => {
  it('finds the suites', () => {
    expect(suites.length).toBeGreaterThan(0);
  });
  for (const suite of suites) {
    for (const testCase of suite.cases) {
      const limit =
        typeof adapter.timeoutMs === 'function' ? adapter.timeoutMs(testCase) : (adapter.timeoutMs ?? 30_000);
      const skip = testCase.kind === 'session' && !haveServer;
      it.skipIf(skip)(`${basename(suite.file)} ${testCase.id}`, { timeout: limit + 5_000 }, async () => {
        const handler = adapter.handlers[testCase.kind];
        expect(handler, `no handler for kind ${testCase.kind}`).toBeDefined();
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(new Error('case timed out')), limit);
        try {
          const outcome = await handler!(testCase, { suite, signal: controller.signal });
          expect(outcome.pass ? '' : outcome.message).toBe('');
        } finally {
          clearTimeout(timer);
        }
      });
    }
  }
});
