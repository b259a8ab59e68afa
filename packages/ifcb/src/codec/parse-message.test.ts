import { arbFuzzInput } from '@labwire/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './base64.js';
import { parseIfcbMessage } from './parse-message.js';
import { convertFloat, convertInt } from './scalars.js';
import { parseTimestamp } from './timestamp.js';

const SAMPLES = [
  'valuechanged:pausestate:1',
  'triggerrois:2:0:0:AAAA:5:5:BBBB',
  'triggercontent:daq:A:1:B:2:rois:1:0:0:AAAA',
  'file:chunk:x.roi:3:AAECAw==',
  'valuechanged:interactive:load:[{"a":1},{"b":"c:d"}]',
  'graphchanged:1:2:3:4:5:6:7:8:9:10:11:2024-07-03|13-05',
].map((s) => new TextEncoder().encode(s));

describe('parseIfcbMessage', () => {
  it('never throws, and an unknown result carries the raw fields (fields.join(":") is the input)', () => {
    fc.assert(
      fc.property(arbFuzzInput(SAMPLES), (bytes) => {
        const text = new TextDecoder().decode(bytes);
        const result = parseIfcbMessage(text);
        if (result.key === 'unknown') {
          expect(result.fields.join(':')).toBe(text);
          expect(['no-match', 'malformed']).toContain(result.reason);
        } else {
          expect(Array.isArray(result.fields)).toBe(true);
          expect(result.fields[0]).toBe(text.split(':')[0]);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips typed values the simulator writes', () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ noNaN: true }), fc.boolean(), (i, f, b) => {
        expect(parseIfcbMessage(`valuechanged:setcameragain:${i}`)).toMatchObject({ values: { value: i } });
        expect(parseIfcbMessage(`valuechanged:setpmta:${f}`)).toMatchObject({
          // String(-0) is "0": compare with what the text says.
          values: { value: Number(String(f)) },
        });
        expect(parseIfcbMessage(`valuechanged:switchlaser:${b ? 1 : 0}`)).toMatchObject({
          values: { value: b },
        });
      }),
    );
  });

  it('keeps integers beyond 2^53 exact as bigint', () => {
    expect(parseIfcbMessage('valuechanged:setcameragain:123456789012345678901')).toMatchObject({
      values: { value: 123456789012345678901n },
    });
    expect(convertInt('-9007199254740991')).toBe(-9007199254740991);
    expect(convertInt('9007199254740993')).toBe(9007199254740993n);
  });

  it('converts numbers with Python int()/float() rules, ASCII only', () => {
    expect(convertInt(' +1_0 ')).toBe(10);
    expect(convertInt('1__0')).toBeUndefined();
    expect(convertInt('١')).toBeUndefined();
    expect(Object.is(convertFloat('-0.0'), -0)).toBe(true);
    expect(convertFloat('InFiNiTy')).toBe(Number.POSITIVE_INFINITY);
    expect(convertFloat('1_0.5e1_0')).toBe(10.5e10);
    expect(convertFloat('5.')).toBe(5);
    expect(convertFloat('e5')).toBeUndefined();
  });

  it('decodes base64 as CPython b64decode does without validation', () => {
    expect(Buffer.from(decodeBase64('YW Jj')!).toString()).toBe('abc');
    expect(decodeBase64('AA==AAAA')).toEqual(new Uint8Array([0]));
    expect(decodeBase64('AA=')).toBeUndefined();
    expect(decodeBase64('A')).toBeUndefined();
    expect(decodeBase64('é')).toBeUndefined();
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(Buffer.from(decodeBase64(Buffer.from(bytes).toString('base64'))!)).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it('parses timestamps with strptime rules and checks the date', () => {
    expect(parseTimestamp('2024-2-29| 5-07')).toBeUndefined();
    expect(parseTimestamp('2024-2- 9|5-07')?.iso).toBe('2024-02-09T05:07:00');
    expect(parseTimestamp('2023-02-29|10-00')).toBeUndefined();
    expect(parseTimestamp('2024-02-29|23-59')?.iso).toBe('2024-02-29T23:59:00');
    expect(parseTimestamp('0000-01-01|00-00')).toBeUndefined();
  });
});

describe('convertFloat on plain decimals', () => {
  it('gives exactly what Number() gives (the fast path rounds correctly)', () => {
    const decimal = fc
      .tuple(fc.boolean(), fc.stringMatching(/^\d{1,12}$/), fc.option(fc.stringMatching(/^\d{1,12}$/)))
      .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}`);
    fc.assert(
      fc.property(decimal, (text) => {
        expect(Object.is(convertFloat(text), Number(text))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    expect(Object.is(convertFloat('-0.0'), -0)).toBe(true);
    expect(convertFloat('0.1')).toBe(0.1);
    expect(convertFloat('9007199254740993.5')).toBe(Number('9007199254740993.5'));
  });
});
