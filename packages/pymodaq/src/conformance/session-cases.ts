import { type CaseOutcome, type CaseContext, type SuiteCase, fail, pass } from '@labwire/testkit/vectors';
import type { Dialect } from '../codec/dialect.js';
import { decodeStage, encodeStage, scriptOf } from './session-codec.js';
import { driveClient } from './session-drive-client.js';
import { driveServer } from './session-drive-server.js';

/** Session cases: encode, decode, then (full sessions) drive our server and our client over loopback. */
export async function sessionCase(c: SuiteCase, context: CaseContext): Promise<CaseOutcome> {
  const dialect = c.json.dialect as Dialect;
  const script = scriptOf(c);
  const encoded = encodeStage(dialect, script);
  if (encoded !== undefined) return fail(`encode: ${encoded}`);
  const decoded = decodeStage(c, dialect, script);
  if (decoded !== undefined) return fail(decoded);
  if (c.json.fragment === true) return pass('fragment: encode and decode stages only');
  const server = await driveServer(dialect, script, context.signal);
  if (server !== undefined) return fail(`drive (server role): ${server}`);
  const client = await driveClient(dialect, c.json.role as 'grabber' | 'actuator', script, context.signal);
  if (client !== undefined) return fail(`drive (client role): ${client}`);
  return pass();
}
