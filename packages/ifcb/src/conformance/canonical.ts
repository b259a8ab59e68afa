import { NaiveDateTime } from '@labwire/testkit/vectors';
import { IfcbTimestamp } from '../codec/timestamp.js';

/**
 * Conversions between the package's values and the suites' plain values: the codec represents a
 * naive date-time as IfcbTimestamp, the suites as NaiveDateTime; everything else is shared.
 */
export function toSuiteValue(value: unknown): unknown {
  if (value instanceof IfcbTimestamp) return new NaiveDateTime(value.iso);
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(toSuiteValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) out[k] = toSuiteValue((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):00$/;

export function fromSuiteValue(value: unknown): unknown {
  if (value instanceof NaiveDateTime) {
    const m = ISO.exec(value.iso);
    if (m === null) return value;
    return new IfcbTimestamp(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
  }
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(fromSuiteValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value)) out[k] = fromSuiteValue((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}
