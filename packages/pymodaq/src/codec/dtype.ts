import { LabwireError } from '@labwire/core';
import { PymodaqErrorCode } from '../errors.js';

/** numpy's descriptor string (`dtype.descr[0][1]`): byte order, kind, item size. */
export type DtypeString = string;
export type DtypeKind = 'b' | 'i' | 'u' | 'f' | 'c';

export interface Dtype {
  readonly descr: DtypeString;
  /** `<` little, `>` big, `|` not applicable (one-byte types). */
  readonly order: '<' | '>' | '|';
  readonly kind: DtypeKind;
  readonly itemsize: number;
  readonly littleEndian: boolean;
}

const SIZES: Record<DtypeKind, readonly number[]> = {
  b: [1],
  i: [1, 2, 4, 8],
  u: [1, 2, 4, 8],
  f: [2, 4, 8],
  c: [8, 16],
};

const cache = new Map<string, Dtype>();

/** Parses a descriptor, or undefined when the project does not accept it (protocol reference §3.2). */
export function tryParseDtype(descr: string): Dtype | undefined {
  const hit = cache.get(descr);
  if (hit !== undefined) return hit;
  const m = /^([<>|])([biufc])(\d{1,2})$/.exec(descr);
  if (m === null) return undefined;
  const order = m[1] as '<' | '>' | '|';
  const kind = m[2] as DtypeKind;
  const itemsize = Number(m[3]);
  if (!SIZES[kind].includes(itemsize)) return undefined;
  // numpy writes `|` only for one-byte types; a multi-byte type needs a byte order.
  if (order === '|' && itemsize !== 1) return undefined;
  const dtype: Dtype = { descr, order, kind, itemsize, littleEndian: order !== '>' };
  if (cache.size < 256) cache.set(descr, dtype);
  return dtype;
}

export function parseDtype(descr: string): Dtype {
  const dtype = tryParseDtype(descr);
  if (dtype === undefined) {
    throw new LabwireError(PymodaqErrorCode.BAD_DTYPE, `unsupported dtype ${JSON.stringify(descr)}`, {
      details: { dtype: descr },
    });
  }
  return dtype;
}

/** The descriptor with the machine's byte order (little-endian on every platform Node runs on). */
export function nativeDescr(dtype: Dtype): DtypeString {
  return dtype.itemsize === 1 ? dtype.descr : `<${dtype.kind}${dtype.itemsize}`;
}
