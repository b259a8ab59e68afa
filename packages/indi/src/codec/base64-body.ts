import { ErrorCode, LabwireError } from '@labwire/core';

/** Characters Node's base64 decoder counts (it also takes the URL-safe `-` and `_`). */
const NOT_ALPHABET_RUNS = /[^A-Za-z0-9+/_-]+/g;
const ALPHABET_TAIL = /^[A-Za-z0-9+/_-]*$/;

/**
 * Decodes a oneBLOB body straight from the receive buffers, piece by piece, into one output
 * buffer: base64 text is never gathered into one string, and whitespace (line breaks anywhere,
 * CRLF), padding and stray characters are ignored. Up to three significant characters are
 * carried between pieces, so the result never depends on where chunks were cut.
 *
 * Fast path: a piece is decoded as it is, and accepted when Node produced exactly 3 bytes per 4
 * characters (so every character was significant). Otherwise (line breaks, padding, junk) the
 * piece is cleaned with a regular expression and decoded again over the same output bytes.
 */
export class Base64Body {
  private out: Buffer;
  private length = 0;
  private carry = '';
  failed: LabwireError | undefined;

  /** `sizeHint`: expected decoded bytes (from `len`/`enclen`/`size`), to allocate once. */
  constructor(
    private readonly maxBytes: number,
    sizeHint: number,
  ) {
    const initial = Math.min(Math.max(0, Math.floor(sizeHint)), maxBytes);
    this.out = Buffer.allocUnsafe(initial);
  }

  get wireByteLength(): number {
    return this.length;
  }

  push(bytes: Uint8Array): void {
    if (this.failed !== undefined || bytes.byteLength === 0) return;
    const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let text = view.toString('latin1');
    if (this.carry.length > 0) {
      text = this.carry + text;
      this.carry = '';
    }
    const usable = text.length - (text.length % 4);
    const tail = text.slice(usable);
    if (ALPHABET_TAIL.test(tail) && this.decodeExact(usable === text.length ? text : text.slice(0, usable))) {
      this.carry = tail;
      return;
    }
    if (this.failed !== undefined) return;
    const clean = text.replace(NOT_ALPHABET_RUNS, '');
    const cleanUsable = clean.length - (clean.length % 4);
    this.carry = clean.slice(cleanUsable);
    if (cleanUsable > 0) this.decode(cleanUsable === clean.length ? clean : clean.slice(0, cleanUsable));
  }

  /** The decoded bytes (a view of the output buffer). */
  finish(): Uint8Array {
    if (this.failed === undefined && this.carry.length > 0) {
      this.decode(this.carry);
      this.carry = '';
    }
    return this.out.subarray(0, this.length);
  }

  /** Decodes a clean multiple-of-4 text; false (nothing kept) when not every character counted. */
  private decodeExact(text: string): boolean {
    if (text.length === 0) return true;
    const expected = (text.length >> 2) * 3;
    if (!this.reserve(expected)) return false;
    const written = this.out.write(text, this.length, 'base64');
    if (written !== expected) return false;
    this.length += written;
    return true;
  }

  private decode(text: string): void {
    if (!this.reserve((text.length >> 2) * 3 + 3)) return;
    this.length += this.out.write(text, this.length, 'base64');
  }

  /** Makes room for `more` bytes, within the BLOB limit (checked before allocating). */
  private reserve(more: number): boolean {
    const needed = this.length + more;
    if (needed <= this.out.length) return true;
    if (needed - 3 > this.maxBytes) {
      this.failed = new LabwireError(
        ErrorCode.LIMIT_EXCEEDED,
        `BLOB larger than the limit of ${this.maxBytes} bytes`,
        {
          details: { limit: this.maxBytes },
        },
      );
      return false;
    }
    const grown = Buffer.allocUnsafe(Math.max(needed, Math.min(this.maxBytes + 3, this.out.length * 2)));
    this.out.copy(grown, 0, 0, this.length);
    this.out = grown;
    return true;
  }
}
