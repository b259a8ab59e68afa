const encoder = new TextEncoder();

export interface LengthSlot {
  readonly slot: Uint8Array;
  readonly start: number;
}

/** Parts larger than this are kept by reference and copied once, into the final buffer. */
const INLINE_LIMIT = 4096;

/**
 * Collects the fields of one message and joins them into a single buffer, so that a message
 * leaves in one socket write (the reference's many small writes caused Nagle stalls). Small
 * fields go into a growing scratch buffer; large byte payloads are referenced and copied
 * exactly once, by `finish`.
 */
export class ByteWriter {
  private parts: Uint8Array[] = [];
  private scratch = new Uint8Array(256);
  private used = 0;
  private total = 0;

  get length(): number {
    return this.total;
  }

  u32(value: number): this {
    this.reserve(4);
    const s = this.scratch;
    const at = this.used;
    s[at] = value >>> 24;
    s[at + 1] = (value >>> 16) & 0xff;
    s[at + 2] = (value >>> 8) & 0xff;
    s[at + 3] = value & 0xff;
    this.used += 4;
    this.total += 4;
    return this;
  }

  raw(bytes: Uint8Array): this {
    if (bytes.byteLength > INLINE_LIMIT) {
      this.flushScratch();
      this.parts.push(bytes);
    } else {
      this.reserve(bytes.byteLength);
      this.scratch.set(bytes, this.used);
      this.used += bytes.byteLength;
    }
    this.total += bytes.byteLength;
    return this;
  }

  /** A length-prefixed field: u32 byte count + bytes. */
  field(bytes: Uint8Array): this {
    return this.u32(bytes.byteLength).raw(bytes);
  }

  /** A string field: u32 UTF-8 byte count + UTF-8. */
  string(text: string): this {
    return this.field(encoder.encode(text));
  }

  /**
   * Reserves a u32 that `endLength` fills with the number of bytes written in between
   * (v5 message lengths), so the object is not encoded twice or copied.
   */
  beginLength(): LengthSlot {
    this.flushScratch();
    const slot = new Uint8Array(4);
    this.parts.push(slot);
    this.total += 4;
    return { slot, start: this.total };
  }

  endLength(mark: LengthSlot): void {
    const n = this.total - mark.start;
    mark.slot[0] = n >>> 24;
    mark.slot[1] = (n >>> 16) & 0xff;
    mark.slot[2] = (n >>> 8) & 0xff;
    mark.slot[3] = n & 0xff;
  }

  /**
   * The message as a list of pieces: small fields joined, large payloads (frames) as the
   * caller's own bytes, uncopied. For vectored writes (one writev for the whole message).
   */
  finishParts(): Uint8Array[] {
    this.flushScratch();
    return this.parts;
  }

  /** Joins everything into one buffer. */
  finish(): Uint8Array {
    this.flushScratch();
    if (this.parts.length === 1) return this.parts[0]!;
    // Not zero-filled: every byte is overwritten below (a zero fill would cost a second pass).
    const out: Uint8Array = Buffer.allocUnsafe(this.total);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.byteLength;
    }
    return out;
  }

  private reserve(n: number): void {
    if (this.used + n <= this.scratch.byteLength) return;
    const next = new Uint8Array(Math.max(this.scratch.byteLength * 2, this.used + n));
    next.set(this.scratch.subarray(0, this.used));
    this.scratch = next;
  }

  private flushScratch(): void {
    if (this.used === 0) return;
    this.parts.push(this.scratch.subarray(0, this.used));
    this.scratch = new Uint8Array(256);
    this.used = 0;
  }
}

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
