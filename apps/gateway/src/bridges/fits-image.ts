import { ErrorCode, LabwireError } from '@labwire/core';

/** An image as numpy describes it: dtype string, C-order shape, raw element bytes. */
export interface Image {
  dtype: string;
  shape: number[];
  bytes: Uint8Array;
}

const BLOCK = 2880;
const CARD = 80;
const DTYPES: Record<number, string> = {
  8: '|u1',
  16: '>i2',
  32: '>i4',
  64: '>i8',
  [-32]: '>f4',
  [-64]: '>f8',
};

/**
 * Reads the primary image of a FITS file (what INDI cameras send as BLOBs): header cards in
 * 2880-byte blocks up to `END`, then big-endian data. 16-bit data with BZERO 32768 (the usual
 * unsigned camera frames) is returned as `>u2`; other scaled data keeps its stored type.
 */
export function readFitsImage(file: Uint8Array): Image {
  const cards = new Map<string, string>();
  let at = 0;
  let ended = false;
  const text = new TextDecoder('latin1');
  while (!ended) {
    if (at + BLOCK > file.byteLength)
      throw new LabwireError(ErrorCode.MALFORMED, 'FITS header has no END card');
    for (let c = 0; c < BLOCK; c += CARD) {
      const card = text.decode(file.subarray(at + c, at + c + CARD));
      const key = card.slice(0, 8).trim();
      if (key === 'END') {
        ended = true;
        break;
      }
      if (card[8] === '=') cards.set(key, card.slice(10).split('/')[0]!.trim());
    }
    at += BLOCK;
  }
  const number = (key: string, fallback?: number): number => {
    const value = cards.get(key);
    if (value === undefined && fallback !== undefined) return fallback;
    const n = Number(value);
    if (value === undefined || !Number.isFinite(n))
      throw new LabwireError(ErrorCode.MALFORMED, `FITS card ${key} missing or not a number`);
    return n;
  };
  const bitpix = number('BITPIX');
  const dtype = DTYPES[bitpix];
  if (dtype === undefined) throw new LabwireError(ErrorCode.UNSUPPORTED, `FITS BITPIX ${bitpix}`);
  const axes = Array.from({ length: number('NAXIS') }, (_, i) => number(`NAXIS${i + 1}`));
  const count = axes.reduce((a, b) => a * b, 1);
  const size = count * (Math.abs(bitpix) / 8);
  if (at + size > file.byteLength) {
    throw new LabwireError(
      ErrorCode.TRUNCATED,
      `FITS data needs ${size} bytes, file has ${file.byteLength - at}`,
    );
  }
  const shape = axes.reverse();
  const data = file.subarray(at, at + size);
  if (bitpix === 16 && number('BZERO', 0) === 32768 && number('BSCALE', 1) === 1) {
    // Stored = physical - 32768: flipping the sign bit of each big-endian value gives unsigned.
    const out = new Uint8Array(data);
    for (let i = 0; i < out.length; i += 2) out[i]! ^= 0x80;
    return { dtype: '>u2', shape, bytes: out };
  }
  return { dtype, shape, bytes: data };
}
