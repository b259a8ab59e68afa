import { arbFuzzInput } from '@labwire/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PY_JSON_MAX_DEPTH, parsePyJson } from './py-json-parse.js';
import { pyStr } from './py-repr.js';

const str = (text: string) => {
  const r = parsePyJson(text);
  return r.ok ? pyStr(r.value) : r.kind;
};

describe('Python json.loads semantics', () => {
  it.each([
    ['{"b":1,"2":2,"1":3}', "{'b': 1, '2': 2, '1': 3}"],
    ['{"a":1,"b":2,"a":3}', "{'a': 3, 'b': 2}"],
    ['{"__proto__": 1}', "{'__proto__': 1}"],
    ['[NaN, Infinity, -Infinity, 1E400, -0, -0.0]', '[nan, inf, -inf, inf, 0, -0.0]'],
    ['12345678901234567890123', '12345678901234567890123'],
    ['"\\ud800"', '\ud800'],
    ['\ufeff{}', 'decode'],
    ['[1,]', 'decode'],
    ['"\\x41"', 'decode'],
    ['nan', 'decode'],
  ])('%s', (text, expected) => {
    expect(str(text)).toBe(expected);
  });

  it('crashes (not a decode error) beyond the recursion limit and on huge integers', () => {
    expect(parsePyJson(`${'['.repeat(PY_JSON_MAX_DEPTH)}${']'.repeat(PY_JSON_MAX_DEPTH)}`).ok).toBe(true);
    expect(
      parsePyJson(`${'['.repeat(PY_JSON_MAX_DEPTH + 1)}${']'.repeat(PY_JSON_MAX_DEPTH + 1)}`),
    ).toMatchObject({ ok: false, kind: 'crash' });
    expect(parsePyJson('1'.repeat(4301))).toMatchObject({ ok: false, kind: 'crash' });
  });

  it('strict mode refuses what standard JSON refuses', () => {
    for (const text of ['NaN', '1e400', '{"a":1,"a":2}', '"\\udc00"']) {
      expect(parsePyJson(text, { strict: true })).toMatchObject({ ok: false, kind: 'decode' });
    }
  });

  it('never throws on random or mutated input', () => {
    const samples = [
      '{"image": {"file": "a", "name": "b", "focal_length": "1.0"}}',
      '[1, "a", null, true]',
    ].map((s) => new Uint8Array(Buffer.from(s)));
    fc.assert(
      fc.property(arbFuzzInput(samples), (bytes) => {
        const r = parsePyJson(Buffer.from(bytes).toString('utf8'));
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });
});
