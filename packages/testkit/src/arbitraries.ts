import fc from 'fast-check';
import type { SplitStrategy } from './chunking.js';

/** Any split of a stream: whole, every byte, random sizes or explicit offsets. */
export function arbSplit(length: number): fc.Arbitrary<SplitStrategy> {
  return fc.oneof(
    fc.constant<SplitStrategy>({ kind: 'whole' }),
    fc.constant<SplitStrategy>({ kind: 'every-byte' }),
    fc.record({
      kind: fc.constant('random' as const),
      seed: fc.integer(),
      maxChunk: fc.integer({ min: 1, max: 512 }),
    }),
    fc.record({
      kind: fc.constant('offsets' as const),
      offsets: fc.array(fc.integer({ min: 0, max: Math.max(0, length) }), { maxLength: 16 }),
    }),
  );
}

/** A mutation of known-good input: flip, insert, delete or truncate, to fuzz decoders around real vectors. */
export function arbMutated(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = bytes.byteLength;
  const flip = fc
    .record({ at: fc.nat({ max: Math.max(0, n - 1) }), value: fc.integer({ min: 0, max: 255 }) })
    .map(({ at, value }) => {
      const out = Uint8Array.from(bytes);
      if (n > 0) out[at] = value;
      return out;
    });
  const insert = fc
    .record({ at: fc.nat({ max: n }), extra: fc.uint8Array({ minLength: 1, maxLength: 16 }) })
    .map(({ at, extra }) => {
      const out = new Uint8Array(n + extra.byteLength);
      out.set(bytes.subarray(0, at));
      out.set(extra, at);
      out.set(bytes.subarray(at), at + extra.byteLength);
      return out;
    });
  const remove = fc
    .record({ at: fc.nat({ max: n }), count: fc.integer({ min: 1, max: 16 }) })
    .map(({ at, count }) => {
      const out = new Uint8Array(Math.max(0, n - Math.min(count, n - at)));
      out.set(bytes.subarray(0, at));
      out.set(bytes.subarray(at + count), at);
      return out;
    });
  const truncate = fc.nat({ max: n }).map((at) => bytes.slice(0, at));
  return fc.oneof(flip, insert, remove, truncate);
}

/** Random bytes, or a mutation of one of the given samples (weighted towards the samples). */
export function arbFuzzInput(samples: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  const random = fc.uint8Array({ maxLength: 2048 });
  if (samples.length === 0) return random;
  return fc.oneof(
    { arbitrary: random, weight: 1 },
    { arbitrary: fc.constantFrom(...samples).chain(arbMutated), weight: 4 },
  );
}

/** A topic segment of any text, including the characters topics must escape. */
export const arbSegment: fc.Arbitrary<string> = fc.string({
  minLength: 1,
  maxLength: 12,
  unit: fc.constantFrom('a', 'B', '7', '/', '+', '#', '%', ' ', 'é', '_'),
});
