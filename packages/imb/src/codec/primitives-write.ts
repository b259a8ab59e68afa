import { outOfRange } from './errors.js';

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const UINT32_MAX = 0xffffffff;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

export function checkInt32(value: number, what = 'int32'): number {
  if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) throw outOfRange(what, value);
  return value;
}

export function checkUint32(value: number, what = 'uint32'): number {
  if (!Number.isInteger(value) || value < 0 || value > UINT32_MAX) throw outOfRange(what, value);
  return value;
}

export function checkInt64(value: number | bigint, what = 'int64'): bigint {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw outOfRange(what, value);
  const big = BigInt(value);
  if (big < INT64_MIN || big > INT64_MAX) throw outOfRange(what, value);
  return big;
}

/** Builds a payload field by field: the growable counterpart of PayloadReader. */
export class PayloadWriter {
  private buf: Buffer;
  private at = 0;

  constructor(initial = 64) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private room(n: number): number {
    const at = this.at;
    if (at + n > this.buf.byteLength) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.byteLength * 2, at + n));
      this.buf.copy(next, 0, 0, at);
      this.buf = next;
    }
    this.at = at + n;
    return at;
  }

  int32(value: number, what?: string): this {
    this.buf.writeInt32LE(checkInt32(value, what), this.room(4));
    return this;
  }

  uint32(value: number, what?: string): this {
    this.buf.writeUInt32LE(checkUint32(value, what), this.room(4));
    return this;
  }

  int64(value: number | bigint, what?: string): this {
    this.buf.writeBigInt64LE(checkInt64(value, what), this.room(8));
    return this;
  }

  float64(value: number): this {
    this.buf.writeDoubleLE(value, this.room(8));
    return this;
  }

  float32(value: number): this {
    this.buf.writeFloatLE(value, this.room(4));
    return this;
  }

  bool(value: boolean): this {
    this.buf[this.room(1)] = value ? 1 : 0;
    return this;
  }

  /** int32 byte count + UTF-8 bytes. */
  string(value: string): this {
    const n = Buffer.byteLength(value, 'utf8');
    const at = this.room(4 + n);
    this.buf.writeInt32LE(n, at);
    this.buf.write(value, at + 4, n, 'utf8');
    return this;
  }

  /** int32 byte count + raw bytes. */
  bytes(value: Uint8Array): this {
    const at = this.room(4 + value.byteLength);
    this.buf.writeInt32LE(value.byteLength, at);
    this.buf.set(value, at + 4);
    return this;
  }

  /** Raw bytes, no count. */
  raw(value: Uint8Array): this {
    this.buf.set(value, this.room(value.byteLength));
    return this;
  }

  get length(): number {
    return this.at;
  }

  /** The bytes written so far (a view; the writer must not be reused afterwards). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }
}

/** pyimb `encode_int32`. */
export function encodeInt32(value: number): Uint8Array {
  return new PayloadWriter(4).int32(value).finish();
}

/** pyimb `encode_uint32`. */
export function encodeUint32(value: number): Uint8Array {
  return new PayloadWriter(4).uint32(value).finish();
}

export function encodeInt64(value: number | bigint): Uint8Array {
  return new PayloadWriter(8).int64(value).finish();
}

/** pyimb `encode_double`. */
export function encodeDouble(value: number): Uint8Array {
  return new PayloadWriter(8).float64(value).finish();
}

/** pyimb `encode_single`. */
export function encodeSingle(value: number): Uint8Array {
  return new PayloadWriter(4).float32(value).finish();
}

/** pyimb `encode_string`: int32 byte count + UTF-8 (`encodeString('µ°')` is `04000000c2b5c2b0`). */
export function encodeString(value: string): Uint8Array {
  return new PayloadWriter(4 + value.length * 3).string(value).finish();
}

export function encodeBytes(value: Uint8Array): Uint8Array {
  return new PayloadWriter(4 + value.byteLength).bytes(value).finish();
}
