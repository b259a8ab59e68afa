import { type DisputedVector, type Suite, type SuiteCase, disputeFor } from '@labwire/testkit/vectors';
import type { AdapterRegistry } from './registry.js';

export interface CaseResult {
  file: string;
  protocol: string;
  kind: string;
  id: string;
  pass: boolean;
  message?: string;
  note?: string;
  /** The case is on the disputed list: it is expected to fail, and this is why. */
  disputed?: string;
  ms: number;
}

export interface RunReport {
  passed: number;
  failed: number;
  /** Disputed vectors that failed as documented (counted in `passed`). */
  disputed: number;
  results: CaseResult[];
}

export interface RunOptions {
  /** The disputed-vector list to honour (default: labwire's, DISPUTED_VECTORS); `false` for none. */
  disputed?: readonly DisputedVector[] | false;
  /** Only cases whose id contains this text. */
  filter?: string;
  /** Default per-case limit in ms when the adapter sets none. */
  timeoutMs?: number;
  onResult?: (result: CaseResult) => void;
}

const DEFAULT_CASE_TIMEOUT_MS = 30_000;

function caseTimeout(registry: AdapterRegistry, suite: Suite, testCase: SuiteCase, fallback: number): number {
  const t = registry.get(suite.protocol)?.timeoutMs;
  return typeof t === 'function' ? t(testCase) : (t ?? fallback);
}

async function runCase(registry: AdapterRegistry, suite: Suite, testCase: SuiteCase, timeoutMs: number) {
  const adapter = registry.get(suite.protocol);
  if (adapter === undefined) {
    const why = registry.unavailable.get(suite.protocol);
    return {
      pass: false,
      message: `no adapter registered for protocol "${suite.protocol}"${why === undefined ? '' : ` (${why})`}`,
    };
  }
  const handler = adapter.handlers[testCase.kind];
  if (handler === undefined) {
    return { pass: false, message: `unknown case kind "${testCase.kind}" for protocol "${suite.protocol}"` };
  }
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<{ pass: false; message: string }>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('case timed out'));
      resolve({ pass: false, message: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
  });
  try {
    const outcome = await Promise.race([
      Promise.resolve().then(() => handler(testCase, { suite, signal: controller.signal })),
      timeout,
    ]);
    return outcome;
  } catch (err) {
    const e = err as Error & { code?: string };
    return { pass: false, message: `handler threw ${e.code ?? e.name}: ${e.message}` };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** Runs every case of every suite through its protocol's adapter, one case at a time. */
export async function runSuites(
  suites: readonly Suite[],
  registry: AdapterRegistry,
  options: RunOptions = {},
): Promise<RunReport> {
  const results: CaseResult[] = [];
  for (const suite of suites) {
    for (const testCase of suite.cases) {
      if (options.filter !== undefined && !testCase.id.includes(options.filter)) continue;
      const started = performance.now();
      const outcome = await runCase(
        registry,
        suite,
        testCase,
        caseTimeout(registry, suite, testCase, options.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS),
      );
      const result: CaseResult = {
        file: suite.file,
        protocol: suite.protocol,
        kind: testCase.kind,
        id: testCase.id,
        pass: outcome.pass,
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
      if (!outcome.pass) result.message = outcome.message;
      else if ('note' in outcome && outcome.note !== undefined) result.note = outcome.note;
      const dispute =
        options.disputed === false
          ? undefined
          : disputeFor(suite.protocol, suite.file, testCase.id, options.disputed);
      if (dispute !== undefined) {
        // Run, never skipped: a disputed case must fail; if it passes, the dispute is stale.
        result.disputed = dispute.evidence;
        result.pass = !outcome.pass;
        result.message = outcome.pass
          ? 'disputed vector now passes: remove it from the disputed list'
          : `${'message' in outcome ? outcome.message : ''}`;
      }
      results.push(result);
      options.onResult?.(result);
    }
  }
  const passed = results.filter((r) => r.pass).length;
  const disputed = results.filter((r) => r.pass && r.disputed !== undefined).length;
  return { passed, failed: results.length - passed, disputed, results };
}
