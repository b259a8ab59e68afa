import { relative } from 'node:path';
import type { CaseResult, RunReport } from './runner.js';

/** One line per failing case: file, id, what differed. */
export function failureLine(result: CaseResult, cwd = process.cwd()): string {
  return `FAIL ${relative(cwd, result.file)} ${result.id} [${result.kind}]: ${result.message ?? ''}`;
}

/** A table of passed/failed counts per protocol and kind. */
export function summaryTable(report: RunReport): string {
  const rows = new Map<string, { passed: number; failed: number }>();
  for (const r of report.results) {
    const key = `${r.protocol} ${r.kind}`;
    const row = rows.get(key) ?? { passed: 0, failed: 0 };
    if (r.pass) row.passed += 1;
    else row.failed += 1;
    rows.set(key, row);
  }
  const width = Math.max(20, ...[...rows.keys()].map((k) => k.length));
  const lines = [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([key, row]) =>
        `  ${key.padEnd(width)}  ${String(row.passed).padStart(5)} passed  ${String(row.failed).padStart(4)} failed`,
    );
  return lines.join('\n');
}

/** Every disputed vector, on every run: what differs and why labwire believes the vector is wrong. */
export function disputedLines(report: RunReport, cwd = process.cwd()): string[] {
  return report.results
    .filter((r) => r.disputed !== undefined && r.pass)
    .map(
      (r) =>
        `DISPUTED ${relative(cwd, r.file)} ${r.id} [${r.kind}] fails as documented: ${r.message ?? ''}\n  why: ${r.disputed}`,
    );
}

export function totalsLine(report: RunReport): string {
  return `${report.passed} passed, ${report.failed} failed`;
}

export function toJson(report: RunReport): string {
  return JSON.stringify(
    { passed: report.passed, failed: report.failed, disputed: report.disputed, results: report.results },
    null,
    2,
  );
}
