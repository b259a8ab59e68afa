import { describe, expect, it } from 'vitest';
import { decodeFits, looksLikeFits } from './fits-image.js';

/** A FITS file as INDI cameras send it: 80-column cards, 2880-byte blocks, BZERO for unsigned. */
function fits(width: number, height: number, pixels: number[]): Uint8Array {
  const cards = [
    'SIMPLE  =                    T',
    'BITPIX  =                   16 / signed 16-bit',
    'NAXIS   =                    2',
    `NAXIS1  = ${String(width).padStart(20)}`,
    `NAXIS2  = ${String(height).padStart(20)}`,
    'BZERO   =                32768',
    'END',
  ];
  const header = cards
    .map((c) => c.padEnd(80))
    .join('')
    .padEnd(2880);
  const out = new Uint8Array(2880 * 2);
  for (let i = 0; i < header.length; i++) out[i] = header.charCodeAt(i);
  const view = new DataView(out.buffer);
  for (const [i, p] of pixels.entries()) view.setInt16(2880 + i * 2, p - 32768, false);
  return out;
}

describe('decodeFits', () => {
  it('reads the size and the physical values (BZERO applied)', () => {
    const bytes = fits(3, 2, [0, 1, 2, 1000, 40000, 65535]);
    expect(looksLikeFits(bytes)).toBe(true);
    const image = decodeFits(bytes)!;
    expect([image.width, image.height]).toEqual([3, 2]);
    expect([...image.values]).toEqual([0, 1, 2, 1000, 40000, 65535]);
    expect([image.min, image.max]).toEqual([0, 65535]);
  });

  it('refuses a header without END or data shorter than the axes say', () => {
    const bytes = fits(3, 2, [0, 0, 0, 0, 0, 0]);
    expect(decodeFits(bytes.subarray(0, 2880 + 4))).toBeUndefined();
    const noEnd = bytes.slice();
    noEnd.fill(0x20, 80 * 6, 80 * 7);
    expect(decodeFits(noEnd)).toBeUndefined();
    expect(looksLikeFits(new Uint8Array(3000))).toBe(false);
  });
});
