import { EXACT_DECIMAL_DIGITS, exactDecimal } from '@labwire/core';

/**
 * INDI numberValue parsing (protocol reference 7.1): libindi's `f_scansexa`, except that a run
 * of blanks separates components (the white paper's rule) instead of being deleted.
 */

/** C `isspace`: blank, \t, \n, \v, \f, \r. */
export function isCSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

/** Trims C whitespace only (String.prototype.trim also removes Unicode spaces, which lilxml keeps). */
export function trimC(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isCSpace(text.charCodeAt(start))) start++;
  while (end > start && isCSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * A plain decimal (C whitespace around it) read without a regular expression or `Number()`,
 * which cost twice as much on definition dumps: undefined when the text is anything else, or
 * has an exponent or more digits than `exactDecimal` reads exactly.
 */
export function plainDecimal(text: string): number | undefined {
  const n = text.length;
  // Reads past the end give -1 (charCodeAt would give NaN, and deoptimise callers on the way).
  const at = (k: number) => (k < n ? text.charCodeAt(k) : -1);
  let i = 0;
  let c = at(0);
  while (isCSpace(c)) c = at(++i);
  const negative = c === 45; /* - */
  if (negative || c === 43 /* + */) c = at(++i);
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = at(++i);
  }
  if (c === 46 /* . */) {
    c = at(++i);
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      scale++;
      c = at(++i);
    }
  }
  if (digits === 0 || digits > EXACT_DECIMAL_DIGITS) return undefined;
  while (isCSpace(c)) c = at(++i);
  if (i < n) return undefined;
  const value = exactDecimal(mantissa, scale);
  return negative ? -value : value;
}

/** A plain decimal, which `Number` reads exactly as strtod does (C whitespace around it). */
const PLAIN_DECIMAL = /^[\t\n\v\f\r ]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[\t\n\v\f\r ]*$/;
const STRTOD = /^[+-]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/i;
const DIGIT_AFTER_SEPARATOR = /[^0-9]*/y;

interface Read {
  value: number;
  end: number;
}

/** Reads a number at `from` as C strtod does (after the optional blank run it skips). */
function strtod(text: string, from: number): Read | undefined {
  let at = from;
  while (at < text.length && isCSpace(text.charCodeAt(at))) at++;
  const m = STRTOD.exec(text.slice(at, at + 400));
  if (m === null) return undefined;
  const token = m[0];
  const body = token.replace(/^[+-]/, '').toLowerCase();
  const negative = token.startsWith('-');
  let value: number;
  if (body.startsWith('inf')) value = Number.POSITIVE_INFINITY;
  else if (body === 'nan') value = Number.NaN;
  else value = Number(body);
  return { value: negative ? -value : value, end: at + token.length };
}

/** Skips the separator between components: any run of non-digit characters. */
function skipSeparator(text: string, from: number): number {
  DIGIT_AFTER_SEPARATOR.lastIndex = from;
  DIGIT_AFTER_SEPARATOR.exec(text);
  return DIGIT_AFTER_SEPARATOR.lastIndex;
}

/**
 * Parses an INDI numberValue (integer, real, or sexagesimal with up to three components).
 * Returns `undefined` when the text is not a number.
 */
export function parseIndiNumber(input: string): number | undefined {
  // Fast paths: a plain decimal number (most wire values, `%.20g` output).
  const plain = plainDecimal(input);
  if (plain !== undefined) return plain;
  if (PLAIN_DECIMAL.test(input)) return Number(input);
  let text = trimC(input);
  if (text === '') return undefined;
  let negative = false;
  if (text.charCodeAt(0) === 45 /* - */) {
    negative = true;
    text = text.slice(1);
  }
  const first = strtod(text, 0);
  if (first === undefined) return undefined;
  let b = 0;
  let c = 0;
  let at = skipSeparator(text, first.end);
  const second = at < text.length ? strtod(text, at) : undefined;
  if (second !== undefined) {
    b = second.value;
    at = skipSeparator(text, second.end);
    const third = at < text.length ? strtod(text, at) : undefined;
    if (third !== undefined) c = third.value;
  }
  const value = first.value + b / 60 + c / 3600;
  return negative ? -value : value;
}
