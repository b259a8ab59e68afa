/**
 * A minimal FITS image (16-bit, big-endian) of a noise frame with a few gradients, so BLOBs of
 * a chosen size carry a real file format. FITS blocks are 2880 bytes.
 */
export function fitsFrame(width: number, height: number, seed = 1): Uint8Array {
  const cards = [
    'SIMPLE  =                    T / file conforms to FITS standard',
    'BITPIX  =                   16 / 16-bit signed integers',
    'NAXIS   =                    2',
    `NAXIS1  = ${String(width).padStart(20)}`,
    `NAXIS2  = ${String(height).padStart(20)}`,
    'BZERO   =                32768',
    'BSCALE  =                    1',
    "INSTRUME= 'Labwire Camera'",
    'END',
  ];
  const header = cards.map((c) => c.padEnd(80, ' ')).join('');
  const headerBytes = Math.ceil(header.length / 2880) * 2880;
  const dataBytes = width * height * 2;
  const total = headerBytes + Math.ceil(dataBytes / 2880) * 2880;
  const out = Buffer.alloc(total);
  out.write(header.padEnd(headerBytes, ' '), 0, 'latin1');
  let state = seed >>> 0 || 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const value = 1000 + ((x + y) & 255) + ((state >>> 0) & 63);
      const at = headerBytes + (y * width + x) * 2;
      // BZERO 32768: stored value = physical - 32768.
      out.writeInt16BE(value - 32768, at);
    }
  }
  return out;
}
