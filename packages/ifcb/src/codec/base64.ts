/**
 * Base64 as the reference decodes it (CPython `base64.b64decode` without validation,
 * shared/protocols/ifcb.md 7.2.1): characters outside the alphabet are skipped, `=` ends the data
 * once a group is complete with padding, and a dangling group is an error. Returns undefined for
 * input the reference rejects.
 */

const STRICT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) {
  VALUES['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
}
const PAD = 61; // '='

export function decodeBase64(text: string): Uint8Array | undefined {
  // Well-formed input (what instruments send) decodes natively; the walk below handles the rest.
  if (STRICT.test(text)) return Buffer.from(text, 'base64');
  return decodeLenient(text);
}

function decodeLenient(text: string): Uint8Array | undefined {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let length = 0;
  let quad = 0;
  let pads = 0;
  let left = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return undefined;
    if (c === PAD) {
      if (quad >= 2 && quad + ++pads >= 4) return out.subarray(0, length);
      continue;
    }
    const v = VALUES[c]!;
    if (v < 0) continue;
    pads = 0;
    switch (quad) {
      case 0:
        left = v;
        quad = 1;
        break;
      case 1:
        out[length++] = (left << 2) | (v >> 4);
        left = v & 0x0f;
        quad = 2;
        break;
      case 2:
        out[length++] = ((left << 4) | (v >> 2)) & 0xff;
        left = v & 0x03;
        quad = 3;
        break;
      default:
        out[length++] = ((left << 6) | v) & 0xff;
        quad = 0;
    }
  }
  return quad === 0 ? out.subarray(0, length) : undefined;
}

/** Standard base64 with padding (what the simulator sends and what the reference accepts). */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
