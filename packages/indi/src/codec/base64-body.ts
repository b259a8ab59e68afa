import { ErrorCode, LabwireError } from '@labwire/core';

/**
 * Decodes a oneBLOB body straight from the receive buffers, piece by piece, into one output
 * buffer: base64 text is never gathered into one string, and whitespace (line breaks anywhere,
 * CRLF), padding and stray characters are ignored. Up to three significant characters are carried between pieces.
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
    // Only the 64 alphabet characters count: whitespace, padding and stray bytes are dropped,
    // so the 4-character grouping (and the result) never depends on where chunks were cut.
    if (NOT_ALPHABET.test(text)) text = text.replace(NOT_ALPHABET_RUNS, '');
    if (this.carry.length > 0) {
      const need = 4 - this.carry.length;
      if (text.length < need) {
        this.carry += text;
        return;
      }
      this.write(this.carry + text.slice(0, need));
      text = text.slice(need);
      this.carry = '';
    }
    const usable = text.length - (text.length % 4);
    if (usable < text.length) this.carry = text.slice(usable);
    if (usable > 0) this.write(usable === text.length ? text : text.slice(0, usable));
  }

  /** The decoded bytes (a view of the output buffer). */
  finish(): Uint8Array {
    if (this.failed === undefined && this.carry.length > 0) {
      this.write(this.carry);
      this.carry = '';
    }
    return this.out.subarray(0, this.length);
  }

  private write(text: string): void {
    if (this.failed !== undefined) return;
    const most = (text.length >> 2) * 3 + 3;
    if (this.length + most > this.out.length) {
      const needed = this.length + most;
      if (needed - 3 > this.maxBytes + 2) {
        this.failed = new LabwireError(
          ErrorCode.LIMIT_EXCEEDED,
          `BLOB larger than the limit of ${this.maxBytes} bytes`,
          {
            details: { limit: this.maxBytes },
          },
        );
        return;
      }
      const grown = Buffer.allocUnsafe(Math.max(needed, Math.min(this.maxBytes + 3, this.out.length * 2)));
      this.out.copy(grown, 0, 0, this.length);
      this.out = grown;
    }
    this.length += this.out.write(text, this.length, 'base64');
    if (this.length > this.maxBytes) {
      this.failed = new LabwireError(
        ErrorCode.LIMIT_EXCEEDED,
        `BLOB larger than the limit of ${this.maxBytes} bytes`,
        {
          details: { limit: this.maxBytes },
        },
      );
    }
  }
}

const NOT_ALPHABET = /[^A-Za-z0-9+/]/;
const NOT_ALPHABET_RUNS = /[^A-Za-z0-9+/]+/g;
