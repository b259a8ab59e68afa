import type { CaseOutcome, SuiteCase, TypedValue } from '@labwire/testkit/vectors';
import { diffPlain, fail, outcomeOf, pass } from '@labwire/testkit/vectors';
import { isLabwireError } from '@labwire/core';
import type { ZeissDialectId } from '../codec/dialects.js';
import { createLegacyReplyDecoder, decodeLegacyReply } from '../codec/legacy-parse.js';
import { encodeRequest } from '../codec/request-generate.js';
import { classifyReply } from '../codec/reply-parse.js';
import { PyFloat } from '../codec/json-generate.js';
import type { ZeissRequest } from '../codec/types.js';

/** A typed suite value as the encoder's input: floats marked so they keep their `.0`. */
function typedToBody(v: TypedValue): unknown {
  switch (v.type) {
    case 'null':
      return null;
    case 'float':
      return new PyFloat(v.value);
    case 'bool':
    case 'int':
    case 'bigint':
    case 'string':
      return v.value;
    case 'list':
    case 'tuple':
      return v.items.map(typedToBody);
    case 'object':
      return Object.fromEntries(v.entries.map(([k, item]) => [k, typedToBody(item)]));
    default:
      throw new TypeError(`a request body cannot hold ${v.type}`);
  }
}

function requestOf(testCase: SuiteCase): ZeissRequest {
  const r = testCase.plain.request as Record<string, unknown>;
  switch (r.command) {
    case 'image':
      return {
        command: 'image',
        file: r.file as string,
        name: r.name as string,
        focalLength: r.focalLength as number,
      };
    case 'elements':
      return { command: 'elements', file: r.file as string, importMode: r.importMode as string };
    case 'quit':
      return { command: 'quit' };
    case 'custom': {
      const typed = testCase.get('request');
      const body = typed?.type === 'object' ? typed.entries.find(([k]) => k === 'body')?.[1] : undefined;
      return { command: 'custom', body: body === undefined ? null : typedToBody(body) };
    }
    default:
      throw new TypeError(`unknown request command ${String(r.command)}`);
  }
}

const dialectOf = (testCase: SuiteCase) =>
  ((testCase.json.dialect as string | undefined) ?? 'example') as ZeissDialectId;

/** `expect: "error"`: the codec must refuse with a coded error (nothing is sent or decoded). */
function refused(run: () => unknown): CaseOutcome {
  try {
    const out = run();
    return fail(
      `expected a refusal, got ${JSON.stringify(typeof out === 'string' ? out : out instanceof Uint8Array ? Buffer.from(out).toString('hex') : out)}`,
    );
  } catch (err) {
    return isLabwireError(err)
      ? pass(`refused: ${err.code}`)
      : fail(`refused without a coded error: ${String(err)}`);
  }
}

/** `request-encode`: the exact text (or legacy bytes) the client must send. */
export function runRequestEncode(testCase: SuiteCase): CaseOutcome {
  const dialect = dialectOf(testCase);
  if (testCase.expect === 'error') return refused(() => encodeRequest(requestOf(testCase), dialect));
  const out = encodeRequest(requestOf(testCase), dialect);
  if (typeof testCase.json.hex === 'string') {
    if (typeof out === 'string') return fail('expected bytes, the encoder produced text');
    const got = Buffer.from(out).toString('hex');
    return got === testCase.json.hex
      ? outcomeOf(undefined)
      : fail(`expected hex ${testCase.json.hex}, got ${got}`);
  }
  if (typeof out !== 'string') return fail('expected text, the encoder produced bytes');
  const want = testCase.json.text as string;
  return out === want
    ? outcomeOf(undefined)
    : fail(`expected ${JSON.stringify(want)}, got ${JSON.stringify(out)}`);
}

/** `reply-decode`: the canonical decoded reply; legacy bytes whole and one byte at a time. */
export function runReplyDecode(testCase: SuiteCase): CaseOutcome {
  const dialect = dialectOf(testCase);
  const expected = testCase.plain.reply;
  if (testCase.expect === 'error' && typeof testCase.json.hex === 'string') {
    return refused(() => decodeLegacyReply(new Uint8Array(Buffer.from(testCase.json.hex as string, 'hex'))));
  }
  if (typeof testCase.json.hex === 'string') {
    const bytes = new Uint8Array(Buffer.from(testCase.json.hex, 'hex'));
    const whole = classifyReply(decodeLegacyReply(bytes), dialect);
    const d = diffPlain(expected, whole, '$.reply');
    if (d !== undefined) return fail(`whole: ${d}`);
    const texts: string[] = [];
    const errors: string[] = [];
    // One byte at a time through the incremental decoder must give the same reply.
    const decoder = createLegacyReplyDecoder({
      message: (m) => texts.push(m),
      error: (e) => errors.push(e.message),
    });
    for (let i = 0; i < bytes.byteLength; i++) decoder.write(bytes.subarray(i, i + 1));
    decoder.end();
    if (errors.length > 0 || texts.length !== 1)
      return fail(`byte by byte: ${errors.join('; ') || `${texts.length} messages`}`);
    return outcomeOf(diffPlain(expected, classifyReply(texts[0]!, dialect), '$.reply (byte by byte)'));
  }
  return outcomeOf(diffPlain(expected, classifyReply(testCase.json.text as string, dialect), '$.reply'));
}
