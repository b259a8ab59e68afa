import { createHash } from 'node:crypto';
import { parseDtype } from '../codec/dtype.js';
import { dataViewOf, writeElement } from '../codec/elements.js';

/** `dataGen`/`hexParts` generator rules of the suites (conformance README, "Large payloads"). */
export interface GenRule {
  rule: string;
  modulus?: number;
}

/** `count` elements of `dtype` made by `rule`, as raw bytes in the dtype's byte order. */
export function generate(rule: GenRule, dtype: string, count: number): Uint8Array {
  if (rule.rule !== 'index-mod' || typeof rule.modulus !== 'number') {
    throw new Error(`unknown data generator ${JSON.stringify(rule)}`);
  }
  const parsed = parseDtype(dtype);
  const bytes = new Uint8Array(count * parsed.itemsize);
  const m = rule.modulus;
  if (dtype === '<u2' && m === 65536) {
    const u16 = new Uint16Array(bytes.buffer, 0, count);
    for (let i = 0; i < count; i++) u16[i] = i & 0xffff;
    return bytes;
  }
  const view = dataViewOf(bytes);
  for (let i = 0; i < count; i++) writeElement(view, parsed, i, i % m);
  return bytes;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

type HexPart = string | { gen: GenRule; dtype: string; count: number };

/** The bytes of a case's `hex`, or of its `hexParts` checked against `hexLength` and `hexSha256`. */
export function caseBytes(c: Record<string, unknown>): Uint8Array {
  if (typeof c.hex === 'string') return new Uint8Array(Buffer.from(c.hex, 'hex'));
  const parts = c.hexParts as HexPart[] | undefined;
  if (!Array.isArray(parts)) throw new Error('case has neither hex nor hexParts');
  const pieces = parts.map((p) =>
    typeof p === 'string' ? new Uint8Array(Buffer.from(p, 'hex')) : generate(p.gen, p.dtype, p.count),
  );
  const out = new Uint8Array(Buffer.concat(pieces));
  if (typeof c.hexLength === 'number' && out.byteLength !== c.hexLength) {
    throw new Error(`hexParts give ${out.byteLength} bytes, hexLength says ${c.hexLength}`);
  }
  if (typeof c.hexSha256 === 'string' && sha256(out) !== c.hexSha256) {
    throw new Error('hexParts do not match hexSha256');
  }
  return out;
}
