import { ErrorCode, LabwireError } from '@labwire/core';

/** Thrown inside PayloadReader when a field is missing or invalid; caught by the layout parser. */
export class NotExact extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

/**
 * A view of `buf[start..end)`. Plain Uint8Array views are much cheaper to make than
 * `Buffer#subarray` (no species lookup), and the decoder makes several per frame.
 */
export function view(buf: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset + start, end - start);
}

// `ignoreBOM` keeps a leading U+FEFF as the sender wrote it; `fatal` rejects invalid UTF-8.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Reads payload fields in order; any shortfall or invalid value throws NotExact. */
export class PayloadReader {
  at: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.byteLength,
  ) {
    this.at = start;
  }

  get remaining(): number {
    return this.end - this.at;
  }

  private need(n: number): number {
    const at = this.at;
    if (n < 0 || at + n > this.end) throw new NotExact(`needs ${n} bytes at ${at}, ${this.end - at} left`);
    this.at = at + n;
    return at;
  }

  int32(): number {
    const at = this.need(4);
    const b = this.buf;
    return b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
  }

  uint32(): number {
    return this.int32() >>> 0;
  }

  int64(): bigint {
    const lo = BigInt(this.uint32());
    const hi = BigInt(this.int32());
    return (hi << 32n) | lo;
  }

  float64(): number {
    const at = this.need(8);
    return new DataView(this.buf.buffer, this.buf.byteOffset + at, 8).getFloat64(0, true);
  }

  bool(): boolean {
    const v = this.buf[this.need(1)]!;
    if (v > 1) throw new NotExact(`bool byte ${v}`);
    return v === 1;
  }

  bytes(): Uint8Array {
    const n = this.int32();
    if (n < 0) throw new NotExact(`negative byte count ${n}`);
    const at = this.need(n);
    return view(this.buf, at, at + n);
  }

  string(): string {
    const bytes = this.bytes();
    const n = bytes.byteLength;
    if (n === 0) return '';
    // Short ASCII (most event and attribute names) without the TextDecoder call.
    if (n <= 64) {
      let ascii = true;
      for (let i = 0; i < n; i++) {
        if (bytes[i]! >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) return String.fromCharCode.apply(null, bytes as unknown as number[]);
    }
    try {
      return utf8.decode(bytes);
    } catch {
      throw new NotExact('invalid UTF-8');
    }
  }

  /** Everything up to the end, no count. */
  rest(): Uint8Array {
    const at = this.at;
    this.at = this.end;
    return view(this.buf, at, this.end);
  }

  /** Throws unless every byte was read. */
  done(): void {
    if (this.at !== this.end) throw new NotExact(`${this.end - this.at} bytes left over`);
  }
}

function malformed(err: unknown): LabwireError {
  return new LabwireError(ErrorCode.MALFORMED, err instanceof Error ? err.message : String(err), {
    cause: err,
  });
}

function read<T>(buf: Uint8Array, offset: number, f: (r: PayloadReader) => T): T {
  try {
    return f(new PayloadReader(buf, offset));
  } catch (err) {
    throw malformed(err);
  }
}

/** pyimb `decode_int` for 4 bytes: a signed int32 at `offset`. Throws MALFORMED when short. */
export function decodeInt32(buf: Uint8Array, offset = 0): number {
  return read(buf, offset, (r) => r.int32());
}

/** pyimb `decode_uint` for 4 bytes. */
export function decodeUint32(buf: Uint8Array, offset = 0): number {
  return read(buf, offset, (r) => r.uint32());
}

export function decodeInt64(buf: Uint8Array, offset = 0): bigint {
  return read(buf, offset, (r) => r.int64());
}

export function decodeDouble(buf: Uint8Array, offset = 0): number {
  return read(buf, offset, (r) => r.float64());
}

/**
 * pyimb `decode_string`: the length-prefixed string at `offset`. Unlike pyimb it refuses a
 * count past the end and invalid UTF-8 (MALFORMED) instead of truncating or crashing.
 */
export function decodeString(buf: Uint8Array, offset = 0): string {
  return read(buf, offset, (r) => r.string());
}

/** Like `decodeString`, also giving the offset after the string (pyimb `nextpos=True`). */
export function decodeStringAt(buf: Uint8Array, offset = 0): { value: string; next: number } {
  return read(buf, offset, (r) => ({ value: r.string(), next: r.at }));
}

export function decodeBytes(buf: Uint8Array, offset = 0): Uint8Array {
  return read(buf, offset, (r) => r.bytes());
}
