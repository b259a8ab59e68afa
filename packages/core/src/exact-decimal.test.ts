import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXACT_DECIMAL_DIGITS, exactDecimal } from './exact-decimal.js';

describe('exactDecimal', () => {
  it('gives what Number() gives for every decimal of up to 15 digits', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: EXACT_DECIMAL_DIGITS }),
        fc.nat({ max: EXACT_DECIMAL_DIGITS }),
        (digits, at) => {
          const scale = Math.min(at, digits.length);
          const text = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
          expect(exactDecimal(Number(digits), scale)).toBe(Number(text));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rounds the decimals a naive multiply gets wrong', () => {
    expect(exactDecimal(3, 1)).toBe(0.3);
    expect(exactDecimal(123456789012345, 15)).toBe(0.123456789012345);
    expect(exactDecimal(7, 0)).toBe(7);
  });
});
