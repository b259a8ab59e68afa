/**
 * Reads numpy-style typed payloads (`<u2`, `>f8`, `|u1`, …) into plain numbers. The bytes may sit
 * at any offset of the frame they arrived in and in either byte order, so this reads through a
 * DataView instead of aliasing a typed array.
 */
export interface NumericArray {
  values: Float64Array;
  min: number;
  max: number;
}

type Reader = (view: DataView, offset: number, littleEndian: boolean) => number;

const READERS: Record<string, Reader> = {
  u1: (v, o) => v.getUint8(o),
  i1: (v, o) => v.getInt8(o),
  b1: (v, o) => v.getUint8(o),
  u2: (v, o, le) => v.getUint16(o, le),
  i2: (v, o, le) => v.getInt16(o, le),
  u4: (v, o, le) => v.getUint32(o, le),
  i4: (v, o, le) => v.getInt32(o, le),
  u8: (v, o, le) => Number(v.getBigUint64(o, le)),
  i8: (v, o, le) => Number(v.getBigInt64(o, le)),
  f4: (v, o, le) => v.getFloat32(o, le),
  f8: (v, o, le) => v.getFloat64(o, le),
};

/** Whether `decodeNumeric` understands the dtype. */
export function isNumericDtype(dtype: string): boolean {
  return parseDtype(dtype) !== undefined;
}

export function decodeNumeric(bytes: Uint8Array, dtype: string): NumericArray | undefined {
  const parsed = parseDtype(dtype);
  if (parsed === undefined) return undefined;
  const { read, size, littleEndian } = parsed;
  const count = Math.floor(bytes.byteLength / size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(count);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const value = read(view, i * size, littleEndian);
    values[i] = value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { values, min, max };
}

function parseDtype(dtype: string): { read: Reader; size: number; littleEndian: boolean } | undefined {
  const match = /^([<>|=]?)([uifb])(\d)$/.exec(dtype);
  if (match === null) return undefined;
  const [, order, kind, digits] = match;
  const read = READERS[`${kind}${digits}`];
  if (read === undefined) return undefined;
  // '=' is the sender's native order; every platform labwire meets is little-endian.
  return { read, size: Number(digits), littleEndian: order !== '>' };
}
