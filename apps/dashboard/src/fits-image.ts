import type { NumericArray } from './numeric-array.js';
import { decodeNumeric } from './numeric-array.js';

/** A decoded 2-D FITS primary image (what INDI cameras send as `.fits` BLOBs). */
export interface FitsImage extends NumericArray {
  width: number;
  height: number;
}

const BLOCK = 2880;
const CARD = 80;
const BITPIX_DTYPE: Record<string, string> = {
  '8': '>u1',
  '16': '>i2',
  '32': '>i4',
  '-32': '>f4',
  '-64': '>f8',
};

export function looksLikeFits(bytes: Uint8Array): boolean {
  return bytes.byteLength >= BLOCK && String.fromCharCode(...bytes.subarray(0, 9)) === 'SIMPLE  =';
}

/**
 * Reads the primary header's cards up to END, then the data with BZERO/BSCALE applied. Only the
 * first two axes are drawn (a colour cube shows its first plane).
 */
export function decodeFits(bytes: Uint8Array): FitsImage | undefined {
  const cards = new Map<string, string>();
  let offset = 0;
  let ended = false;
  while (!ended && offset + CARD <= bytes.byteLength) {
    const card = String.fromCharCode(...bytes.subarray(offset, offset + CARD));
    offset += CARD;
    const key = card.slice(0, 8).trim();
    if (key === 'END') ended = true;
    else if (card[8] === '=') cards.set(key, card.slice(10).split('/')[0]!.trim());
  }
  if (!ended) return undefined;
  const dataStart = Math.ceil(offset / BLOCK) * BLOCK;
  const dtype = BITPIX_DTYPE[cards.get('BITPIX') ?? ''];
  const width = Number(cards.get('NAXIS1'));
  const height = Number(cards.get('NAXIS2') ?? 1);
  if (dtype === undefined || !(width > 0) || !(height > 0)) return undefined;
  const size = Math.abs(Number(cards.get('BITPIX'))) / 8;
  const end = dataStart + width * height * size;
  if (end > bytes.byteLength) return undefined;
  const raw = decodeNumeric(bytes.subarray(dataStart, end), dtype);
  if (raw === undefined) return undefined;
  const zero = Number(cards.get('BZERO') ?? 0);
  const scale = Number(cards.get('BSCALE') ?? 1);
  if (zero !== 0 || scale !== 1) {
    for (let i = 0; i < raw.values.length; i++) raw.values[i] = raw.values[i]! * scale + zero;
    const a = raw.min * scale + zero;
    const b = raw.max * scale + zero;
    raw.min = Math.min(a, b);
    raw.max = Math.max(a, b);
  }
  return { ...raw, width, height };
}
