import { fitsFrame } from '@labwire/indi';
import { describe, expect, it } from 'vitest';
import { readFitsImage } from './fits-image.js';

describe('readFitsImage', () => {
  it('reads the INDI simulator camera frame as an unsigned 16-bit big-endian image', () => {
    const file = fitsFrame(64, 48, 7);
    const image = readFitsImage(file);
    expect(image.dtype).toBe('>u2');
    expect(image.shape).toEqual([48, 64]);
    expect(image.bytes.byteLength).toBe(64 * 48 * 2);
    const view = new DataView(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength);
    // The simulator writes 1000 + ((x + y) & 255) + noise(0..63) at each pixel.
    for (const [x, y] of [
      [0, 0],
      [10, 5],
      [63, 47],
    ] as const) {
      const value = view.getUint16((y * 64 + x) * 2);
      expect(value).toBeGreaterThanOrEqual(1000 + ((x + y) & 255));
      expect(value).toBeLessThan(1000 + ((x + y) & 255) + 64);
    }
  });

  it('refuses files without END or with too little data', () => {
    expect(() => readFitsImage(new Uint8Array(2880).fill(32))).toThrow(
      expect.objectContaining({ code: 'MALFORMED' }),
    );
    const file = fitsFrame(64, 48);
    expect(() => readFitsImage(file.subarray(0, 2880 + 100))).toThrow(
      expect.objectContaining({ code: 'TRUNCATED' }),
    );
  });
});
