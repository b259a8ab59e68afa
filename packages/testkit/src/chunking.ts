/**
 * How to re-split a byte stream: at every byte, in random sizes (seeded, reproducible), or at
 * given offsets. Decoders must give the same result for every strategy.
 */
export type SplitStrategy =
  | { kind: 'whole' }
  | { kind: 'every-byte' }
  | { kind: 'random'; seed: number; maxChunk?: number }
  | { kind: 'offsets'; offsets: readonly number[] };

/** A small deterministic PRNG (mulberry32) so a failing split can be reproduced from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits `bytes` into views (no copies) according to `strategy`. */
export function splitBytes(bytes: Uint8Array, strategy: SplitStrategy): Uint8Array[] {
  switch (strategy.kind) {
    case 'whole':
      return [bytes];
    case 'every-byte': {
      const out: Uint8Array[] = [];
      for (let i = 0; i < bytes.byteLength; i++) out.push(bytes.subarray(i, i + 1));
      return out;
    }
    case 'random': {
      const random = seededRandom(strategy.seed);
      const max = Math.max(1, strategy.maxChunk ?? 64);
      const out: Uint8Array[] = [];
      let at = 0;
      while (at < bytes.byteLength) {
        const size = 1 + Math.floor(random() * max);
        out.push(bytes.subarray(at, at + size));
        at += size;
      }
      return out;
    }
    case 'offsets': {
      const cuts = [...new Set(strategy.offsets)]
        .filter((o) => o > 0 && o < bytes.byteLength)
        .sort((a, b) => a - b);
      const out: Uint8Array[] = [];
      let at = 0;
      for (const cut of cuts) {
        out.push(bytes.subarray(at, cut));
        at = cut;
      }
      out.push(bytes.subarray(at));
      return out;
    }
  }
}

/** What one socket read delivers on Linux loopback: benchmarks feed decoders in chunks of this. */
export const SOCKET_READ_BYTES = 64 * 1024;

/** Splits `bytes` into views (no copies) as a socket would deliver them, `size` bytes a read. */
export function socketChunks<T extends Uint8Array>(bytes: T, size = SOCKET_READ_BYTES): T[] {
  const out: T[] = [];
  for (let at = 0; at < bytes.byteLength; at += size) out.push(bytes.subarray(at, at + size) as T);
  return out;
}

/** The strategies a codec test should run through: whole, every byte, and a few random seeds. */
export function standardSplits(seeds: readonly number[] = [1, 2, 3]): SplitStrategy[] {
  return [
    { kind: 'whole' },
    { kind: 'every-byte' },
    ...seeds.map((seed) => ({ kind: 'random', seed, maxChunk: 7 }) as const),
    ...seeds.map((seed) => ({ kind: 'random', seed, maxChunk: 257 }) as const),
  ];
}
