import type { LabwireError } from '@labwire/core';
import { arbFuzzInput, arbSplit, splitBytes, standardSplits } from '@labwire/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IMB_MAX_PAYLOAD_BYTES } from './constants.js';
import { ImbFrameDecoder } from './frame-decoder.js';
import { encodeCommand, encodeEventFrame, encodeFrame } from './frame-encoder.js';
import type { ImbFrame } from './types.js';

interface Out {
  frames: Array<{ code: number; payload: string; offset: number; event?: unknown; fields?: unknown }>;
  errors: Array<Record<string, unknown>>;
}

/** Bytes as hex and bigints as text, so views and copies of the same bytes compare equal. */
function plain(value: unknown): unknown {
  return value === undefined
    ? undefined
    : JSON.parse(
        JSON.stringify(value, (_, v) =>
          v instanceof Uint8Array || (v !== null && typeof v === 'object' && v.type === 'Buffer')
            ? Buffer.from(v instanceof Uint8Array ? v : v.data).toString('hex')
            : typeof v === 'bigint'
              ? `${v}n`
              : v,
        ),
      );
}

function decode(chunks: readonly Uint8Array[]): Out {
  const out: Out = { frames: [], errors: [] };
  const decoder = new ImbFrameDecoder({
    message: (f: ImbFrame) =>
      out.frames.push({
        code: f.code,
        payload: Buffer.from(f.payload).toString('hex'),
        offset: f.offset,
        event: plain(f.event),
        fields: plain(f.fields),
      }),
    error: (e: LabwireError) => {
      const { resynchronised: _r, ...rest } = e.details ?? {};
      out.errors.push({ code: e.code, ...rest });
    },
  });
  for (const c of chunks) decoder.write(c);
  decoder.end();
  return out;
}

const arbFrame = fc.oneof(
  fc
    .record({ code: fc.integer({ min: -300, max: -100 }), payload: fc.uint8Array({ maxLength: 64 }) })
    .map(({ code, payload }) => encodeFrame(code, payload)),
  fc
    .record({
      id: fc.integer({ min: 0, max: 1000 }),
      kind: fc.integer({ min: 0, max: 60 }),
      body: fc.uint8Array({ maxLength: 48 }),
    })
    .map(({ id, kind, body }) => encodeEventFrame(id, kind, body)),
  fc
    .string({ maxLength: 20 })
    .map((eventName) => encodeCommand('icSubscribe', { eventId: 3, eventEntryType: 0, eventName })),
);

const samples = [
  Buffer.concat([
    encodeCommand('icSetClientInfo', { ownerId: 1, ownerName: 'x' }),
    encodeEventFrame(7, 5, Buffer.from('0300000061626364', 'hex')),
  ]),
  encodeEventFrame(1, 0, Buffer.from('020000002a0000000b00000074656d7065726174757265', 'hex')),
  encodeFrame(-4),
];

describe('ImbFrameDecoder', () => {
  it('gives the same frames and errors however the input is split', () => {
    fc.assert(
      fc.property(fc.array(arbFrame, { maxLength: 8 }), fc.uint8Array({ maxLength: 12 }), (frames, junk) => {
        const whole = Buffer.concat([junk, ...frames, junk]);
        const expected = decode([whole]);
        for (const strategy of standardSplits())
          expect(decode(splitBytes(whole, strategy))).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('decodes every encoded frame back, in order, with exact offsets', () => {
    fc.assert(
      fc.property(fc.array(arbFrame, { minLength: 1, maxLength: 10 }), (frames) => {
        const out = decode([Buffer.concat(frames)]);
        expect(out.errors).toEqual([]);
        const offsets: number[] = [];
        let offset = 0;
        for (const f of frames) {
          offsets.push(offset);
          offset += f.byteLength;
        }
        expect(out.frames.map((f) => f.offset)).toEqual(offsets);
      }),
    );
  });

  it('never throws on random or mutated input and is split-independent there too', () => {
    fc.assert(
      fc.property(arbFuzzInput(samples), fc.nat(), (input, seed) => {
        const expected = decode([input]);
        expect(decode(splitBytes(input, { kind: 'random', seed, maxChunk: 5 }))).toEqual(expected);
        for (const e of expected.errors) expect(typeof e.offset).toBe('number');
      }),
      { numRuns: 300 },
    );
  });

  it('accepts any split strategy of a mixed stream with junk and a bad trailer', () => {
    const bad = Buffer.from(encodeEventFrame(1, 5, Buffer.from('abc')));
    bad[bad.byteLength - 1] = 0;
    const whole = Buffer.concat([Buffer.from('zz'), samples[0]!, bad, samples[1]!]);
    const expected = decode([whole]);
    expect(expected.errors.map((e) => e.error)).toEqual(['junk', 'bad-trailer']);
    fc.assert(
      fc.property(arbSplit(whole.byteLength), (s) => {
        expect(decode(splitBytes(whole, s))).toEqual(expected);
      }),
    );
  });

  it('rejects an oversized length from the header alone, before buffering the payload', () => {
    const errors: LabwireError[] = [];
    const decoder = new ImbFrameDecoder({ message: () => {}, error: (e) => errors.push(e) });
    const header = Buffer.alloc(16);
    Buffer.from('2f47617195adc5fb', 'hex').copy(header);
    header.writeInt32LE(-15, 8);
    header.writeInt32LE(IMB_MAX_PAYLOAD_BYTES + 1, 12);
    decoder.write(header);
    expect(errors.map((e) => e.code)).toEqual(['IMB_BAD_LENGTH']);
    expect(decoder.buffered).toBe(0);
  });

  it('accepts a payload of exactly the limit and honours a smaller configured one', () => {
    const big = encodeFrame(-199, new Uint8Array(IMB_MAX_PAYLOAD_BYTES));
    const out = decode(splitBytes(big, { kind: 'random', seed: 1, maxChunk: 65536 }));
    expect(out.frames).toHaveLength(1);
    expect(out.errors).toEqual([]);
    const errors: LabwireError[] = [];
    const small = new ImbFrameDecoder(
      { message: () => {}, error: (e) => errors.push(e) },
      { maxPayloadBytes: 4 },
    );
    small.write(encodeFrame(-32, new Uint8Array(5)));
    expect(errors[0]?.details?.error).toBe('bad-length');
  });

  it('reports a partial magic at end of input as truncated after the junk before it', () => {
    const out = decode([Buffer.from('00112f4761', 'hex')]);
    expect(out.errors).toEqual([
      { code: 'IMB_JUNK', error: 'junk', offset: 0, length: 2 },
      { code: 'TRUNCATED', error: 'truncated', offset: 2, length: 3 },
    ]);
  });
});

describe('ImbFrameDecoder ended from inside a callback', () => {
  it('stops at once, even in the middle of a read', () => {
    const seen: number[] = [];
    const decoder: ImbFrameDecoder = new ImbFrameDecoder({
      message: (f) => {
        seen.push(f.code);
        if (f.code === -5) decoder.end();
      },
      error: () => {},
    });
    const one = encodeFrame(-4);
    const bytes = Buffer.concat([encodeEventFrame(1, 5, new Uint8Array(40)), encodeFrame(-5), one, one]);
    decoder.write(bytes.subarray(0, 30));
    decoder.write(bytes.subarray(30));
    expect(seen).toEqual([-15, -5]);
  });
});
