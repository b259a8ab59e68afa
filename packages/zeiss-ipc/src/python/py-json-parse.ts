import type { PyValue } from './py-value.js';

/**
 * CPython 3.11's `json.loads` (the C scanner, strict mode), reproduced because a compatible
 * server must accept and refuse exactly what the reference does (§4.2):
 * NaN/Infinity/-Infinity literals, integers of any size, floats through the same correctly
 * rounded conversion, insertion-ordered keys with "last value wins at the first position",
 * strict strings (no raw control characters), lone surrogates kept, a leading BOM refused.
 *
 * Two outcomes are not decode errors in CPython and crash the reference handler instead:
 * nesting beyond the interpreter's recursion limit and integers longer than 4300 digits
 * (`ValueError`, which `except json.JSONDecodeError` does not catch).
 */
export interface PyJsonParseOptions {
  /** Containers open at once before CPython's RecursionError (980 passed, 981 failed on 3.11). */
  maxDepth?: number;
  /** `sys.get_int_max_str_digits()` of CPython 3.11. */
  maxIntDigits?: number;
  /**
   * Standard JSON instead of Python's: refuse NaN/Infinity literals, numbers that overflow to
   * infinity, duplicate keys and lone surrogates (a simulator switch, not the reference).
   */
  strict?: boolean;
}

export const PY_JSON_MAX_DEPTH = 980;
export const PY_INT_MAX_STR_DIGITS = 4300;

export type PyJsonResult =
  | { ok: true; value: PyValue }
  /** `decode`: json.JSONDecodeError. `crash`: another exception escaping json.loads. */
  | { ok: false; kind: 'decode' | 'crash'; message: string; position: number };

class ParseFailure extends Error {
  constructor(
    readonly kind: 'decode' | 'crash',
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const HEX = /^[0-9a-fA-F]{4}$/;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

export function parsePyJson(text: string, options: PyJsonParseOptions = {}): PyJsonResult {
  const maxDepth = options.maxDepth ?? PY_JSON_MAX_DEPTH;
  const maxDigits = options.maxIntDigits ?? PY_INT_MAX_STR_DIGITS;
  const strict = options.strict ?? false;
  const n = text.length;
  let i = 0;
  let depth = 0;

  const decodeError = (message: string, at = i): never => {
    throw new ParseFailure('decode', message, at);
  };
  const skipWs = () => {
    while (i < n && isWs(text.charCodeAt(i))) i++;
  };

  const parseString = (): string => {
    // i is just after the opening quote
    const start = i - 1;
    let out = '';
    let chunkStart = i;
    for (;;) {
      if (i >= n) return decodeError('Unterminated string starting at', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(chunkStart, i);
        i++;
        return out;
      }
      if (c < 0x20) return decodeError('Invalid control character at');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(chunkStart, i);
      i++;
      if (i >= n) return decodeError('Unterminated string starting at', start);
      const e = text[i]!;
      i++;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = text.slice(i, i + 4);
          if (!HEX.test(hex)) return decodeError('Invalid \\uXXXX escape', i - 1);
          i += 4;
          // JS strings are UTF-16: an escaped pair forms the same character CPython combines, and a lone one stays lone.
          out += String.fromCharCode(Number.parseInt(hex, 16));
          break;
        }
        default:
          return decodeError('Invalid \\escape', i - 2);
      }
      chunkStart = i;
    }
  };

  const parseNumber = (): PyValue | undefined => {
    const start = i;
    let j = i;
    if (text.charCodeAt(j) === 0x2d) j++;
    if (j >= n) return undefined;
    const first = text.charCodeAt(j);
    if (first >= 0x31 && first <= 0x39) {
      j++;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
    } else if (first === 0x30) {
      j++;
    } else {
      return undefined;
    }
    let isFloat = false;
    if (j + 1 < n && text.charCodeAt(j) === 0x2e && isDigit(text.charCodeAt(j + 1))) {
      isFloat = true;
      j += 2;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
    }
    if (j < n && (text.charCodeAt(j) === 0x65 || text.charCodeAt(j) === 0x45)) {
      const eStart = j;
      j++;
      if (j < n && (text.charCodeAt(j) === 0x2d || text.charCodeAt(j) === 0x2b)) j++;
      const digitsStart = j;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      if (j > digitsStart) isFloat = true;
      else j = eStart;
    }
    const lexeme = text.slice(start, j);
    i = j;
    if (isFloat) {
      const v = Number(lexeme);
      if (strict && !Number.isFinite(v)) decodeError('Number out of range', start);
      return { t: 'float', v };
    }
    const digits = lexeme.charCodeAt(0) === 0x2d ? lexeme.length - 1 : lexeme.length;
    if (digits > maxDigits) {
      throw new ParseFailure(
        'crash',
        `Exceeds the limit (${maxDigits} digits) for integer string conversion`,
        start,
      );
    }
    return { t: 'int', v: BigInt(lexeme) };
  };

  const enter = () => {
    depth++;
    if (depth > maxDepth) {
      throw new ParseFailure(
        'crash',
        'RecursionError: maximum recursion depth exceeded while decoding a JSON value',
        i,
      );
    }
  };

  const parseValue = (): PyValue | undefined => {
    if (i >= n) return undefined;
    const c = text[i]!;
    switch (c) {
      case '"':
        i++;
        return { t: 'str', v: parseString() };
      case '{': {
        enter();
        i++;
        const map = new Map<string, PyValue>();
        skipWs();
        if (text[i] === '}') {
          i++;
          depth--;
          return { t: 'dict', v: map };
        }
        for (;;) {
          if (text[i] !== '"') return decodeError('Expecting property name enclosed in double quotes');
          i++;
          const key = parseString();
          skipWs();
          if (text[i] !== ':') return decodeError("Expecting ':' delimiter");
          i++;
          skipWs();
          const value = parseValue();
          if (value === undefined) return decodeError('Expecting value');
          if (strict && map.has(key)) return decodeError(`Duplicate key ${JSON.stringify(key)}`);
          map.set(key, value);
          skipWs();
          if (text[i] === '}') {
            i++;
            depth--;
            return { t: 'dict', v: map };
          }
          if (text[i] !== ',') return decodeError("Expecting ',' delimiter");
          i++;
          skipWs();
        }
      }
      case '[': {
        enter();
        i++;
        const items: PyValue[] = [];
        skipWs();
        if (text[i] === ']') {
          i++;
          depth--;
          return { t: 'list', v: items };
        }
        for (;;) {
          const value = parseValue();
          if (value === undefined) return decodeError('Expecting value');
          items.push(value);
          skipWs();
          if (text[i] === ']') {
            i++;
            depth--;
            return { t: 'list', v: items };
          }
          if (text[i] !== ',') return decodeError("Expecting ',' delimiter");
          i++;
          skipWs();
        }
      }
      case 'n':
        if (text.startsWith('null', i)) {
          i += 4;
          return { t: 'none' };
        }
        return undefined;
      case 't':
        if (text.startsWith('true', i)) {
          i += 4;
          return { t: 'bool', v: true };
        }
        return undefined;
      case 'f':
        if (text.startsWith('false', i)) {
          i += 5;
          return { t: 'bool', v: false };
        }
        return undefined;
      case 'N':
        if (!strict && text.startsWith('NaN', i)) {
          i += 3;
          return { t: 'float', v: Number.NaN };
        }
        return undefined;
      case 'I':
        if (!strict && text.startsWith('Infinity', i)) {
          i += 8;
          return { t: 'float', v: Number.POSITIVE_INFINITY };
        }
        return undefined;
      case '-':
        if (text.startsWith('-Infinity', i)) {
          if (strict) return undefined;
          i += 9;
          return { t: 'float', v: Number.NEGATIVE_INFINITY };
        }
        return parseNumber();
      default:
        return parseNumber();
    }
  };

  try {
    if (text.charCodeAt(0) === 0xfeff) decodeError('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
    skipWs();
    const value = parseValue();
    if (value === undefined) return decodeError('Expecting value');
    skipWs();
    if (i !== n) decodeError('Extra data');
    if (strict && hasLoneSurrogateDeep(value)) decodeError('Lone surrogate in string', 0);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof ParseFailure)
      return { ok: false, kind: err.kind, message: err.message, position: err.position };
    if (err instanceof RangeError) {
      // The JS stack ran out before maxDepth did (a caller set maxDepth very high): CPython would raise too.
      return { ok: false, kind: 'crash', message: `RecursionError: ${err.message}`, position: i };
    }
    throw err;
  }
}

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function hasLoneSurrogateDeep(v: PyValue): boolean {
  switch (v.t) {
    case 'str':
      return LONE.test(v.v);
    case 'list':
      return v.v.some(hasLoneSurrogateDeep);
    case 'dict':
      for (const [k, item] of v.v) if (LONE.test(k) || hasLoneSurrogateDeep(item)) return true;
      return false;
    default:
      return false;
  }
}
