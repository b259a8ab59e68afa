import { basename } from 'node:path';
import { conformanceDir, loadSuites } from '@labwire/testkit/vectors';
import { describe, it } from 'vitest';
import { runExchangeWith } from './run-exchange.js';

/*
 * Beyond the protocol: the reference server's stdout lines (`serverLog`, informational in the
 * suites) against our simulator's log. They show that the Python renderings we print — repr of
 * the raw request, str() of the parsed value, the import lines — are CPython's. The startup
 * banner names the reference's own address and is left out; shortened lines compare by prefix.
 */
const SHORTENED = /\.\.\. \(\d+ characters in all\)$/;
const suites = loadSuites([conformanceDir('zeiss-ipc')]);
const cases = suites.flatMap((s) =>
  s.cases
    .filter((c) => c.kind === 'exchange' && Array.isArray(c.json.serverLog))
    .map((c) => ({ suite: s, testCase: c, name: `${basename(s.file)} ${c.id}` })),
);

describe.concurrent('simulator log matches the reference serverLog', () => {
  for (const { suite, testCase, name } of cases) {
    it(name, async ({ expect }) => {
      let lines: string[] = [];
      const outcome = await runExchangeWith(
        testCase,
        { suite, signal: new AbortController().signal },
        (sim) => {
          lines = [...sim.server.log.lines];
        },
      );
      expect(outcome.pass ? 'pass' : outcome.message).toBe('pass');
      const reference = (testCase.json.serverLog as string[]).filter(
        (l) => !l.startsWith('Websocket server waiting'),
      );
      expect(lines.length).toBe(reference.length);
      reference.forEach((line, i) => {
        const ours = lines[i]!;
        if (SHORTENED.test(line)) expect(ours.startsWith(line.replace(SHORTENED, ''))).toBe(true);
        else expect(ours).toBe(line);
      });
    });
  }
});
