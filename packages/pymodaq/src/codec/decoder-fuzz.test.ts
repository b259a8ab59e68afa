import type { LabwireError } from '@labwire/core';
import { arbFuzzInput, arbSplit, splitBytes, standardSplits } from '@labwire/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIALECTS, type Dialect } from './dialect.js';
import { encodeMessage } from './encode.js';
import { MessageDecoder } from './message-decoder.js';
import type { PymodaqMessage } from './messages.js';
import { ndarray } from './ndarray.js';
import { positionValue } from '../session/positions.js';
import { doneValue } from '../session/grab-data.js';

function decodeAll(dialect: Dialect, pieces: Uint8Array[], maxLength = 1 << 20) {
  const messages: PymodaqMessage[] = [];
  const errors: LabwireError[] = [];
  const d = new MessageDecoder(
    { message: (m) => messages.push(m), error: (e) => errors.push(e) },
    { dialect, side: 'server', maxLength },
  );
  for (const p of pieces) d.write(p);
  d.end();
  return { messages, errors };
}

function sampleStream(dialect: Dialect): Uint8Array {
  const frame = ndarray(new Uint16Array([1, 2, 3, 4, 5, 6]), [2, 3]);
  return new Uint8Array(
    Buffer.concat([
      encodeMessage(dialect, 'GRABBER'),
      encodeMessage(dialect, 'Infos', [{ type: 'string', value: '<settings type="group"></settings>' }]),
      encodeMessage(dialect, 'Done', [doneValue(dialect, frame, 'cam')]),
      encodeMessage(dialect, 'move_done', [positionValue(dialect, 1.5, 'mm')]),
      encodeMessage(dialect, 'Info_xml', [
        { type: 'list', items: [{ type: 'string', value: 'settings' }] },
        { type: 'string', value: '<x/>' },
      ]),
      encodeMessage(dialect, 'Quit'),
    ]),
  );
}

describe.each(DIALECTS)('message decoder %s', (dialect) => {
  const stream = sampleStream(dialect);
  const whole = decodeAll(dialect, [stream]);

  it('decodes a sample stream', () => {
    expect(whole.errors).toEqual([]);
    expect(whole.messages.map((m) => m.command)).toEqual([
      'GRABBER',
      'Infos',
      'Done',
      'move_done',
      'Info_xml',
      'Quit',
    ]);
  });

  it('gives the same messages however the stream is split', () => {
    for (const split of standardSplits()) {
      expect(decodeAll(dialect, splitBytes(stream, split))).toEqual(whole);
    }
    fc.assert(
      fc.property(arbSplit(stream.byteLength), (split) => {
        expect(decodeAll(dialect, splitBytes(stream, split))).toEqual(whole);
      }),
      { numRuns: 50 },
    );
  });

  it('never throws on random or mutated input, and stops at the first error', () => {
    fc.assert(
      fc.property(arbFuzzInput([stream]), (input) => {
        const r = decodeAll(dialect, [input], 4096);
        expect(r.errors.length).toBeLessThanOrEqual(1);
        for (const e of r.errors) expect(typeof e.code).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});

describe('large fields assembled as they arrive', () => {
  const pixels = new Uint16Array(256 * 256).map((_, i) => (i * 31) & 0xffff);
  const stream = new Uint8Array(
    Buffer.concat([
      encodeMessage('v4', 'Done', [doneValue('v4', ndarray(pixels, [256, 256]), 'cam')]),
      encodeMessage('v4', 'Done', [doneValue('v4', ndarray(pixels.subarray(0, 40_000), [200, 200]), 'cam')]),
      encodeMessage('v4', 'Quit'),
    ]),
  );

  it('gives the same frames whatever the chunk sizes, with the next message intact', () => {
    const whole = decodeAll('v4', [stream], 1 << 22);
    expect(whole.errors).toEqual([]);
    expect(whole.messages.map((m) => m.command)).toEqual(['Done', 'Done', 'Quit']);
    for (const split of [
      { kind: 'random', seed: 11, maxChunk: 70_000 },
      { kind: 'random', seed: 12, maxChunk: 5_000 },
      { kind: 'offsets', offsets: [100, 65_600, 131_200, 131_300] },
    ] as const) {
      const got = decodeAll('v4', splitBytes(stream, split), 1 << 22);
      expect(got.errors).toEqual([]);
      expect(got.messages.map((m) => m.command)).toEqual(['Done', 'Done', 'Quit']);
      for (const [i, m] of got.messages.slice(0, 2).entries()) {
        const frame = (m.args[0] as { data: Array<{ data: Array<{ bytes: Uint8Array }> }> }).data[0]!.data[0]!
          .bytes;
        const expected = (
          whole.messages[i]!.args[0] as (typeof m.args)[0] & {
            data: Array<{ data: Array<{ bytes: Uint8Array }> }>;
          }
        ).data[0]!.data[0]!.bytes;
        expect(Buffer.from(frame).equals(Buffer.from(expected))).toBe(true);
      }
    }
  });
});
