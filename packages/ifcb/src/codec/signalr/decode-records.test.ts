import { type SplitStrategy, arbFuzzInput, arbSplit, splitBytes, standardSplits } from '@labwire/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HubRecordDecoder } from './decode-records.js';
import { writeCompletion, writeHandshakeRequest, writeInvocation } from './encode-records.js';
import type { HubRecord } from './records.js';

const STREAM =
  writeHandshakeRequest() +
  writeInvocation('startAsClient', ['111-111-111']) +
  writeInvocation('relayMessageToHost', ['111-111-111', 'reportevent:température 12 °C 🌊 a\u001eb'], '0') +
  writeCompletion('0') +
  '{"type":6}\u001e{"type":99}\u001e';

function decode(bytes: Uint8Array, split: SplitStrategy, maxRecordBytes?: number) {
  const records: HubRecord[] = [];
  const errors: string[] = [];
  let handshake: unknown;
  const decoder = new HubRecordDecoder(
    { handshake: (h) => (handshake = h), record: (r) => records.push(r), error: (e) => errors.push(e.code) },
    { phase: 'handshake', side: 'hub', ...(maxRecordBytes === undefined ? {} : { maxRecordBytes }) },
  );
  for (const piece of splitBytes(bytes, split)) decoder.write(piece);
  decoder.end();
  return { handshake, records, errors };
}

describe('HubRecordDecoder', () => {
  const bytes = new TextEncoder().encode(STREAM);
  const whole = decode(bytes, { kind: 'whole' });

  it('decodes the handshake and every record, dropping unknown types', () => {
    expect(whole.handshake).toEqual({ protocol: 'json', version: 1 });
    expect(whole.records.map((r) => r.type)).toEqual([1, 1, 3, 6]);
    expect((whole.records[1] as { arguments: string[] }).arguments[1]).toContain('\u001e');
    expect(whole.errors).toEqual([]);
  });

  it('gives the same result however the bytes are split', () => {
    for (const split of standardSplits()) expect(decode(bytes, split)).toEqual(whole);
    fc.assert(
      fc.property(arbSplit(bytes.byteLength), (split) => {
        expect(decode(bytes, split)).toEqual(whole);
      }),
    );
  });

  it('never throws on random or mutated input', () => {
    fc.assert(
      fc.property(arbFuzzInput([bytes]), (input) => {
        const out = decode(input, { kind: 'random', seed: input.byteLength, maxChunk: 9 });
        expect(Array.isArray(out.records)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('skips an oversized record before buffering it and resynchronises at the next separator', () => {
    const big = `${writeHandshakeRequest()}{"type":1,"target":"x","arguments":["${'a'.repeat(500)}"]}\u001e{"type":6}\u001e`;
    const out = decode(new TextEncoder().encode(big), { kind: 'random', seed: 3, maxChunk: 50 }, 100);
    expect(out.errors).toEqual(['LIMIT_EXCEEDED']);
    expect(out.records).toEqual([{ type: 6 }]);
  });

  it('reports a partial record only at the end of input', () => {
    const errors: string[] = [];
    const decoder = new HubRecordDecoder({ record: () => {}, error: (e) => errors.push(e.code) });
    decoder.writeText('{"type":');
    expect(errors).toEqual([]);
    expect(decoder.buffered).toBeGreaterThan(0);
    decoder.end();
    expect(errors).toEqual(['IFCB_HUB_INCOMPLETE']);
  });
});
