import { socketChunks } from '@labwire/testkit';
import { afterAll, bench, describe } from 'vitest';
import { encodeEventFrame } from '../dist/codec/frame-encoder.js';
import { encodeString } from '../dist/codec/index.js';
import { decodeAll } from './corpus.js';

/**
 * Issue #5 target: decode ≥ 1,000,000 small icEvent frames/s and encode likewise, fed in 64 KiB
 * chunks. A small frame here is a normal event carrying a short string, as an instrument
 * reading is sent (≈ 50 bytes on the wire). Baseline, same run: Buffer.copy of the same bytes
 * (the floor any decoder pays to look at them once).
 */
const FRAMES = 50_000;
const bodies = Array.from({ length: FRAMES }, (_, i) => encodeString(`t=${(i * 0.37).toFixed(2)}`));
const encoded = bodies.map((b, i) => encodeEventFrame(100 + (i % 7), 5, b));
const stream = Buffer.concat(encoded);
const chunks = socketChunks(stream);
const scratch = Buffer.allocUnsafe(stream.byteLength);
const t = { decode: 0, encode: 0, copy: 0, nDecode: 0, nEncode: 0, nCopy: 0 };

describe(`IMB3 small icEvent frames (${FRAMES} × ${(stream.byteLength / FRAMES).toFixed(0)} B) in 64 KiB chunks`, () => {
  bench(
    'decode',
    () => {
      const start = performance.now();
      const count = decodeAll(chunks);
      t.decode += performance.now() - start;
      t.nDecode += count;
      if (count !== FRAMES) throw new Error(`decoded ${count} of ${FRAMES}`);
    },
    { time: 2000 },
  );

  bench(
    'encode',
    () => {
      const start = performance.now();
      for (let i = 0; i < FRAMES; i++) encodeEventFrame(100 + (i % 7), 5, bodies[i]!);
      t.encode += performance.now() - start;
      t.nEncode += FRAMES;
    },
    { time: 2000 },
  );

  bench(
    'baseline: Buffer.copy of the same bytes',
    () => {
      const start = performance.now();
      for (const chunk of chunks) chunk.copy(scratch);
      t.copy += performance.now() - start;
      t.nCopy += FRAMES;
    },
    { time: 1000 },
  );
});

afterAll(() => {
  const rate = (n: number, ms: number) => (n / ms) * 1000;
  const d = rate(t.nDecode, t.decode);
  const e = rate(t.nEncode, t.encode);
  console.log(
    `\nIMB small icEvent frames: decode ${(d / 1e6).toFixed(2)} M frames/s, encode ${(e / 1e6).toFixed(2)} M frames/s ` +
      `(target ≥ 1.00 M each); Buffer.copy of the same bytes ${(rate(t.nCopy, t.copy) / 1e6).toFixed(1)} M frames-worth/s`,
  );
});
