import { deflateSync } from 'node:zlib';

/**
 * A minimal PNG writer (8-bit grayscale) for the simulator's camera frames and ROIs: the real
 * instrument sends PNGs as base64, so the simulator sends real, decodable images.
 */

const CRC_TABLE = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  CRC_TABLE[n] = c >>> 0;
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes `pixels` (width × height, row-major, one byte each) as a grayscale PNG. */
export function encodeGrayPng(width: number, height: number, pixels: Uint8Array): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // grayscale
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** A dark frame with a bright elliptical "particle", deterministic in `seed`. */
export function particleImage(width: number, height: number, seed: number): Uint8Array {
  const pixels = new Uint8Array(width * height);
  const cx = (seed * 7919) % width;
  const cy = (seed * 104729) % height;
  const rx = 2 + (seed % 5);
  const ry = 1 + (seed % 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
      pixels[y * width + x] = d <= 1 ? 220 - Math.floor(d * 60) : 12 + ((x * 31 + y * 17 + seed) % 9);
    }
  }
  return encodeGrayPng(width, height, pixels);
}
