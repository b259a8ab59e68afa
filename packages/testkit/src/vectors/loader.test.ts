import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffPlain, diffTyped } from './compare.js';
import { loadSuites, parseSuite } from './loader.js';
import { parseTypedJson } from './parse-json.js';
import { conformanceDir } from './shared-dir.js';
import { NaiveDateTime, toEnvelopeJson, unwrap } from './typed-value.js';

const suite = (cases: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'labwire-vectors/1', protocol: 'x', title: 't', cases, ...extra });

describe('suite loader', () => {
  it('decodes the typed wrappers, keeping integer vs float and key order', () => {
    const s = parseSuite(
      `{"format":"labwire-vectors/1","protocol":"x","cases":[{"id":"a","kind":"k","expect":"ok",
        "v":{"2":1,"1":{"$float":1},"b":{"$bigint":"18446744073709551615"},"n":{"$float":"NaN"},
        "bytes":{"$bytes":"aGk="},"t":{"$tuple":[1,{"$float":2.5}]},"d":{"$datetime":"2024-01-31T12:00:00"}}}]}`,
    );
    const v = s.cases[0]!.get('v')!;
    expect(v.type).toBe('object');
    if (v.type !== 'object') return;
    expect(v.entries.map(([k]) => k)).toEqual(['2', '1', 'b', 'n', 'bytes', 't', 'd']);
    expect(v.entries[0]![1]).toEqual({ type: 'int', value: 1 });
    expect(v.entries[1]![1]).toEqual({ type: 'float', value: 1 });
    expect(v.entries[2]![1]).toEqual({ type: 'bigint', value: 18446744073709551615n });
    const plain = s.cases[0]!.plain.v as Record<string, unknown>;
    expect(Number.isNaN(plain.n)).toBe(true);
    expect([...(plain.bytes as Uint8Array)]).toEqual([104, 105]);
    expect(plain.d).toBeInstanceOf(NaiveDateTime);
    expect(toEnvelopeJson(unwrap(parseTypedJson('{"$float":"Infinity"}')))).toEqual({ $float: 'Infinity' });
  });

  it('rejects a bad envelope with a clear message', () => {
    expect(() => parseSuite('{"format":"labwire-vectors/2","protocol":"x","cases":[]}', 'f.json')).toThrow(
      /f\.json: not a labwire-vectors\/1 suite: format: format must be "labwire-vectors\/1"/,
    );
    expect(() => parseSuite(suite([{ id: 'a', kind: 'k', expect: 'maybe' }]), 'f.json')).toThrow(
      /cases\.0\.expect: expect must be "ok" or "error"/,
    );
    expect(() =>
      parseSuite(
        suite([
          { id: 'a', kind: 'k', expect: 'ok' },
          { id: 'a', kind: 'k', expect: 'ok' },
        ]),
      ),
    ).toThrow(/duplicate case id "a"/);
    expect(() => parseSuite('{"format":', 'broken.json')).toThrow(/broken\.json: not valid JSON/);
    expect(() => parseSuite(suite([{ id: 'a', kind: 'k', expect: 'ok', v: { $bigint: 5 } }]))).toThrow(
      /\$bigint needs/,
    );
    try {
      parseSuite('[]', 'x.json');
    } catch (err) {
      expect(err).toMatchObject({ code: 'BAD_SUITE' });
    }
  });

  it('loads only suites from folders but refuses a named non-suite file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labwire-suites-'));
    writeFileSync(join(dir, 'a.json'), suite([{ id: 'x', kind: 'k', expect: 'ok' }]));
    writeFileSync(join(dir, 'table.json'), JSON.stringify({ format: 'something-else/1' }));
    const suites = loadSuites([dir]);
    expect(suites).toHaveLength(1);
    expect(suites[0]!.cases[0]!.id).toBe('x');
    expect(() => loadSuites([join(dir, 'table.json')])).toThrow(/not a labwire-vectors\/1 suite/);
    expect(() => loadSuites([join(dir, 'missing.json')])).toThrow(/no such file or folder/);
  });

  it('reads every shared suite of every protocol', () => {
    const suites = loadSuites([conformanceDir()]);
    expect(suites.length).toBeGreaterThanOrEqual(30);
    expect(new Set(suites.map((s) => s.protocol))).toEqual(
      new Set(['indi', 'imb', 'ifcb', 'pymodaq', 'zeiss-ipc']),
    );
  });
});

describe('comparisons', () => {
  it('diffPlain reports the path of the first difference', () => {
    expect(diffPlain({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBeUndefined();
    expect(diffPlain({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toBe('$.a[1].b: expected 2, got 3');
    expect(diffPlain({ a: 1 }, { a: 1, z: 2 })).toBe('$.z: unexpected (got 2)');
    expect(diffPlain(Number.NaN, Number.NaN)).toBeUndefined();
    expect(diffPlain(5n, 5)).toBeUndefined();
    expect(diffPlain(Uint8Array.from([1]), Uint8Array.from([2]))).toMatch(/bytes\(1\) 01/);
  });

  it('diffTyped tells integers from floats and checks key order', () => {
    const a = unwrap(parseTypedJson('{"x":1,"y":{"$float":1}}'));
    expect(diffTyped(a, unwrap(parseTypedJson('{"x":1,"y":{"$float":1}}')))).toBeUndefined();
    expect(diffTyped(a, unwrap(parseTypedJson('{"x":1,"y":1}')))).toBe('$.y: expected float, got int');
    expect(diffTyped(a, unwrap(parseTypedJson('{"y":{"$float":1},"x":1}')))).toMatch(/expected keys/);
    expect(
      diffTyped(a, unwrap(parseTypedJson('{"y":{"$float":1},"x":1}')), '$', { keyOrder: false }),
    ).toBeUndefined();
  });
});
