import type { Suite, SuiteCase } from './loader.js';

/** What a handler says about one case. */
export type CaseOutcome = { pass: true; note?: string } | { pass: false; message: string };

export interface CaseContext {
  suite: Suite;
  /** Aborted when the case runs out of time; handlers must release sockets and timers. */
  signal: AbortSignal;
}

export type CaseHandler = (testCase: SuiteCase, context: CaseContext) => CaseOutcome | Promise<CaseOutcome>;

/**
 * Holds an implementation to a protocol's suites: one handler per case kind of that protocol.
 * Each labwire protocol package exports one as `@labwire/<protocol>/conformance`; anyone can
 * write one for another implementation and register it with the runner.
 */
export interface ConformanceAdapter {
  protocol: string;
  /** Name and version of the implementation under test, for reports. */
  implementation: string;
  handlers: Record<string, CaseHandler>;
  /** Per-case time limit in ms (default 30 s); session cases against real servers need more. */
  timeoutMs?: number | ((testCase: SuiteCase) => number);
}

export const pass = (note?: string): CaseOutcome =>
  note === undefined ? { pass: true } : { pass: true, note };
export const fail = (message: string): CaseOutcome => ({ pass: false, message });

/** `pass` when `difference` is undefined, else a failure with it. */
export const outcomeOf = (difference: string | undefined): CaseOutcome =>
  difference === undefined ? pass() : fail(difference);
