import { describe, expect, it } from 'vitest';
import { BINARY_HEADER_PREFIX_BYTES, decodeServerFrame } from './encoding.js';

function dataFrame(header: unknown, payload: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(BINARY_HEADER_PREFIX_BYTES + json.byteLength + payload.byteLength);
  new DataView(out.buffer).setUint32(0, json.byteLength);
  out.set(json, BINARY_HEADER_PREFIX_BYTES);
  out.set(payload, BINARY_HEADER_PREFIX_BYTES + json.byteLength);
  return out;
}

describe('decodeServerFrame', () => {
  it('parses text frames', () => {
    expect(decodeServerFrame('{"type":"reply","id":1,"ok":true}')).toEqual({
      type: 'reply',
      id: 1,
      ok: true,
    });
  });

  it('returns the payload of a binary data frame as a view into the frame, from ArrayBuffer and Uint8Array', () => {
    const payload = new Uint8Array([0, 1, 2, 250, 255]);
    const frame = dataFrame({ type: 'event', sub: 3, event: { kind: 'data', byteLength: 5 } }, payload);
    for (const input of [frame, frame.buffer as ArrayBuffer]) {
      const message = decodeServerFrame(input);
      expect(message.type).toBe('event');
      if (message.type !== 'event') return;
      expect(message.sub).toBe(3);
      expect([...message.event.payload!]).toEqual([...payload]);
      expect(message.event.payload!.buffer).toBe(frame.buffer);
    }
  });

  it('reads a frame that sits at an offset inside a larger buffer (Node Buffers from a pool)', () => {
    const frame = dataFrame({ type: 'event', sub: 1, event: { kind: 'data' } }, new Uint8Array([9, 8]));
    const pool = new Uint8Array(frame.byteLength + 10);
    pool.set(frame, 7);
    const message = decodeServerFrame(pool.subarray(7, 7 + frame.byteLength));
    expect(message.type === 'event' && [...message.event.payload!]).toEqual([9, 8]);
  });

  it('refuses malformed frames with MALFORMED', () => {
    expect(() => decodeServerFrame('nope')).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
    expect(() => decodeServerFrame('[1,2]')).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
    expect(() => decodeServerFrame(new Uint8Array([0, 0]))).toThrow(
      expect.objectContaining({ code: 'MALFORMED' }),
    );
    const overrun = new Uint8Array(8);
    new DataView(overrun.buffer).setUint32(0, 100);
    expect(() => decodeServerFrame(overrun)).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
    const notEvent = dataFrame({ type: 'reply', id: 1, ok: true }, new Uint8Array(0));
    expect(() => decodeServerFrame(notEvent)).toThrow(expect.objectContaining({ code: 'MALFORMED' }));
  });
});
