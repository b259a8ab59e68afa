/** Exact powers of ten: every one up to 1e22 is a double. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The most digits a decimal may have for `exactDecimal` to round as `Number()` does. */
export const EXACT_DECIMAL_DIGITS = 15;

/**
 * `mantissa` × 10^-`scale`: the decimal with those digits, rounded exactly as `Number()` and
 * C's strtod round its text, when the mantissa has at most EXACT_DECIMAL_DIGITS digits (so
 * it is an exact integer) and `scale` is at most that too (so 10^scale is exact): one IEEE
 * division then rounds once, correctly (Clinger's fast path). Parsers that scan the digits
 * anyway use it to skip `Number()`, which costs twice their scan.
 */
export function exactDecimal(mantissa: number, scale: number): number {
  return scale === 0 ? mantissa : mantissa / POW10[scale]!;
}
