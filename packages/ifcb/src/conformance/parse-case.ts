import { type CaseHandler, diffPlain, fail, outcomeOf } from '@labwire/testkit/vectors';
import { parseIfcbMessage } from '../codec/parse-message.js';
import { toSuiteValue } from './canonical.js';

/** Kind `parse`: one message through the parser, compared with the canonical result. */
export const parseCase: CaseHandler = (c) => {
  const input = c.plain.input;
  if (typeof input !== 'string') return fail('case has no string input');
  let result: unknown;
  try {
    result = parseIfcbMessage(input);
  } catch (err) {
    return fail(`the parser threw: ${(err as Error).message}`);
  }
  return outcomeOf(diffPlain(c.plain.output, toSuiteValue(result)));
};
