import { isLabwireError } from '@labwire/core';
import { arbFuzzInput, splitBytes, standardSplits } from '@labwire/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createLegacyReplyDecoder, decodeLegacyReply } from './legacy-parse.js';
import { pythonFloatRepr } from './python-float.js';
import { classifyReply } from './reply-parse.js';
import { encodeRequest } from './request-generate.js';

function decodeAll(chunks: Uint8Array[]): { texts: string[]; errors: string[] } {
  const texts: string[] = [];
  const errors: string[] = [];
  const d = createLegacyReplyDecoder(
    { message: (t) => texts.push(t), error: (e) => errors.push(e.code) },
    { maxBytes: 4096 },
  );
  for (const c of chunks) d.write(c);
  d.end();
  return { texts, errors };
}

describe('request encoder', () => {
  it('writes focal lengths as Python float repr strings, or numbers when asked', () => {
    const req = { command: 'image', file: 'f', name: 'n', focalLength: 1e-5 } as const;
    expect(encodeRequest(req)).toBe('{"image": {"file": "f", "name": "n", "focal_length": "1e-05"}}\n');
    expect(encodeRequest(req, 'example', { focalLengthAs: 'number', trailingNewline: false })).toBe(
      '{"image": {"file": "f", "name": "n", "focal_length": 1e-05}}',
    );
  });

  it('round-trips any field text through a JSON parser and never starts with quit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (file, mode) => {
        const text = encodeRequest({ command: 'elements', file, importMode: mode }, 'basics') as string;
        expect(JSON.parse(text)).toEqual({ elements: { file, import_mode: mode } });
        expect(text.startsWith('quit')).toBe(false);
      }),
    );
  });

  it('refuses lone surrogates (UTF-8 cannot carry them) and quit on legacy-tcp', () => {
    const err = (() => {
      try {
        encodeRequest({ command: 'elements', file: '\ud800', importMode: 'clipboard' });
      } catch (e) {
        return e;
      }
    })();
    expect(isLabwireError(err, 'ZEISS_UNENCODABLE')).toBe(true);
    expect(() => encodeRequest({ command: 'quit' }, 'legacy-tcp')).toThrow(/no quit/);
  });
});

describe('reply classifier', () => {
  it('never throws and recovers template fields containing newlines and the split word', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (f, m) => {
        expect(() => classifyReply(f)).not.toThrow();
        expect(classifyReply(`Error: Image file ${f} could not be read.`)).toMatchObject({
          error: 'fileUnreadable',
          file: f,
        });
        const text = `Error: Elements could not be imported from file ${f} with import mode ${m}.`;
        const reply = classifyReply(text);
        if (!m.includes(' with import mode '))
          expect(reply).toMatchObject({ error: 'importFailed', file: f, importMode: m });
      }),
    );
  });

  it('uses the dialect success token', () => {
    expect(classifyReply('Ok', 'basics')).toEqual({ type: 'ok' });
    expect(classifyReply('Ok')).toEqual({ type: 'other', text: 'Ok' });
    expect(classifyReply('bye', 'legacy-tcp')).toEqual({ type: 'other', text: 'bye' });
  });
});

describe('python float repr', () => {
  it.each([
    [1, '1.0'],
    [1e16, '1e+16'],
    [1e15, '1000000000000000.0'],
    [1.5e-7, '1.5e-07'],
    [0.0001, '0.0001'],
    [5e-324, '5e-324'],
    [-0, '-0.0'],
    [Number.NaN, 'nan'],
    [Number.NEGATIVE_INFINITY, '-inf'],
  ])('%s → %s', (x, text) => {
    expect(pythonFloatRepr(x)).toBe(text);
  });
});

describe('legacy reply decoder', () => {
  const reply = new Uint8Array(Buffer.from("Error: Unknown request:\n{'é': '😀'}\r\n", 'utf8'));

  it('gives the same reply for every split of the stream', () => {
    for (const split of standardSplits()) {
      expect(decodeAll(splitBytes(reply, split))).toEqual({
        texts: ["Error: Unknown request:\n{'é': '😀'}"],
        errors: [],
      });
    }
  });

  it('reports a missing CR LF as TRUNCATED, bad UTF-8, and oversize before buffering', () => {
    expect(() => decodeLegacyReply(reply.subarray(0, reply.byteLength - 1))).toThrow(/without CR LF/);
    expect(() => decodeLegacyReply(new Uint8Array([0xff, 0x0d, 0x0a]))).toThrow(/UTF-8/);
    expect(decodeAll([new Uint8Array(5000)]).errors).toEqual(['LIMIT_EXCEEDED']);
  });

  it('never throws on random or mutated input', () => {
    fc.assert(
      fc.property(arbFuzzInput([reply]), (bytes) => {
        const { texts, errors } = decodeAll([bytes]);
        expect(texts.length + errors.length).toBe(1);
      }),
    );
  });
});
