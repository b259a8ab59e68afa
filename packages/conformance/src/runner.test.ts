import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type ConformanceAdapter, fail, parseSuite, pass } from '@labwire/testkit/vectors';
import { describe, expect, it } from 'vitest';
import { AdapterRegistry } from './registry.js';
import { disputedLines, summaryTable, totalsLine } from './report.js';
import { runSuites } from './runner.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli.js');

/** An adapter for a toy "echo" protocol: `upper` cases expect `output` = upper-cased `input`. */
const echoAdapter: ConformanceAdapter = {
  protocol: 'echo',
  implementation: 'test-echo',
  handlers: {
    upper: (c) => {
      const got = String(c.plain.input).toUpperCase();
      return got === c.plain.output ? pass() : fail(`expected ${String(c.plain.output)}, got ${got}`);
    },
    hang: () => new Promise(() => {}),
    throws: () => {
      throw Object.assign(new Error('kaput'), { code: 'MALFORMED' });
    },
  },
  timeoutMs: 100,
};

const suiteText = JSON.stringify({
  format: 'labwire-vectors/1',
  protocol: 'echo',
  title: 'echo',
  cases: [
    { id: 'good', kind: 'upper', expect: 'ok', input: 'ab', output: 'AB' },
    { id: 'bad', kind: 'upper', expect: 'ok', input: 'ab', output: 'Ab' },
    { id: 'mystery', kind: 'teleport', expect: 'ok' },
    { id: 'slow', kind: 'hang', expect: 'ok' },
    { id: 'boom', kind: 'throws', expect: 'ok' },
  ],
});

describe('runSuites', () => {
  it('passes, fails, times out, and treats an unknown kind as a failure', async () => {
    const registry = new AdapterRegistry().register(echoAdapter);
    const report = await runSuites([parseSuite(suiteText, 'echo.json')], registry);
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(byId.good!.pass).toBe(true);
    expect(byId.bad!.message).toBe('expected Ab, got AB');
    expect(byId.mystery!.message).toBe('unknown case kind "teleport" for protocol "echo"');
    expect(byId.slow!.message).toBe('timed out after 100 ms');
    expect(byId.boom!.message).toBe('handler threw MALFORMED: kaput');
    expect(totalsLine(report)).toBe('1 passed, 4 failed');
    expect(summaryTable(report)).toContain('echo upper');
  });

  it('fails every case of a protocol with no adapter', async () => {
    const report = await runSuites([parseSuite(suiteText, 'echo.json')], new AdapterRegistry());
    expect(report.failed).toBe(5);
    expect(report.results[0]!.message).toBe('no adapter registered for protocol "echo"');
  });
});

describe('disputed vectors', () => {
  it('runs them, counts one that fails as documented as passed, and fails one that passes', async () => {
    const registry = new AdapterRegistry().register(echoAdapter);
    const disputes = [
      { protocol: 'echo', file: 'echo.json', id: 'bad', evidence: 'output should be upper case' },
      { protocol: 'echo', file: 'echo.json', id: 'good', evidence: 'stale dispute' },
    ];
    const report = await runSuites([parseSuite(suiteText, '/x/echo.json')], registry, { disputed: disputes });
    const byId = Object.fromEntries(report.results.map((r) => [r.id, r]));
    expect(byId.bad).toMatchObject({
      pass: true,
      disputed: 'output should be upper case',
      message: 'expected Ab, got AB',
    });
    expect(byId.good).toMatchObject({
      pass: false,
      message: 'disputed vector now passes: remove it from the disputed list',
    });
    expect(report.disputed).toBe(1);
    expect(disputedLines(report)[0]).toMatch(
      /^DISPUTED .*echo\.json bad \[upper\] fails as documented: expected Ab, got AB\n {2}why: output should be upper case$/,
    );
  });
});

describe('labwire-conformance CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'labwire-cli-'));
  writeFileSync(join(dir, 'echo.json'), suiteText);
  const adapterFile = join(dir, 'echo-adapter.mjs');
  writeFileSync(
    adapterFile,
    `export default { protocol: 'echo', implementation: 'cli-test', handlers: {
       upper: (c) => String(c.plain.input).toUpperCase() === c.plain.output ? { pass: true } : { pass: false, message: 'differs' } } };`,
  );

  it('prints one line per failing case and the totals, and exits non-zero', async () => {
    const err = await run('node', [cli, '--adapter', adapterFile, join(dir, 'echo.json')]).catch((e) => e);
    expect(err.code).toBe(1);
    const lines = (err.stdout as string).trim().split('\n');
    expect(lines.some((l) => /^FAIL .*echo\.json mystery \[teleport\]: unknown case kind/.test(l))).toBe(
      true,
    );
    expect(lines.at(-1)).toBe('1 passed, 4 failed');
  });

  it('exits 0 when everything passes, and speaks JSON on request', async () => {
    const { stdout } = await run('node', [cli, '--adapter', adapterFile, '--filter', 'good', '--json', dir]);
    expect(JSON.parse(stdout)).toMatchObject({ passed: 1, failed: 0 });
  });

  it('refuses a file that is not a suite', async () => {
    writeFileSync(join(dir, 'notes.json'), '{"hello":1}');
    const err = await run('node', [cli, join(dir, 'notes.json')]).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toMatch(/not a labwire-vectors\/1 suite/);
  });
});
