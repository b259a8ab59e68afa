import type { FieldValue } from './message-types.js';
import { IfcbTimestamp } from './timestamp.js';

/**
 * Handler patterns (shared/protocols/ifcb.md section 8): a sequence of constants and `null`
 * (any value) compared position by position with a parsed message's `fields`. A pattern fires
 * when it is not longer than the fields (the reference's `zip()` also fires longer ones) and every
 * constant equals its field.
 */
export type PatternElement = FieldValue | null | undefined;
export type HandlerPattern = readonly PatternElement[];

export function patternMatches(pattern: HandlerPattern, fields: readonly FieldValue[]): boolean {
  if (pattern.length > fields.length) return false;
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i];
    if (want === null || want === undefined) continue;
    if (!valuesEqual(want, fields[i])) return false;
  }
  return true;
}

function numeric(v: unknown): number | bigint | undefined {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}

/**
 * Python `==` as the reference's dispatch sees it: numbers and booleans by numeric value
 * (`true` = 1, `1` = `1.0`), NaN never equal, strings exactly, sequences element-wise, maps by key
 * set and values, bytes by content, timestamps by value.
 */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  const na = numeric(a);
  if (na !== undefined) {
    const nb = numeric(b);
    if (nb === undefined) return false;
    if (typeof na === 'number' && typeof nb === 'number') return na === nb;
    // biome-ignore lint/suspicious/noDoubleEquals: bigint and number compare by value
    return na == nb;
  }
  if (a === null || b === null || a === undefined || b === undefined) return a === b;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  }
  if (a instanceof IfcbTimestamp || b instanceof IfcbTimestamp) {
    return a instanceof IfcbTimestamp && b instanceof IfcbTimestamp && a.equals(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!valuesEqual(a[i], b[i])) return false;
    return true;
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (const k of ka) {
      if (!Object.hasOwn(b, k)) return false;
      if (!valuesEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    }
    return true;
  }
  return false;
}
