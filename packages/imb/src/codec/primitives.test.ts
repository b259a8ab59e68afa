import { describe, expect, it } from 'vitest';
import { decodeDouble, decodeInt32, decodeString, decodeStringAt, decodeUint32 } from './primitives-read.js';
import { encodeDouble, encodeInt32, encodeInt64, encodeString, encodeUint32 } from './primitives-write.js';
import { encodeFrame } from './frame-encoder.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('payload helpers', () => {
  it('encode strings as a byte count and UTF-8, as pyimb does', () => {
    expect(hex(encodeString('µ°'))).toBe('04000000c2b5c2b0');
    expect(hex(encodeString(''))).toBe('00000000');
    expect(decodeString(encodeString('hello'))).toBe('hello');
  });

  it('decode a string at an offset and say where the next field starts (pyimb nextpos)', () => {
    const buf = Buffer.concat([encodeString('foo'), encodeString('bar')]);
    const first = decodeStringAt(buf);
    expect(first).toEqual({ value: 'foo', next: 7 });
    expect(decodeString(buf, first.next)).toBe('bar');
  });

  it('refuse over-long counts and invalid UTF-8 instead of truncating', () => {
    expect(() => decodeString(Buffer.from('0a000000616263', 'hex'))).toThrow(/needs 10 bytes/);
    expect(() => decodeString(Buffer.from('02000000fffe', 'hex'))).toThrow(/UTF-8/);
  });

  it('round-trip integers and doubles little-endian', () => {
    expect(hex(encodeInt32(-15))).toBe('f1ffffff');
    expect(decodeInt32(encodeInt32(-2147483648))).toBe(-2147483648);
    expect(decodeUint32(encodeUint32(0xfffffffe))).toBe(0xfffffffe);
    expect(hex(encodeDouble(1.5))).toBe('000000000000f83f');
    expect(decodeDouble(encodeDouble(Math.PI))).toBe(Math.PI);
    expect(hex(encodeInt64(-1n))).toBe('ffffffffffffffff');
  });

  it('refuse values that do not fit their wire type', () => {
    expect(() => encodeInt32(2 ** 31)).toThrow(expect.objectContaining({ code: 'IMB_OUT_OF_RANGE' }));
    expect(() => encodeUint32(-1)).toThrow(expect.objectContaining({ code: 'IMB_OUT_OF_RANGE' }));
    expect(() => encodeInt64(2n ** 63n)).toThrow(expect.objectContaining({ code: 'IMB_OUT_OF_RANGE' }));
    expect(() => encodeFrame(-15, new Uint8Array(10 * 1024 * 1024 + 1))).toThrow(
      expect.objectContaining({ code: 'LIMIT_EXCEEDED' }),
    );
  });

  it('write no trailer for an empty payload', () => {
    expect(hex(encodeFrame(-5))).toBe('2f47617195adc5fbfbffffff00000000');
  });
});
