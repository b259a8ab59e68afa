import type { TypedValue } from './typed-value.js';

/**
 * A JSON parser that yields TypedValue: key order is kept exactly (JSON.parse moves
 * integer-like keys first) and integers stay apart from numbers written with a fraction or
 * exponent. Wrappers are not interpreted here; see `unwrap`.
 */
export function parseTypedJson(text: string): TypedValue {
  let i = 0;
  const fail = (what: string): never => {
    const line = text.slice(0, i).split('\n').length;
    throw new SyntaxError(`JSON: ${what} at offset ${i} (line ${line})`);
  };
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const str = (): string => {
    // Reuse JSON.parse for escapes: find the closing quote, then parse the slice.
    const start = i;
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 92) i += 2;
      else if (c === 34) break;
      else i++;
    }
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): TypedValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: Array<[string, TypedValue]> = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { type: 'object', entries };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const key = str();
        ws();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        entries.push([key, value()]);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { type: 'object', entries };
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const items: TypedValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { type: 'list', items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { type: 'list', items };
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return { type: 'string', value: str() };
    if (text.startsWith('true', i)) {
      i += 4;
      return { type: 'bool', value: true };
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return { type: 'bool', value: false };
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return { type: 'null' };
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (m === null) return fail('unexpected character');
    i += m[0].length;
    const n = Number(m[0]);
    return m[1] === undefined && m[2] === undefined && Number.isSafeInteger(n)
      ? { type: 'int', value: n }
      : { type: 'float', value: n };
  };
  const result = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return result;
}
