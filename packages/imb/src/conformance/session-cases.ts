import { type CaseContext, type CaseOutcome, type SuiteCase, fail, pass } from '@labwire/testkit/vectors';
import { runClientRole } from './session-client-role.js';
import { runHubRole } from './session-hub-role.js';
import type { SessionCase } from './session-steps.js';

/** session: our hub when `test.hub`, and our client in the role of each of `test.clients`. */
export async function session(testCase: SuiteCase, context: CaseContext): Promise<CaseOutcome> {
  const c = testCase.plain as unknown as SessionCase;
  if (c.test.hub) {
    const d = await runHubRole(c, context.signal);
    if (d !== undefined) return fail(d);
  }
  for (const name of c.test.clients) {
    const d = await runClientRole(c, name, context.signal);
    if (d !== undefined) return fail(d);
  }
  return pass();
}
