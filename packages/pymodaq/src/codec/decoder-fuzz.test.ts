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
