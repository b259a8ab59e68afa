import { decodeBase64 } from '../dist/codec/base64.js';
import { FIXED_ENTRIES } from '../dist/codec/grammar-table.js';
import { convertBool, convertFloat, convertInt } from '../dist/codec/scalars.js';
import { parseTimestamp } from '../dist/codec/timestamp.js';

/**
 * The baseline measured in the same run: the reference parser's algorithm (protocol.py) ported
 * literally, with the same slot converters as ours: every candidate pattern is tried in table
 * order, each conversion failure is an exception, as Python's `candarg(arg)` raising ValueError.
 * Only fixed patterns are covered, which is what the table sweep exercises.
 */
const CONVERT: Record<string, (s: string) => unknown> = {
  int: (s) => {
    const v = convertInt(s);
    if (v === undefined) throw new Error('ValueError');
    return v;
  },
  float: (s) => {
    const v = convertFloat(s);
    if (v === undefined) throw new Error('ValueError');
    return v;
  },
  bool: convertBool,
  str: (s) => s,
  base64: (s) => s,
  datetime: (s) => s,
};

export function referenceAlgorithmParse(message: string): unknown[] {
  const args = message.split(':');
  for (const candidate of FIXED_ENTRIES) {
    if (candidate.fields.length !== args.length) continue;
    const parsed: unknown[] = [];
    try {
      let matched = true;
      for (let i = 0; i < args.length; i++) {
        const f = candidate.fields[i]!;
        if ('lit' in f) {
          if (args[i] !== f.lit) {
            matched = false;
            break;
          }
          parsed.push(args[i]);
        } else parsed.push(CONVERT[f.type]!(args[i]!));
      }
      if (!matched) continue;
    } catch {
      continue;
    }
    if (parsed[0] === 'triggerimage') parsed[1] = decodeBase64(parsed[1] as string);
    if (parsed[0] === 'graphchanged')
      parsed[parsed.length - 1] = parseTimestamp(parsed[parsed.length - 1] as string);
    return parsed;
  }
  throw new Error(`Message does not match known protocol format: ${message}`);
}
