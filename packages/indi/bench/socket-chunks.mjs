/**
 * Splits bytes as a socket would deliver them (64 KiB reads). Plain JavaScript so that the
 * isolated benchmark workers can load it too.
 * @param {Uint8Array} bytes
 * @param {number} [size]
 * @returns {Uint8Array[]}
 */
export function socketChunks(bytes, size = 64 * 1024) {
  const out = [];
  for (let at = 0; at < bytes.byteLength; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}
