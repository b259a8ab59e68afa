import { describe, expect, it } from 'vitest';
import { encodeValue } from './encode.js';
import { arrayElements, arrayView, isZeroCopy, ndarray, ndarrayFrom, toNativeEndian } from './ndarray.js';
import { ValueDecoder } from './value-decoder.js';
import type { NdArray, PymodaqValue } from './values.js';

function decodeOne(bytes: Uint8Array, as: 'array'): NdArray {
  let out: PymodaqValue | undefined;
  new ValueDecoder(
    {
      message: (v) => (out = v),
      error: (e) => {
        throw e;
      },
    },
    { dialect: 'v4', as },
  ).write(bytes);
  return out as NdArray;
}

describe('NdArray views', () => {
  it('wraps typed arrays without copying', () => {
    const pixels = new Uint16Array([1, 2, 3, 4, 5, 6]);
    const a = ndarray(pixels, [2, 3]);
    expect(a.dtype).toBe('<u2');
    expect(a.bytes.buffer).toBe(pixels.buffer);
    expect(arrayView(a)).toEqual(pixels);
    expect(() => ndarray(pixels, [4, 4])).toThrow(/needs 32 bytes/);
  });

  it('decodes to a view of the received bytes when aligned', () => {
    const wire = encodeValue(ndarray(new Float64Array([1.5, 2.5]), [2]), { dialect: 'v4' });
    // Place the message so that the element bytes fall on an 8-byte boundary.
    const header = wire.byteLength - 16;
    const pad = (8 - (header % 8)) % 8;
    const backing = new Uint8Array(pad + wire.byteLength);
    backing.set(wire, pad);
    const decoded = decodeOne(backing.subarray(pad), 'array');
    expect(decoded.bytes.buffer).toBe(backing.buffer);
    expect(isZeroCopy(decoded)).toBe(true);
    const view = arrayView(decoded) as Float64Array;
    expect(view.buffer).toBe(backing.buffer);
    expect([...view]).toEqual([1.5, 2.5]);
  });

  it('keeps big-endian data as received and converts only on request', () => {
    const be = ndarrayFrom('>u2', [2], [1, 258]);
    expect([...be.bytes]).toEqual([0, 1, 1, 2]);
    expect(isZeroCopy(be)).toBe(false);
    expect([...(arrayView(be) as Uint16Array)]).toEqual([1, 258]);
    expect([...be.bytes]).toEqual([0, 1, 1, 2]);
    const native = toNativeEndian(be);
    expect(native.dtype).toBe('<u2');
    expect([...native.bytes]).toEqual([1, 0, 2, 1]);
  });

  it('reads every kind element by element, float16 and complex included', () => {
    expect(arrayElements(ndarrayFrom('<f2', [3], [1.5, -2, 65504]))).toEqual([1.5, -2, 65504]);
    expect(arrayElements(ndarrayFrom('>c8', [1], [{ re: 1, im: -0.5 }]))).toEqual([{ re: 1, im: -0.5 }]);
    expect(arrayElements(ndarrayFrom('<i8', [2], [-1n, 2n ** 60n]))).toEqual([-1, 2n ** 60n]);
    expect(arrayElements(ndarrayFrom('|b1', [2], [true, false]))).toEqual([true, false]);
  });
});
