import { type CaseOutcome, type SuiteCase, fail, pass } from '@labwire/testkit/vectors';
import type { Dialect } from '../codec/dialect.js';
import { decodeStage, encodeStage, scriptOf } from './session-codec.js';

export async function sessionCase(c: SuiteCase): Promise<CaseOutcome> {
  const dialect = c.json.dialect as Dialect;
  const script = scriptOf(c);
  const encoded = encodeStage(dialect, script);
  if (encoded !== undefined) return fail(encoded);
  const decoded = decodeStage(c, dialect, script);
  if (decoded !== undefined) return fail(decoded);
  return pass('encode and decode stages');
}
