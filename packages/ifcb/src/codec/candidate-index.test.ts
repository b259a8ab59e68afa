import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCandidateIndex } from './candidate-index.js';
import { FIXED, NO_MATCH, convertSlot } from './grammar.js';
import { parseIfcbMessage } from './parse-message.js';

const entry = (order: number, ...fields: Array<string | undefined>) => ({
  order,
  fields: fields.map((lit) => ({ lit })),
});

describe('buildCandidateIndex (fields located by their bounds)', () => {
  const a = entry(0, 'valuechanged', undefined);
  const b = entry(1, 'valuechanged', 'pausestate', undefined);
  const c = entry(2, 'valuechanged', undefined, undefined);
  const d = entry(3, 'value', 'x');
  const built = buildCandidateIndex([a, b, c, d]);
  const index = {
    candidatesFor(text: string) {
      const fields = text.split(':');
      const bounds = new Int32Array(2 * fields.length);
      let at = 0;
      fields.forEach((f, k) => {
        bounds[2 * k] = at;
        bounds[2 * k + 1] = at + f.length;
        at += f.length + 1;
      });
      return built.candidatesFor(text, bounds, fields.length);
    },
  };

  it('finds entries by the first literal, and by the second merged in table order', () => {
    expect(index.candidatesFor('valuechanged:other:1')).toEqual([a, c]);
    expect(index.candidatesFor('valuechanged:pausestate:1')).toEqual([a, b, c]);
    expect(index.candidatesFor('valuechanged')).toEqual([a, c]);
    expect(index.candidatesFor('value:x')).toEqual([d]);
  });

  it('needs whole fields: prefixes, longer words and non-ASCII find nothing more', () => {
    expect(index.candidatesFor('valuechange:pausestate')).toEqual([]);
    expect(index.candidatesFor('valuechangedd:pausestate')).toEqual([]);
    expect(index.candidatesFor('valuechanged:pausestat:1')).toEqual([a, c]);
    expect(index.candidatesFor('valuechanged:pausestatee:1')).toEqual([a, c]);
    expect(index.candidatesFor('valuechanged:pausé:1')).toEqual([a, c]);
    expect(index.candidatesFor('välue:x')).toEqual([]);
    expect(index.candidatesFor('value:')).toEqual([]);
    expect(index.candidatesFor('')).toEqual([]);
  });
});

/** The grammar's first-match rule done the slow, obvious way: every fixed entry in table order. */
function firstFixedMatch(text: string): { key: string; fields: unknown[] } | undefined {
  const fields = text.split(':');
  for (const e of FIXED) {
    if (e.fields.length !== fields.length) continue;
    if (e.literals.some(([at, lit]) => fields[at] !== lit)) continue;
    const out: unknown[] = [...fields];
    for (const s of e.slots) out[s.index] = convertSlot(s.type, fields[s.index]!);
    if (out.includes(NO_MATCH)) continue;
    return { key: e.key, fields: out };
  }
  return undefined;
}

describe('parseIfcbMessage against the first-match rule', () => {
  // Messages shaped like table entries, with slots (and sometimes literals) replaced at random.
  const piece = fc.oneof(
    fc.constantFrom('7', '-3', '2.5', '1', '0', 'abc', '', ' 4 ', 'nan', '1e3', 'pausestate', 'é'),
    fc.string({ maxLength: 6 }).filter((s) => !s.includes(':')),
  );
  const message = fc
    .tuple(fc.constantFrom(...FIXED), fc.array(piece, { minLength: 13, maxLength: 13 }), fc.nat(3))
    .map(([e, pieces, extra]) => {
      const fields = e.fields.map((f, i) =>
        f.lit !== undefined && (pieces[i]!.length % 5 !== 0 || i === 0) ? f.lit : pieces[i]!,
      );
      for (let i = 0; i < extra; i++) fields.push(pieces[12 - i]!);
      return fields.join(':');
    });

  it('returns the first fixed entry that matches, with its converted fields', () => {
    fc.assert(
      fc.property(message, (text) => {
        const expected = firstFixedMatch(text);
        const result = parseIfcbMessage(text);
        if (expected === undefined) return;
        if (result.key === 'unknown') {
          // Only a base64 or timestamp slot that fails after the match makes it malformed.
          expect(result.reason).toBe('malformed');
          return;
        }
        expect(result.key).toBe(expected.key);
        const typed = FIXED.find((e) => e.key === expected.key)!;
        for (const s of typed.slots) {
          if (s.type !== 'base64' && s.type !== 'datetime') {
            expect(result.fields[s.index]).toEqual(expected.fields[s.index]);
          }
        }
        expect(result.fields.length).toBe(expected.fields.length);
      }),
      { numRuns: 5000 },
    );
  });
});
