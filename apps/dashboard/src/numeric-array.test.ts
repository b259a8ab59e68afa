import { describe, expect, it } from 'vitest';
import { decodeNumeric, isNumericDtype } from './numeric-array.js';

describe('decodeNumeric', () => {
  it('reads each byte order and kind at any offset of the frame', () => {
    const frame = new Uint8Array(1 + 4);
    const view = new DataView(frame.buffer);
    view.setUint16(1, 0x0102, false);
    view.setUint16(3, 0xfffe, false);
    // An odd offset: a Uint16Array could not alias this.
    const bytes = frame.subarray(1);
    expect([...decodeNumeric(bytes, '>u2')!.values]).toEqual([0x0102, 0xfffe]);
    expect([...decodeNumeric(bytes, '<u2')!.values]).toEqual([0x0201, 0xfeff]);
    expect([...decodeNumeric(bytes, '>i2')!.values]).toEqual([0x0102, -2]);
    expect([...decodeNumeric(bytes, '|u1')!.values]).toEqual([1, 2, 0xff, 0xfe]);
  });

  it('reports min and max, and reads floats', () => {
    const floats = new Float64Array([1.5, -2.25, 8]);
    const result = decodeNumeric(new Uint8Array(floats.buffer), '<f8')!;
    expect([...result.values]).toEqual([1.5, -2.25, 8]);
    expect([result.min, result.max]).toEqual([-2.25, 8]);
  });

  it('refuses what it cannot read', () => {
    expect(isNumericDtype('bytes')).toBe(false);
    expect(isNumericDtype('<c16')).toBe(false);
    expect(isNumericDtype('<U8')).toBe(false);
    expect(decodeNumeric(new Uint8Array(4), 'bytes')).toBeUndefined();
  });
});
