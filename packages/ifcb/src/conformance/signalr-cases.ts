import { type CaseHandler, diffPlain, fail, outcomeOf, pass } from '@labwire/testkit/vectors';
import { HUB_ERROR_NAMES } from '../codec/errors.js';
import {
  type HubDecodePhase,
  HubRecordDecoder,
  decodeHubText,
  type DecodedHubText,
} from '../codec/signalr/decode-records.js';
import {
  writeHandshakeRequest,
  writeHandshakeResponse,
  writeRecord,
} from '../codec/signalr/encode-records.js';

function errorName(d: DecodedHubText): string | undefined {
  return d.error === undefined ? undefined : (HUB_ERROR_NAMES[d.error.code] ?? d.error.code);
}

/** Feeds the text piece by piece (one UTF-16 unit, or one UTF-8 byte, at a time) then ends. */
function decodePieces(text: string, phase: HubDecodePhase, unit: 'char' | 'byte'): DecodedHubText {
  const out: DecodedHubText = { records: [] };
  const decoder = new HubRecordDecoder(
    {
      handshake: (h) => {
        out.handshake = h;
      },
      record: (r) => out.records.push(r),
      error: (e) => {
        out.error ??= e;
      },
    },
    { phase, side: 'hub' },
  );
  if (unit === 'char') for (let i = 0; i < text.length; i++) decoder.writeText(text[i]!);
  else {
    const bytes = Buffer.from(text, 'utf8');
    for (let i = 0; i < bytes.byteLength; i++) decoder.write(bytes.subarray(i, i + 1));
  }
  decoder.end();
  return out;
}

function compare(c: Parameters<CaseHandler>[0], d: DecodedHubText, how: string): string | undefined {
  const json = c.json;
  if (c.expect === 'error') {
    const got = errorName(d);
    return got === json.error
      ? undefined
      : `${how}: expected error ${String(json.error)}, got ${got ?? 'no error'}`;
  }
  if (d.error !== undefined) return `${how}: unexpected error ${errorName(d)}: ${d.error.message}`;
  if (json.phase === 'handshake') {
    const diff = diffPlain(json.handshake, d.handshake, '$.handshake');
    if (diff !== undefined) return `${how}: ${diff}`;
  }
  const diff = diffPlain(json.messages, d.records, '$.messages');
  return diff === undefined ? undefined : `${how}: ${diff}`;
}

/** Kind `signalr-decode`: the text in one call, then one unit at a time and one byte at a time. */
export const signalrDecodeCase: CaseHandler = (c) => {
  const phase = c.json.phase as HubDecodePhase;
  const text = c.json.text as string;
  const whole = compare(c, decodeHubText(text, phase, { side: 'hub' }), 'whole text');
  if (whole !== undefined) return fail(whole);
  const chars = compare(c, decodePieces(text, phase, 'char'), 'one UTF-16 unit at a time');
  if (chars !== undefined) return fail(chars);
  return outcomeOf(compare(c, decodePieces(text, phase, 'byte'), 'one byte at a time'));
};

/** Kind `signalr-encode`: the writer for `what` on `input`, compared with `text` exactly. */
export const signalrEncodeCase: CaseHandler = (c) => {
  const input = c.json.input as Record<string, unknown>;
  let text: string;
  switch (c.json.what) {
    case 'message':
      text = writeRecord(input);
      break;
    case 'handshake-request':
      text = writeHandshakeRequest(input as { protocol: string; version: number });
      break;
    case 'handshake-response':
      text = writeHandshakeResponse(input);
      break;
    default:
      return fail(`unknown writer ${String(c.json.what)}`);
  }
  return text === c.json.text
    ? pass()
    : fail(`expected ${JSON.stringify(c.json.text)}, got ${JSON.stringify(text)}`);
};
