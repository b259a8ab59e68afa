import type { Dtype } from './dtype.js';

/** A complex element: numpy's (real, imaginary) pair. */
export interface Complex {
  re: number;
  im: number;
}

/** One element as JS sees it: bool, integer (bigint beyond 2^53), float or complex. */
export type Element = boolean | number | bigint | Complex;

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Round-to-nearest-even float64 → float16 bits, through float32 (exact for values that are halves). */
function floatToHalf(value: number): number {
  f32[0] = value;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rest > mid || (rest === mid && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (mant >> 13);
  const rest = mant & 0x1fff;
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
}

function toSafe(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/** Reads element `index` of raw bytes in the dtype's own byte order. */
export function readElement(view: DataView, dtype: Dtype, index: number): Element {
  const at = index * dtype.itemsize;
  const le = dtype.littleEndian;
  switch (dtype.kind) {
    case 'b':
      return view.getUint8(at) !== 0;
    case 'i':
      switch (dtype.itemsize) {
        case 1:
          return view.getInt8(at);
        case 2:
          return view.getInt16(at, le);
        case 4:
          return view.getInt32(at, le);
        default:
          return toSafe(view.getBigInt64(at, le));
      }
    case 'u':
      switch (dtype.itemsize) {
        case 1:
          return view.getUint8(at);
        case 2:
          return view.getUint16(at, le);
        case 4:
          return view.getUint32(at, le);
        default:
          return toSafe(view.getBigUint64(at, le));
      }
    case 'f':
      switch (dtype.itemsize) {
        case 2:
          return halfToFloat(view.getUint16(at, le));
        case 4:
          return view.getFloat32(at, le);
        default:
          return view.getFloat64(at, le);
      }
    case 'c':
      return dtype.itemsize === 8
        ? { re: view.getFloat32(at, le), im: view.getFloat32(at + 4, le) }
        : { re: view.getFloat64(at, le), im: view.getFloat64(at + 8, le) };
  }
}

function asNumber(value: Element): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  return value.re;
}

function asBigInt(value: Element): bigint {
  if (typeof value === 'bigint') return value;
  return BigInt(Math.trunc(asNumber(value)));
}

/** Writes element `index` in the dtype's own byte order (numpy's casting rules for the kinds). */
export function writeElement(view: DataView, dtype: Dtype, index: number, value: Element): void {
  const at = index * dtype.itemsize;
  const le = dtype.littleEndian;
  switch (dtype.kind) {
    case 'b':
      view.setUint8(
        at,
        typeof value === 'object' ? Number(value.re !== 0 || value.im !== 0) : asNumber(value) !== 0 ? 1 : 0,
      );
      return;
    case 'i':
    case 'u':
      switch (dtype.itemsize) {
        case 1:
          view.setUint8(at, asNumber(value) & 0xff);
          return;
        case 2:
          view.setUint16(at, asNumber(value) & 0xffff, le);
          return;
        case 4:
          view.setUint32(at, asNumber(value) >>> 0, le);
          return;
        default:
          view.setBigUint64(at, BigInt.asUintN(64, asBigInt(value)), le);
          return;
      }
    case 'f':
      switch (dtype.itemsize) {
        case 2:
          view.setUint16(at, floatToHalf(asNumber(value)), le);
          return;
        case 4:
          view.setFloat32(at, asNumber(value), le);
          return;
        default:
          view.setFloat64(at, asNumber(value), le);
          return;
      }
    case 'c': {
      const re = typeof value === 'object' ? value.re : asNumber(value);
      const im = typeof value === 'object' ? value.im : 0;
      if (dtype.itemsize === 8) {
        view.setFloat32(at, re, le);
        view.setFloat32(at + 4, im, le);
      } else {
        view.setFloat64(at, re, le);
        view.setFloat64(at + 8, im, le);
      }
    }
  }
}

export function dataViewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
