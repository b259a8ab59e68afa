import { execFile, spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pyJsonDumps } from '../codec/json-generate.js';
import { pythonFloatRepr } from '../codec/python-float.js';
import { parsePyJson } from './py-json-parse.js';
import { pyStr } from './py-repr.js';

/*
 * Differential tests against the real thing: CPython's json.loads, str() and float repr, and
 * json.dumps(ensure_ascii=False). Random inputs are generated here, CPython computes its answer
 * in one batch, and ours must match it exactly. Characters are drawn from a set whose Unicode
 * properties did not change between CPython 3.11's tables and the JS engine's.
 */
const python = ['python3', '/usr/bin/python3'].find(
  (exe) => spawnSync(exe, ['-c', 'import json'], { timeout: 10_000 }).status === 0,
);

const ORACLE = `
import json, sys
out = []
for kind, arg in json.load(sys.stdin):
    if kind == "loads":
        try:
            v = json.loads(arg)
        except json.JSONDecodeError:
            out.append(["decode"]); continue
        except (RecursionError, ValueError) as e:
            out.append(["crash", type(e).__name__]); continue
        out.append(["ok", str(v)])
    elif kind == "repr":
        out.append(repr(float(arg)) if isinstance(arg, str) else repr(arg))
    elif kind == "dumps":
        out.append(json.dumps(arg, ensure_ascii=False))
print(json.dumps(out))
`;

async function oracle(queries: Array<[string, unknown]>): Promise<unknown[]> {
  const child = execFile(python!, ['-c', ORACLE], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30_000,
  });
  const done = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: string) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`python exited with ${code}`)),
    );
  });
  child.stdin!.end(JSON.stringify(queries));
  return JSON.parse(await done) as unknown[];
}

const CHARS = [
  ...'abcXYZ019 -+.eE',
  '"',
  '\\',
  '/',
  "'",
  '{',
  '}',
  '[',
  ']',
  ':',
  ',',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  'é',
  'Ä',
  '\u00a0',
  '\u00ad',
  '\u2028',
  '\u200b',
  '\ufeff',
  '\ue000',
  '\uffff',
  '\u0378',
  '😀',
  '\ud800',
  '\udc00',
];
const arbChar = fc.constantFrom(...CHARS);
const arbText = fc.array(arbChar, { maxLength: 12 }).map((cs) => cs.join(''));
const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  ' ',
  '\\',
  '\\u',
  '\\ud83d\\ude00',
  '\\ud800',
  '0',
  '1',
  '-',
  '.',
  'e',
  'E+',
  '01',
  '1e400',
  '-0',
  '-0.0',
  'NaN',
  'Infinity',
  '-Infinity',
  'nan',
  'true',
  'null',
  'None',
  '"a"',
  '"\\"',
  '12345678901234567890',
];
const arbSoup = fc
  .array(fc.oneof(fc.constantFrom(...TOKENS), arbChar), { maxLength: 16 })
  .map((ts) => ts.join(''));
const arbValueText = fc
  .tuple(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom('', ' ', '\n', '\t '), fc.boolean())
  .map(([v, ws, spaced]) => {
    const text = JSON.stringify(v, null, spaced ? 1 : undefined) ?? 'null';
    return `${ws}${text}${ws}`;
  });
const arbJsonLike = fc.oneof(
  arbSoup,
  arbValueText,
  arbText.map((t) => JSON.stringify(t)),
  arbText,
);

function ours(text: string): unknown[] {
  const r = parsePyJson(text, { maxDepth: 900 });
  if (!r.ok)
    return r.kind === 'decode'
      ? ['decode']
      : ['crash', r.message.startsWith('RecursionError') ? 'RecursionError' : 'ValueError'];
  return ['ok', pyStr(r.value)];
}

describe.skipIf(python === undefined)(
  `CPython differential${python === undefined ? ' (skipped: no python3)' : ''}`,
  () => {
    it('json.loads outcome and str() of the value match CPython for random texts', async () => {
      const texts = fc.sample(arbJsonLike, { numRuns: 3000, seed: 42 });
      texts.push(
        '1'.repeat(4300),
        '1'.repeat(4301),
        `-${'9'.repeat(4301)}`,
        '1E400',
        '[1e-400, -0, -0.0]',
        '{"b":1,"2":2,"1":3,"a":4,"b":5}',
      );
      const expected = await oracle(texts.map((t) => ['loads', t]));
      const mismatches = texts
        .map((t, i) => ({ text: t, python: expected[i], ours: ours(t) }))
        .filter((m) => JSON.stringify(m.python) !== JSON.stringify(m.ours));
      expect(mismatches.slice(0, 5)).toEqual([]);
    });

    it('float repr matches CPython for random doubles', async () => {
      const doubles = fc.sample(fc.double(), { numRuns: 2000, seed: 7 });
      // The fixed-notation range, where a fast path applies, and integral values in it.
      doubles.push(
        ...fc.sample(fc.double({ min: 1e-4, max: 1e16, noNaN: true }), { numRuns: 1000, seed: 8 }),
      );
      doubles.push(
        ...fc.sample(fc.integer({ min: -1e9, max: 1e9 }), { numRuns: 200, seed: 9 }),
        0.1,
        0.00011,
        9999999999999998,
      );
      doubles.push(1e16, 1e-5, 0.0001, 1e15, 1.2345678901234568e17, 5e-324, 1.7976931348623157e308);
      // Send the value as a round-trip string so JSON does not turn -0 or 1e16 into something else.
      const expected = await oracle(
        doubles.map((d) => ['repr', Number.isNaN(d) ? 'nan' : Object.is(d, -0) ? '-0.0' : d.toExponential()]),
      );
      const mismatches = doubles
        .map((d, i) => [d, expected[i], pythonFloatRepr(d)])
        .filter(([, p, o]) => p !== o);
      expect(mismatches.slice(0, 5)).toEqual([]);
    });

    it('request bodies match json.dumps(ensure_ascii=False) byte for byte', async () => {
      // JSON carries the body to Python: -0 and integral doubles beyond 2^53 do not survive that trip as such.
      const survives = (v: unknown): boolean =>
        typeof v === 'number'
          ? !Object.is(v, -0) && (!Number.isInteger(v) || Number.isSafeInteger(v))
          : Array.isArray(v)
            ? v.every(survives)
            : v !== null && typeof v === 'object'
              ? Object.values(v).every(survives)
              : true;
      const arbBody = fc.jsonValue({ maxDepth: 3 }).filter(survives);
      const bodies = fc.sample(fc.oneof(arbBody, fc.dictionary(arbText, arbText)), {
        numRuns: 1000,
        seed: 3,
      });
      const expected = await oracle(bodies.map((b) => ['dumps', b]));
      const mismatches = bodies.map((b, i) => [b, expected[i], pyJsonDumps(b)]).filter(([, p, o]) => p !== o);
      expect(mismatches.slice(0, 5)).toEqual([]);
    });
  },
);
