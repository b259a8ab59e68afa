import { pythonJsonFloat } from './python-float.js';

/**
 * JSON text laid out like Python's `json.dumps(value, ensure_ascii=False)`: `", "` between
 * members, `": "` after keys, non-ASCII characters raw, and Python's string escapes. This is the
 * layout the reference clients produce, so our requests match theirs byte for byte.
 */

/** Marks a number that must be written as a float (`1.0`), since a JS number cannot say so. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export function pyFloat(value: number): PyFloat {
  return new PyFloat(value);
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

// Python's ESCAPE pattern: control characters, backslash and the double quote. DEL and U+2028 stay raw.
const NEEDS_ESCAPE = /[\u0000-\u001f"\\]/g;

function escapeChar(c: string): string {
  return ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** A JSON string literal with Python's escaping. */
export function jsonString(text: string): string {
  NEEDS_ESCAPE.lastIndex = 0;
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`;
  NEEDS_ESCAPE.lastIndex = 0;
  return `"${text.replace(NEEDS_ESCAPE, escapeChar)}"`;
}

/**
 * Any JSON-able value: safe integers (and bigints) as integers, other numbers and `PyFloat` as
 * Python floats, arrays, plain objects (in their key order), strings, booleans, null.
 * Throws a TypeError for values JSON cannot hold (functions, symbols, cycles, undefined at the top).
 */
export function pyJsonDumps(value: unknown, seen: Set<object> = new Set()): string {
  switch (typeof value) {
    case 'string':
      return jsonString(value);
    case 'number':
      // A JS number is a double: only safe integers are written as Python ints.
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : pythonJsonFloat(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (value instanceof PyFloat) return pythonJsonFloat(value.value);
      if (seen.has(value)) throw new TypeError('cannot encode a cyclic structure as JSON');
      seen.add(value);
      try {
        if (Array.isArray(value))
          return `[${value.map((item) => pyJsonDumps(item ?? null, seen)).join(', ')}]`;
        const parts: string[] = [];
        for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
          if (item === undefined) continue;
          parts.push(`${jsonString(key)}: ${pyJsonDumps(item, seen)}`);
        }
        return `{${parts.join(', ')}}`;
      } finally {
        seen.delete(value);
      }
    }
    default:
      throw new TypeError(`cannot encode a ${typeof value} as JSON`);
  }
}
