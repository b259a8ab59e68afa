/**
 * C printf `%[flags][width][.prec](f|e|g|E|G|F)` for one double, with glibc's semantics: the
 * exact decimal expansion of the double, rounded half to even on exact ties (JS `toFixed`
 * rounds those up), `%g` trimming, and two-digit exponents.
 */

interface Exact {
  /** Decimal digits of the exact value, no leading zeros (empty for zero). */
  digits: string;
  /** Decimal exponent: value = 0.digits × 10^point. */
  point: number;
}

const TWO52 = 2n ** 52n;

/** The exact decimal expansion of a finite, non-negative double. */
function exactDecimal(x: number): Exact {
  if (x === 0) return { digits: '', point: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mantissa += TWO52;
    exp = biased - 1075;
  }
  let digits: string;
  let point: number;
  if (exp >= 0) {
    digits = (mantissa << BigInt(exp)).toString();
    point = digits.length;
  } else {
    // mantissa / 2^-exp = mantissa × 5^-exp / 10^-exp
    const scaled = (mantissa * 5n ** BigInt(-exp)).toString();
    digits = scaled;
    point = scaled.length + exp;
  }
  const trimmed = digits.replace(/0+$/, '');
  const lead = trimmed.length - trimmed.replace(/^0+/, '').length;
  return { digits: trimmed.slice(lead), point: point - lead };
}

/**
 * Rounds exact digits to `count` significant digits (half to even on exact ties).
 * Returns digits padded to `count` and the possibly shifted point.
 */
function roundDigits(exact: Exact, count: number): Exact {
  const { digits, point } = exact;
  if (count < 0) return { digits: '', point };
  if (digits.length <= count) return { digits: digits.padEnd(count, '0'), point };
  const kept = digits.slice(0, count);
  const next = digits.charCodeAt(count) - 48;
  const rest = digits.slice(count + 1);
  let up = false;
  if (next > 5) up = true;
  else if (next === 5) {
    if (/[1-9]/.test(rest)) up = true;
    else {
      const last = count === 0 ? 0 : kept.charCodeAt(count - 1) - 48;
      up = last % 2 === 1;
    }
  }
  if (!up) return { digits: kept, point };
  if (count === 0) return { digits: '1', point: point + 1 };
  const bumped = (BigInt(kept) + 1n).toString();
  if (bumped.length > count) return { digits: bumped.slice(0, count), point: point + 1 };
  return { digits: bumped.padStart(count, '0'), point };
}

/** Fixed notation with `prec` digits after the point. */
function fixed(x: number, prec: number, alt: boolean): string {
  const exact = exactDecimal(x);
  // Digits before the point plus prec after it.
  const count = exact.point + prec;
  let r: Exact;
  if (count < 0) r = { digits: '', point: exact.point };
  else r = roundDigits(exact, count);
  // After rounding, the integer part has r.point digits (may have grown by one).
  const all = r.digits;
  const intLen = r.point;
  let intPart: string;
  let frac: string;
  if (intLen <= 0) {
    intPart = '0';
    frac = ('0'.repeat(-intLen) + all).padEnd(prec, '0').slice(0, prec);
  } else {
    intPart = all.slice(0, intLen).padEnd(intLen, '0');
    frac = all.slice(intLen).padEnd(prec, '0').slice(0, prec);
  }
  intPart = intPart.replace(/^0+(?=\d)/, '');
  return prec > 0 || alt ? `${intPart}.${frac}` : intPart;
}

function exponentText(e: number): string {
  const sign = e < 0 ? '-' : '+';
  const abs = Math.abs(e);
  return `${sign}${abs < 10 ? `0${abs}` : abs}`;
}

/** Exponent notation: returns mantissa digits and the decimal exponent of the first digit. */
function scientific(
  x: number,
  prec: number,
): { text: (alt: boolean, upper: boolean) => string; exp: number; digits: string } {
  const exact = exactDecimal(x);
  if (exact.digits === '') {
    const digits = '0'.repeat(prec + 1);
    return {
      digits,
      exp: 0,
      text: (alt, upper) => mantissaText(digits, alt) + (upper ? 'E' : 'e') + exponentText(0),
    };
  }
  const r = roundDigits(exact, prec + 1);
  const exp = r.point - 1;
  return {
    digits: r.digits,
    exp,
    text: (alt, upper) => mantissaText(r.digits, alt) + (upper ? 'E' : 'e') + exponentText(exp),
  };
}

function mantissaText(digits: string, alt: boolean): string {
  const head = digits.slice(0, 1);
  const tail = digits.slice(1);
  return tail.length > 0 || alt ? `${head}.${tail}` : head;
}

function general(x: number, precision: number, alt: boolean, upper: boolean): string {
  const p = precision === 0 ? 1 : precision;
  const sci = scientific(x, p - 1);
  const exp = x === 0 ? 0 : sci.exp;
  let out: string;
  if (exp < -4 || exp >= p) {
    out = sci.text(alt, upper);
    if (!alt) out = out.replace(/\.?0+(?=[eE])/, '');
  } else {
    out = fixed(x, p - 1 - exp, alt);
    if (!alt && out.includes('.')) out = out.replace(/\.?0+$/, '');
  }
  return out;
}

export interface PrintfSpec {
  flags: string;
  width: number | undefined;
  precision: number | undefined;
  conversion: string;
}

const SPEC = /^%([-+ #0]*)(\d+)?(?:\.(\d*))?([lLhqjzt]*)([fFeEgG])$/;

export function parsePrintfSpec(format: string): PrintfSpec | undefined {
  const m = SPEC.exec(format);
  if (m === null) return undefined;
  return {
    flags: m[1] ?? '',
    width: m[2] === undefined ? undefined : Number(m[2]),
    precision: m[3] === undefined ? undefined : m[3] === '' ? 0 : Number(m[3]),
    conversion: m[5]!,
  };
}

/** Formats one double with a C printf conversion. Returns undefined for a format it cannot read. */
export function printfNumber(format: string, value: number): string | undefined {
  const spec = parsePrintfSpec(format);
  if (spec === undefined) return undefined;
  return applySpec(spec, value);
}

export function applySpec(spec: PrintfSpec, value: number): string {
  const { flags, conversion } = spec;
  const precision = spec.precision ?? 6;
  const upper = conversion === 'E' || conversion === 'G' || conversion === 'F';
  const alt = flags.includes('#');
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  let body: string;
  let numeric = true;
  if (Number.isNaN(value)) {
    body = upper ? 'NAN' : 'nan';
    numeric = false;
  } else if (!Number.isFinite(value)) {
    body = upper ? 'INF' : 'inf';
    numeric = false;
  } else if (conversion === 'f' || conversion === 'F') body = fixed(abs, precision, alt);
  else if (conversion === 'e' || conversion === 'E') body = scientific(abs, precision).text(alt, upper);
  else body = general(abs, precision, alt, upper);
  const sign =
    negative && !Number.isNaN(value) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  const width = spec.width ?? 0;
  const len = sign.length + body.length;
  if (len >= width) return sign + body;
  if (flags.includes('-')) return (sign + body).padEnd(width, ' ');
  if (flags.includes('0') && numeric) return sign + body.padStart(width - sign.length, '0');
  return (sign + body).padStart(width, ' ');
}
