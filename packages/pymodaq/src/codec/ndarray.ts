import { LabwireError, ErrorCode } from '@labwire/core';
import { type Dtype, type DtypeString, nativeDescr, parseDtype } from './dtype.js';
import { type Element, dataViewOf, readElement, writeElement } from './elements.js';
import type { NdArray } from './values.js';

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

const DTYPE_OF: Array<[new (...args: never[]) => TypedArray, DtypeString]> = [
  [Int8Array, '|i1'],
  [Uint8Array, '|u1'],
  [Uint8ClampedArray as unknown as new () => Uint8Array, '|u1'],
  [Int16Array, '<i2'],
  [Uint16Array, '<u2'],
  [Int32Array, '<i4'],
  [Uint32Array, '<u4'],
  [BigInt64Array, '<i8'],
  [BigUint64Array, '<u8'],
  [Float32Array, '<f4'],
  [Float64Array, '<f8'],
];

/**
 * Wraps a typed array as an NdArray without copying (its bytes are the typed array's memory).
 * `shape` defaults to 1-D; `dtype` defaults to the typed array's own (`|b1` and complex need it said).
 */
export function ndarray(values: TypedArray, shape: number[] = [values.length], dtype?: DtypeString): NdArray {
  let descr = dtype;
  if (descr === undefined) {
    for (const [ctor, d] of DTYPE_OF) if (values instanceof ctor) descr = d;
  }
  const parsed = parseDtype(descr ?? '|u1');
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (elementCount(shape) * parsed.itemsize !== bytes.byteLength) {
    throw new LabwireError(
      ErrorCode.INVALID_ARGUMENT,
      `shape [${shape.join(', ')}] of ${parsed.descr} needs ${elementCount(shape) * parsed.itemsize} bytes, got ${bytes.byteLength}`,
    );
  }
  return { type: 'array', dtype: parsed.descr, shape, bytes };
}

/** Builds an NdArray from element values (numbers, bigints, booleans, complex pairs). */
export function ndarrayFrom(dtype: DtypeString, shape: number[], elements: ArrayLike<Element>): NdArray {
  const parsed = parseDtype(dtype);
  const bytes = new Uint8Array(elementCount(shape) * parsed.itemsize);
  const view = dataViewOf(bytes);
  for (let i = 0; i < elements.length; i++) writeElement(view, parsed, i, elements[i]!);
  return { type: 'array', dtype, shape, bytes };
}

/** The elements as JS values (bool, number, bigint beyond 2^53, {re, im}), in C order. */
export function arrayElements(array: NdArray): Element[] {
  const dtype = parseDtype(array.dtype);
  const view = dataViewOf(array.bytes);
  const n = array.bytes.byteLength / dtype.itemsize;
  const out: Element[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = readElement(view, dtype, i);
  return out;
}

function typedCtor(dtype: Dtype): (new (
  buffer: ArrayBufferLike,
  byteOffset: number,
  length: number,
) => TypedArray) & {
  BYTES_PER_ELEMENT: number;
} {
  switch (`${dtype.kind}${dtype.itemsize}`) {
    case 'b1':
    case 'u1':
      return Uint8Array;
    case 'i1':
      return Int8Array;
    case 'i2':
      return Int16Array;
    case 'u2':
      return Uint16Array;
    case 'i4':
      return Int32Array;
    case 'u4':
      return Uint32Array;
    case 'i8':
      return BigInt64Array;
    case 'u8':
      return BigUint64Array;
    case 'f4':
    case 'c8':
      return Float32Array;
    case 'f8':
    case 'c16':
      return Float64Array;
    default:
      throw new LabwireError(
        ErrorCode.UNSUPPORTED,
        `no typed array holds ${dtype.descr} (float16): use arrayElements()`,
      );
  }
}

/**
 * A typed array over the array's bytes. Zero-copy when the bytes are little-endian (or one-byte)
 * and aligned to the item size; otherwise the bytes are copied (aligned) and, for big-endian
 * dtypes, byte-swapped: big-endian data is converted only here, when asked for. Complex arrays
 * come back as interleaved (re, im) floats; `|b1` as 0/1 bytes; float16 is not supported here.
 */
export function arrayView(array: NdArray): TypedArray {
  const dtype = parseDtype(array.dtype);
  const Ctor = typedCtor(dtype);
  const width = Ctor.BYTES_PER_ELEMENT;
  const { bytes } = array;
  const length = bytes.byteLength / width;
  if (dtype.littleEndian && bytes.byteOffset % width === 0)
    return new Ctor(bytes.buffer, bytes.byteOffset, length);
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  if (!dtype.littleEndian && width > 1) swapInPlace(copy, width);
  return new Ctor(copy.buffer, 0, length);
}

/** True when `arrayView` can return a view without copying. */
export function isZeroCopy(array: NdArray): boolean {
  const dtype = parseDtype(array.dtype);
  const width = dtype.kind === 'c' ? dtype.itemsize / 2 : dtype.itemsize;
  return dtype.littleEndian && array.bytes.byteOffset % width === 0;
}

function swapInPlace(bytes: Uint8Array, width: number): void {
  for (let at = 0; at + width <= bytes.byteLength; at += width) {
    for (let i = 0, j = width - 1; i < j; i++, j--) {
      const t = bytes[at + i]!;
      bytes[at + i] = bytes[at + j]!;
      bytes[at + j] = t;
    }
  }
}

/** The same array in native (little-endian) byte order: itself when already so, else a swapped copy. */
export function toNativeEndian(array: NdArray): NdArray {
  const dtype = parseDtype(array.dtype);
  if (dtype.littleEndian) return array;
  const copy = Uint8Array.from(array.bytes);
  swapInPlace(copy, dtype.kind === 'c' ? dtype.itemsize / 2 : dtype.itemsize);
  return { type: 'array', dtype: nativeDescr(dtype), shape: [...array.shape], bytes: copy };
}
