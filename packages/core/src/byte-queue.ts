import { ErrorCode, LabwireError } from './errors.js';

const EMPTY = new Uint8Array(0);

/**
 * Buffers incoming chunks and hands out exactly `n` bytes, the way the `ws` receiver does:
 * chunks are kept as they arrived, a read that lies inside the first chunk is a zero-copy
 * `subarray`, and only a read that spans chunks copies into one new buffer.
 *
 * `maxBytes` bounds what may be buffered; `push` refuses a chunk that would exceed it before
 * storing anything, so a hostile peer cannot make the queue grow without bound.
 */
export class ByteQueue {
  private chunks: Uint8Array[] = [];
  /** Offset of the first unread byte inside chunks[0]. */
  private head = 0;
  private total = 0;
  readonly maxBytes: number;

  constructor(maxBytes: number = Number.POSITIVE_INFINITY) {
    this.maxBytes = maxBytes;
  }

  /** Unread bytes. */
  get length(): number {
    return this.total;
  }

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    if (this.total + chunk.byteLength > this.maxBytes) {
      throw new LabwireError(
        ErrorCode.LIMIT_EXCEEDED,
        `buffer limit of ${this.maxBytes} bytes exceeded (${this.total} buffered + ${chunk.byteLength} incoming)`,
        { details: { limit: this.maxBytes, buffered: this.total, incoming: chunk.byteLength } },
      );
    }
    this.chunks.push(chunk);
    this.total += chunk.byteLength;
  }

  /** Removes and returns exactly `n` bytes; a view into the stored chunk when it can be. */
  consume(n: number): Uint8Array {
    this.assertAvailable(n);
    if (n === 0) return EMPTY;
    const first = this.chunks[0]!;
    const available = first.byteLength - this.head;
    if (n <= available) {
      const out = first.subarray(this.head, this.head + n);
      this.advance(n);
      return out;
    }
    const out = new Uint8Array(n);
    this.copyTo(out, 0, n);
    this.advance(n);
    return out;
  }

  /** Like `consume`, but always a fresh copy the caller may keep after the source is reused. */
  consumeCopy(n: number): Uint8Array {
    this.assertAvailable(n);
    const out = new Uint8Array(n);
    this.copyTo(out, 0, n);
    this.advance(n);
    return out;
  }

  /** Discards `n` bytes. */
  skip(n: number): void {
    this.assertAvailable(n);
    this.advance(n);
  }

  /** Removes and returns everything buffered. */
  drain(): Uint8Array {
    return this.consume(this.total);
  }

  /** The byte at `offset` from the read position, without consuming. */
  peekByte(offset = 0): number {
    if (offset < 0 || offset >= this.total) throw this.outOfRange(offset + 1);
    let index = offset + this.head;
    for (const chunk of this.chunks) {
      if (index < chunk.byteLength) return chunk[index]!;
      index -= chunk.byteLength;
    }
    throw this.outOfRange(offset + 1);
  }

  /** Copies `n` bytes starting at `offset` without consuming (for headers that span chunks). */
  peek(n: number, offset = 0): Uint8Array {
    if (offset + n > this.total) throw this.outOfRange(offset + n);
    const first = this.chunks[0];
    if (first !== undefined && this.head + offset + n <= first.byteLength) {
      return first.subarray(this.head + offset, this.head + offset + n);
    }
    const out = new Uint8Array(n);
    let skip = this.head + offset;
    let written = 0;
    for (const chunk of this.chunks) {
      if (written === n) break;
      if (skip >= chunk.byteLength) {
        skip -= chunk.byteLength;
        continue;
      }
      const take = Math.min(chunk.byteLength - skip, n - written);
      out.set(chunk.subarray(skip, skip + take), written);
      written += take;
      skip = 0;
    }
    return out;
  }

  peekUint32BE(offset = 0): number {
    const b = this.peek(4, offset);
    return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  }

  peekUint32LE(offset = 0): number {
    const b = this.peek(4, offset);
    return ((b[3]! << 24) | (b[2]! << 16) | (b[1]! << 8) | b[0]!) >>> 0;
  }

  peekInt32LE(offset = 0): number {
    const b = this.peek(4, offset);
    return (b[3]! << 24) | (b[2]! << 16) | (b[1]! << 8) | b[0]!;
  }

  /** Offset (from the read position) of the first `byte` at or after `from`, or -1. */
  indexOf(byte: number, from = 0): number {
    let base = 0;
    let start = this.head + from;
    for (const chunk of this.chunks) {
      if (start < chunk.byteLength) {
        const found = chunk.indexOf(byte, start);
        if (found !== -1) return base + found - this.head;
        start = 0;
      } else {
        start -= chunk.byteLength;
      }
      base += chunk.byteLength;
    }
    return -1;
  }

  clear(): void {
    this.chunks = [];
    this.head = 0;
    this.total = 0;
  }

  private copyTo(out: Uint8Array, at: number, n: number): void {
    let written = 0;
    let offset = this.head;
    for (const chunk of this.chunks) {
      if (written === n) break;
      const take = Math.min(chunk.byteLength - offset, n - written);
      out.set(chunk.subarray(offset, offset + take), at + written);
      written += take;
      offset = 0;
    }
  }

  private advance(n: number): void {
    this.total -= n;
    let left = n;
    while (left > 0) {
      const first = this.chunks[0]!;
      const available = first.byteLength - this.head;
      if (left < available) {
        this.head += left;
        return;
      }
      left -= available;
      this.chunks.shift();
      this.head = 0;
    }
  }

  private assertAvailable(n: number): void {
    if (!Number.isInteger(n) || n < 0) {
      throw new LabwireError(
        ErrorCode.INVALID_ARGUMENT,
        `byte count must be a non-negative integer, got ${n}`,
      );
    }
    if (n > this.total) throw this.outOfRange(n);
  }

  private outOfRange(n: number): LabwireError {
    return new LabwireError(ErrorCode.TRUNCATED, `need ${n} bytes, only ${this.total} buffered`, {
      details: { needed: n, buffered: this.total },
    });
  }
}
