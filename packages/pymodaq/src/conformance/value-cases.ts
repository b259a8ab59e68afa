import { type LabwireError, ErrorCode } from '@labwire/core';
import { type CaseOutcome, type SuiteCase, diffPlain, fail, pass } from '@labwire/testkit/vectors';
import type { Dialect } from '../codec/dialect.js';
import { type ValueForm, encodeValue } from '../codec/encode.js';
import { ValueDecoder } from '../codec/value-decoder.js';
import type { BareKind, PymodaqValue, V1ItemType } from '../codec/values.js';
import { fromCanonical, toCanonical } from './canonical.js';
import { caseBytes } from './generated-data.js';

function hex(bytes: Uint8Array, max = 48): string {
  const h = Buffer.from(bytes.subarray(0, max)).toString('hex');
  return bytes.byteLength > max ? `${h}… (${bytes.byteLength} bytes)` : h;
}

/** First differing offset of two byte strings, described for a failure message. */
export function diffBytes(expected: Uint8Array, actual: Uint8Array): string | undefined {
  if (Buffer.from(expected).equals(Buffer.from(actual))) return undefined;
  let i = 0;
  while (i < expected.byteLength && i < actual.byteLength && expected[i] === actual[i]) i++;
  return `bytes differ at offset ${i} (expected ${expected.byteLength} bytes, got ${actual.byteLength}): expected …${hex(expected.subarray(i), 24)}, got …${hex(actual.subarray(i), 24)}`;
}

export function valueEncode(c: SuiteCase): CaseOutcome {
  const j = c.json;
  const dialect = j.dialect as Dialect;
  const form = j.form as ValueForm;
  let bytes: Uint8Array;
  try {
    bytes = encodeValue(fromCanonical(c.plain.value), { dialect, form });
  } catch (err) {
    if (c.expect === 'error') {
      const code = (err as LabwireError).code;
      return j.errorKind === 'unsupported' && code !== ErrorCode.UNSUPPORTED
        ? fail(`expected an UNSUPPORTED refusal, got ${code}: ${(err as Error).message}`)
        : pass(`refused: ${(err as Error).message}`);
    }
    return fail(`encoder threw: ${(err as Error).message}`);
  }
  if (c.expect === 'error') return fail(`expected the encoder to refuse, it produced ${hex(bytes)}`);
  const d = diffBytes(caseBytes(j), bytes);
  return d === undefined ? pass() : fail(d);
}

interface Feed {
  name: string;
  pieces: Uint8Array[];
}

function feeds(bytes: Uint8Array): Feed[] {
  const out: Feed[] = [{ name: 'all at once', pieces: [bytes] }];
  if (bytes.byteLength <= 64 * 1024) {
    const each: Uint8Array[] = [];
    for (let i = 0; i < bytes.byteLength; i++) each.push(bytes.subarray(i, i + 1));
    out.push({ name: 'one byte at a time', pieces: each });
  }
  const blocks: Uint8Array[] = [];
  for (let i = 0; i < bytes.byteLength; i += 4096) blocks.push(bytes.subarray(i, i + 4096));
  out.push({ name: '4096-byte pieces', pieces: blocks });
  return out;
}

interface FeedResult {
  values: PymodaqValue[];
  errors: LabwireError[];
  /** Index of the piece after which the first value / error appeared. */
  firstValueAt: number;
  firstErrorAt: number;
  decoder: ValueDecoder;
}

function run(c: SuiteCase, pieces: Uint8Array[]): FeedResult {
  const j = c.json;
  const limits = j.limits as { maxLength?: number } | undefined;
  const result: FeedResult = {
    values: [],
    errors: [],
    firstValueAt: -1,
    firstErrorAt: -1,
    decoder: undefined!,
  };
  let index = 0;
  result.decoder = new ValueDecoder(
    {
      message: (v) => {
        if (result.firstValueAt < 0) result.firstValueAt = index;
        result.values.push(v);
      },
      error: (e) => {
        if (result.firstErrorAt < 0) result.firstErrorAt = index;
        result.errors.push(e);
      },
    },
    {
      dialect: j.dialect as Dialect,
      form: j.form as ValueForm,
      as: j.as as BareKind,
      itemType: j.itemType as V1ItemType,
      // Without a stated limit the decoder trusts length prefixes as the reference does.
      maxLength: limits?.maxLength ?? Number.POSITIVE_INFINITY,
      maxMessageBytes: Number.POSITIVE_INFINITY,
    },
  );
  for (; index < pieces.length; index++) result.decoder.write(pieces[index]!);
  return result;
}

function checkFeed(c: SuiteCase, feed: Feed): string | undefined {
  const r = run(c, feed.pieces);
  const last = feed.pieces.length - 1;
  const kind = c.json.errorKind as string | undefined;
  if (c.expect === 'ok') {
    if (r.errors.length > 0) return `error ${r.errors[0]!.code}: ${r.errors[0]!.message}`;
    if (r.values.length !== 1) return `expected one value, got ${r.values.length}`;
    if (r.firstValueAt !== last)
      return `value produced after piece ${r.firstValueAt} of ${last}, before the last byte`;
    if (r.decoder.midMessage) return `${r.decoder.buffered} bytes left unconsumed`;
    const expected = c.plain.value;
    return diffPlain(expected, toCanonical(r.values[0]!, expected));
  }
  if (r.values.length > 0)
    return `expected no value, got ${JSON.stringify(toCanonical(r.values[0]!)).slice(0, 200)}`;
  switch (kind) {
    case 'incomplete': {
      if (r.errors.length > 0)
        return `expected to wait for more bytes, got ${r.errors[0]!.code}: ${r.errors[0]!.message}`;
      r.decoder.end();
      const truncated = r.errors[0];
      return truncated?.code === ErrorCode.TRUNCATED ? undefined : 'end of input did not report truncation';
    }
    case 'invalid':
      if (r.errors.length === 0) return 'expected an error, the decoder reported none';
      if (r.errors[0]!.code === ErrorCode.LIMIT_EXCEEDED)
        return `expected invalid, got ${r.errors[0]!.message}`;
      return undefined;
    case 'tooLarge':
      if (r.errors[0]?.code !== ErrorCode.LIMIT_EXCEEDED) {
        return `expected LIMIT_EXCEEDED, got ${r.errors[0] === undefined ? 'no error' : r.errors[0].code}`;
      }
      return r.firstErrorAt === last ? undefined : 'limit error not reported when the length field completed';
    default:
      return `unknown errorKind ${kind}`;
  }
}

export function valueDecode(c: SuiteCase): CaseOutcome {
  const bytes = caseBytes(c.json);
  for (const feed of feeds(bytes)) {
    const d = checkFeed(c, feed);
    if (d !== undefined) return fail(`${feed.name}: ${d}`);
  }
  return pass();
}
