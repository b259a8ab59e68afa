/**
 * Python's `repr(float)` (also what `json.dumps` writes for a float): the shortest digits that
 * round-trip, fixed notation when the decimal exponent is in [-4, 16) with at least one digit
 * after the point, otherwise `d.ddde±XX`. JavaScript's `String(x)` differs (`1`, `1e-7`), so it
 * must not be used where the reference's text is reproduced.
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // Fast path: in [1e-4, 1e16) JS and Python both use fixed notation with the same shortest digits.
  const abs = Math.abs(x);
  if (abs >= 1e-4 && abs < 1e16) {
    const fixed = String(x);
    if (!fixed.includes('e')) return fixed.includes('.') ? fixed : `${fixed}.0`;
  }
  // toExponential() without an argument gives the shortest round-tripping digits.
  const text = x.toExponential();
  const at = text.indexOf('e');
  const negative = text.charCodeAt(0) === 45;
  const mantissa = text.slice(negative ? 1 : 0, at);
  const exponent = Number(text.slice(at + 1));
  const digits = mantissa.length > 1 ? mantissa[0] + mantissa.slice(2) : mantissa;
  const sign = negative ? '-' : '';
  if (exponent >= -4 && exponent < 16) {
    if (exponent >= 0) {
      const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      const fraction = digits.slice(exponent + 1);
      return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const exp = Math.abs(exponent).toString().padStart(2, '0');
  return `${sign}${head}e${exponent < 0 ? '-' : '+'}${exp}`;
}

/** A float as Python's `json.dumps` writes it (`NaN`, `Infinity`, `-Infinity` for the specials). */
export function pythonJsonFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'Infinity';
  if (x === Number.NEGATIVE_INFINITY) return '-Infinity';
  return pythonFloatRepr(x);
}
