import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteQueue } from './byte-queue.js';
import { isLabwireError } from './errors.js';

const bytes = (...v: number[]) => Uint8Array.from(v);

/** Every way to cut `input` into two or three pieces, plus one byte at a time. */
function allSplits(input: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [[input]];
  for (let i = 0; i <= input.length; i++) {
    for (let j = i; j <= input.length; j++)
      out.push([input.subarray(0, i), input.subarray(i, j), input.subarray(j)]);
  }
  out.push([...input].map((b) => bytes(b)));
  return out;
}

describe('ByteQueue', () => {
  it('hands out exactly n bytes under every split of its input', () => {
    const input = Uint8Array.from({ length: 11 }, (_, i) => i * 7);
    for (const pieces of allSplits(input)) {
      for (const reads of [[11], [1, 10], [4, 4, 3], [3, 0, 8], [2, 2, 2, 2, 2, 1]]) {
        const q = new ByteQueue();
        for (const p of pieces) q.push(p);
        const got: number[] = [];
        for (const n of reads) got.push(...q.consume(n));
        expect(got).toEqual([...input]);
        expect(q.length).toBe(0);
      }
    }
  });

  it('returns a view, not a copy, when the bytes lie in one chunk', () => {
    const chunk = bytes(1, 2, 3, 4, 5);
    const q = new ByteQueue();
    q.push(chunk);
    const out = q.consume(3);
    expect(out.buffer).toBe(chunk.buffer);
    expect(out.byteOffset).toBe(0);
    const rest = q.consume(2);
    expect(rest.buffer).toBe(chunk.buffer);
    expect(rest.byteOffset).toBe(3);
  });

  it('copies only when a read spans chunks, and consumeCopy always copies', () => {
    const a = bytes(1, 2);
    const b = bytes(3, 4);
    const q = new ByteQueue();
    q.push(a);
    q.push(b);
    const out = q.consume(3);
    expect([...out]).toEqual([1, 2, 3]);
    expect(out.buffer).not.toBe(a.buffer);
    q.push(bytes(9));
    const copy = q.consumeCopy(1);
    expect(copy.buffer).not.toBe(b.buffer);
    expect([...copy]).toEqual([4]);
  });

  it('peeks across chunks without consuming', () => {
    const q = new ByteQueue();
    q.push(bytes(0x12));
    q.push(bytes(0x34, 0x56));
    q.push(bytes(0x78, 0x9a));
    expect(q.peekUint32BE()).toBe(0x12345678);
    expect(q.peekUint32LE(1)).toBe(0x9a785634);
    expect(q.peekByte(4)).toBe(0x9a);
    expect([...q.peek(2, 2)]).toEqual([0x56, 0x78]);
    expect(q.length).toBe(5);
  });

  it('finds a byte across chunk boundaries after partial reads', () => {
    const q = new ByteQueue();
    q.push(bytes(1, 2, 3));
    q.push(bytes(4, 0, 6));
    q.skip(2);
    expect(q.indexOf(0)).toBe(2);
    expect(q.indexOf(3)).toBe(0);
    expect(q.indexOf(6, 3)).toBe(3);
    expect(q.indexOf(42)).toBe(-1);
  });

  it('refuses a chunk over its limit before storing it', () => {
    const q = new ByteQueue(4);
    q.push(bytes(1, 2, 3));
    let error: unknown;
    try {
      q.push(bytes(4, 5));
    } catch (err) {
      error = err;
    }
    expect(isLabwireError(error, 'LIMIT_EXCEEDED')).toBe(true);
    expect(q.length).toBe(3);
  });

  it('reports a read past the end as TRUNCATED and keeps its contents', () => {
    const q = new ByteQueue();
    q.push(bytes(1, 2));
    expect(() => q.consume(3)).toThrowError(expect.objectContaining({ code: 'TRUNCATED' }));
    expect(() => q.consume(-1)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(q.length).toBe(2);
  });

  it('gives the same bytes whatever the chunking and read sizes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 10 }),
        fc.array(fc.nat({ max: 25 }), { maxLength: 20 }),
        (chunks, reads) => {
          const all = chunks.flatMap((c) => [...c]);
          const q = new ByteQueue();
          for (const c of chunks) q.push(c);
          const got: number[] = [];
          for (const n of reads) {
            const take = Math.min(n, q.length);
            got.push(...q.consume(take));
          }
          got.push(...q.drain());
          expect(got).toEqual(all);
        },
      ),
    );
  });
});
