import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIndiNumber, plainDecimal } from './number-parse.js';

/** What a plain decimal is, as `Number` reads it exactly as strtod does. */
const PLAIN_DECIMAL = /^[\t\n\v\f\r ]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[\t\n\v\f\r ]*$/;

const numberLike = fc.string({ unit: fc.constantFrom(...' \t\n\v+-.0123456789e:'), maxLength: 24 });

describe('INDI number parsing', () => {
  it('fast-check: the plain-decimal fast path reads only plain decimals, and reads them as Number() does', () => {
    fc.assert(
      fc.property(numberLike, (text) => {
        const fast = plainDecimal(text);
        if (fast === undefined) return;
        expect(PLAIN_DECIMAL.test(text)).toBe(true);
        expect(Object.is(fast, Number(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('fast-check: every plain decimal parses as Number() reads it', () => {
    const decimal = fc
      .tuple(
        fc.constantFrom('', ' ', '\n', '\t'),
        fc.constantFrom('', '-', '+'),
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 20 }),
        fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 20 })),
        fc.constantFrom('', '\n    ', ' '),
      )
      .map(
        ([lead, sign, whole, frac, trail]) =>
          `${lead}${sign}${whole}${frac === null ? '' : `.${frac}`}${trail}`,
      );
    fc.assert(
      fc.property(decimal, (text) => {
        expect(Object.is(parseIndiNumber(text), Number(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads the values indiserver sends', () => {
    expect(parseIndiNumber('\n250\n    ')).toBe(250);
    expect(parseIndiNumber('-0')).toBe(-0);
    expect(parseIndiNumber('.5')).toBe(0.5);
    expect(parseIndiNumber('5.')).toBe(5);
    expect(parseIndiNumber('0.1')).toBe(0.1);
    expect(parseIndiNumber('1e-3')).toBe(0.001);
    expect(parseIndiNumber('12:30:00')).toBe(12.5);
    expect(parseIndiNumber('-12:30')).toBe(-12.5);
    // Past 15 digits the fast path steps aside for Number().
    expect(parseIndiNumber('1234567890.123456789')).toBe(Number('1234567890.123456789'));
    expect(parseIndiNumber('abc')).toBeUndefined();
  });
});
