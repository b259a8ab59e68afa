import { type CaseHandler, diffPlain, fail, outcomeOf, pass } from '@labwire/testkit/vectors';
import type { IndiCommand } from '../codec/commands.js';
import { createIndiDecoder } from '../codec/decoder.js';
import { encodeIndiCommand } from '../codec/encoder.js';
import type { IndiMessage } from '../codec/messages.js';
import { formatIndiNumber } from '../codec/number-format.js';
import { parseIndiNumber } from '../codec/number-parse.js';
import { canonicalMessage } from './canonical.js';

/** Input bytes of a decode case: `xml` as UTF-8, or `hex`. */
function inputBytes(plain: Record<string, unknown>): Uint8Array {
  if (typeof plain.hex === 'string') return Buffer.from(plain.hex, 'hex');
  return Buffer.from(String(plain.xml ?? ''), 'utf8');
}

/** Cuts `bytes` at every offset and returns separate copies, as separate socket reads would be. */
function cut(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const offset of offsets) {
    out.push(Uint8Array.from(bytes.subarray(at, offset)));
    at = offset;
  }
  out.push(Uint8Array.from(bytes.subarray(at)));
  return out;
}

/** Decodes chunks and returns the canonical messages, error markers included. */
export function decodeCanonical(chunks: readonly Uint8Array[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const decoder = createIndiDecoder({
    message: (m: IndiMessage) => out.push(canonicalMessage(m)),
    error: () => out.push({ type: 'error' }),
  });
  for (const chunk of chunks) decoder.write(chunk);
  return out;
}

export const decodeHandler: CaseHandler = (testCase) => {
  const plain = testCase.plain;
  const offsets = Array.isArray(plain.splitAt) ? (plain.splitAt as number[]) : [];
  const actual = decodeCanonical(cut(inputBytes(plain), offsets));
  return outcomeOf(diffPlain(plain.messages, actual));
};

export const encodeHandler: CaseHandler = (testCase) => {
  const plain = testCase.plain;
  let text: string;
  try {
    text = encodeIndiCommand(plain.command as IndiCommand);
  } catch (err) {
    return testCase.expect === 'error'
      ? pass(`refused: ${(err as Error).message}`)
      : fail(`encoder refused: ${(err as Error).message}`);
  }
  if (testCase.expect === 'error') return fail(`encoder should refuse, but wrote ${JSON.stringify(text)}`);
  return text === plain.xml
    ? pass()
    : fail(`expected ${JSON.stringify(plain.xml)}, got ${JSON.stringify(text)}`);
};

export const numberParseHandler: CaseHandler = (testCase) => {
  const plain = testCase.plain;
  const value = parseIndiNumber(String(plain.text));
  if (testCase.expect === 'error')
    return value === undefined ? pass() : fail(`expected "not a number", got ${value}`);
  if (value === undefined) return fail(`expected ${plain.value}, got "not a number"`);
  return outcomeOf(diffPlain(plain.value, value));
};

export const numberFormatHandler: CaseHandler = (testCase) => {
  const plain = testCase.plain;
  const text = formatIndiNumber(String(plain.format), plain.value as number);
  return text === plain.text
    ? pass()
    : fail(`expected ${JSON.stringify(plain.text)}, got ${JSON.stringify(text)}`);
};
