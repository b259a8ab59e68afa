import { describe, expect, it } from 'vitest';
import { SOCKET_READ_BYTES, socketChunks } from './chunking.js';

describe('socketChunks', () => {
  it('cuts into socket-read-sized views of the input, the last one shorter', () => {
    const bytes = Buffer.alloc(2 * SOCKET_READ_BYTES + 5, 7);
    const chunks = socketChunks(bytes);
    expect(chunks.map((c) => c.byteLength)).toEqual([SOCKET_READ_BYTES, SOCKET_READ_BYTES, 5]);
    expect(chunks.every((c) => c.buffer === bytes.buffer && Buffer.isBuffer(c))).toBe(true);
    expect(Buffer.concat(chunks).equals(bytes)).toBe(true);
    expect(socketChunks(new Uint8Array(10), 4).map((c) => c.byteLength)).toEqual([4, 4, 2]);
  });
});
