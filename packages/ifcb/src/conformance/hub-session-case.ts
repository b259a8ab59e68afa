import { type CaseHandler, fail, pass } from '@labwire/testkit/vectors';
import { runClientRole } from './client-role.js';
import { runHubRole } from './hub-role.js';
import type { SessionCase } from './session-steps.js';

/** Kind `hub-session`: replays the recording in every role it lists. */
export const hubSessionCase: CaseHandler = async (c, { signal }) => {
  const session = c.json as unknown as SessionCase;
  for (const role of session.roles) {
    const problem = role === 'hub' ? await runHubRole(session, signal) : await runClientRole(session, signal);
    if (problem !== undefined) return fail(`role ${role}: ${problem}`);
  }
  return pass(`roles: ${session.roles.join(', ')}`);
};
