import { pythonFloatRepr } from '../codec/python-float.js';
import type { PyValue } from './py-value.js';

/**
 * Python's `str()` and `repr()` of parsed JSON values (§5): what the reference server writes
 * into `Unknown request:` echoes and into `{file}` / `{import_mode}`.
 *
 * "Printable" is `str.isprintable()`: not in Cc, Cf, Cs, Co, Cn, Zl, Zp, or Zs other than the
 * space. We use the JS engine's Unicode property tables; they can differ from CPython 3.11's
 * (Unicode 14) for code points assigned in later Unicode versions.
 */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(cp: number, width: number): string {
  return cp.toString(16).padStart(width, '0');
}

/** `repr(str)`: quotes chosen as CPython does, escapes for backslash, quote and non-printables. */
export function pyReprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (cp === 0x09) out += '\\t';
    else if (cp === 0x0a) out += '\\n';
    else if (cp === 0x0d) out += '\\r';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x7f) out += ch;
    else if (!NON_PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x100) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return out + quote;
}

export function pyRepr(v: PyValue): string {
  switch (v.t) {
    case 'none':
      return 'None';
    case 'bool':
      return v.v ? 'True' : 'False';
    case 'int':
      return v.v.toString();
    case 'float':
      return pythonFloatRepr(v.v);
    case 'str':
      return pyReprString(v.v);
    case 'list':
      return `[${v.v.map(pyRepr).join(', ')}]`;
    case 'dict': {
      const parts: string[] = [];
      for (const [k, item] of v.v) parts.push(`${pyReprString(k)}: ${pyRepr(item)}`);
      return `{${parts.join(', ')}}`;
    }
  }
}

/** `str()`: a string is itself, everything else its repr. */
export function pyStr(v: PyValue): string {
  return v.t === 'str' ? v.v : pyRepr(v);
}
