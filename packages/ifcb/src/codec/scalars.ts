/**
 * Slot converters with the reference's semantics (Python `int()`, `float()`), restricted to
 * ASCII as the project decides (shared/protocols/ifcb.md 7.2). Each returns `undefined` when the
 * text does not convert, so a pattern can move on to the next candidate without exceptions.
 */

import { EXACT_DECIMAL_DIGITS, exactDecimal } from '@labwire/core';

// Python strips these around int()/float() input; the project accepts only the ASCII ones.
const INT_TEXT = /^[ \t\n\v\f\r]*([+-]?)(\d(?:_?\d)*)[ \t\n\v\f\r]*$/;
const DIGITS = '\\d(?:_?\\d)*';
const FLOAT_TEXT = new RegExp(
  `^[ \\t\\n\\v\\f\\r]*(?:([+-]?)(nan|inf|infinity)|([+-]?(?:${DIGITS}(?:\\.(?:${DIGITS})?)?|\\.${DIGITS})(?:[eE][+-]?${DIGITS})?))[ \\t\\n\\v\\f\\r]*$`,
  'i',
);
const SAFE_DIGITS = 15;

/** An integer slot: a number, or a bigint when the value is beyond ±(2^53 − 1). */
export function convertInt(text: string): number | bigint | undefined {
  // Fast path for the common case: plain ASCII digits, no sign or spaces.
  const n = text.length;
  if (n > 0 && n <= SAFE_DIGITS) {
    let value = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      value = value * 10 + c;
    }
    if (i === n) return value;
  }
  const m = INT_TEXT.exec(text);
  if (m === null) return undefined;
  const digits = m[2]!.includes('_') ? m[2]!.replaceAll('_', '') : m[2]!;
  const negative = m[1] === '-';
  if (digits.length <= SAFE_DIGITS) {
    const v = Number(digits);
    return negative && v !== 0 ? -v : v;
  }
  const big = BigInt(digits);
  const signed = negative ? -big : big;
  return signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(signed)
    : signed;
}

/** A float slot: the nearest double (overflow to ±Infinity, underflow to 0, `-0.0` stays −0). */
export function convertFloat(text: string): number | undefined {
  const plain = plainDecimal(text);
  if (plain !== undefined) return plain;
  const m = FLOAT_TEXT.exec(text);
  if (m === null) return undefined;
  if (m[2] !== undefined) {
    if (m[2].toLowerCase() === 'nan') return Number.NaN;
    return m[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  const body = m[3]!;
  return Number(body.includes('_') ? body.replaceAll('_', '') : body);
}

/**
 * `[-]digits[.digits]`, the common case, or undefined. Up to 15 digits, `exactDecimal` gives
 * what Number() and Python float() give; longer texts go to Number().
 */
function plainDecimal(text: string): number | undefined {
  const n = text.length;
  const negative = text.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  const start = i;
  let mantissa = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    mantissa = mantissa * 10 + c;
  }
  if (i === start) return undefined;
  let scale = 0;
  if (i < n) {
    if (text.charCodeAt(i) !== 46) return undefined;
    const frac = ++i;
    for (; i < n; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      mantissa = mantissa * 10 + c;
    }
    if (i !== n || i === frac) return undefined;
    scale = i - frac;
  }
  if (n - start - (scale > 0 ? 1 : 0) > EXACT_DECIMAL_DIGITS) return Number(text);
  const value = exactDecimal(mantissa, scale);
  return negative ? -value : value;
}

/**
 * A bool slot (project rule): false for `""`, `"0"` and `"false"` in any case once ASCII
 * whitespace is trimmed; true for anything else. The reference's Python truthiness made
 * `valuechanged:pausestate:0` mean paused, the opposite of its own README.
 */
export function convertBool(text: string): boolean {
  if (text === '1') return true;
  if (text === '0' || text === '') return false;
  const t = trimAscii(text).toLowerCase();
  return !(t === '' || t === '0' || t === 'false');
}

function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

export function trimAscii(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isAsciiSpace(text.charCodeAt(start))) start++;
  while (end > start && isAsciiSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}
