import { bench, describe } from 'vitest';
import { encodeMessage, encodeMessageParts } from '../dist/codec/encode.js';
import { MessageDecoder } from '../dist/codec/message-decoder.js';
import type { PymodaqMessage } from '../dist/codec/messages.js';
import { ndarray } from '../dist/codec/ndarray.js';
import type { DteValue } from '../dist/codec/values.js';
import { doneValue } from '../dist/session/grab-data.js';

/**
 * Issue target: encode + decode of a 2048×2048 uint16 DataToExport at ≥ 50% of Buffer.copy
 * throughput on the same bytes. Baseline measured in the same run: copying the frame's 8 MiB.
 * `encodeMessage` copies the frame once into a single message buffer; `encodeMessageParts`
 * (what PymodaqConnection sends, corked into one writev) does not copy it. The decoder returns
 * a view either way.
 */
const side = 2048;
const pixels = new Uint16Array(side * side);
for (let i = 0; i < pixels.length; i++) pixels[i] = i & 0xffff;
const frame = ndarray(pixels, [side, side]);
const dte = doneValue('v4', frame, 'camera') as DteValue;
const target = Buffer.allocUnsafe(frame.bytes.byteLength);
const source = Buffer.from(frame.bytes.buffer, frame.bytes.byteOffset, frame.bytes.byteLength);

let last: PymodaqMessage | undefined;
const decoder = new MessageDecoder(
  {
    message: (m) => {
      last = m;
    },
    error: (e) => {
      throw e;
    },
  },
  { dialect: 'v4', side: 'server' },
);

describe('2048×2048 uint16 frame (8 MiB)', () => {
  bench('baseline: Buffer.copy of the frame bytes', () => {
    source.copy(target);
  });

  bench('v4 encode Done + DataToExport, then decode it', () => {
    const bytes = encodeMessage('v4', 'Done', [dte]);
    decoder.write(bytes);
    const decoded = last?.args[0];
    if (decoded?.type !== 'dte' || decoded.data[0]!.data[0]!.bytes.byteLength !== frame.bytes.byteLength) {
      throw new Error('decode failed');
    }
    // The decoded frame is a view of the message buffer, not a copy.
    if (decoded.data[0]!.data[0]!.bytes.buffer !== bytes.buffer) throw new Error('decoded frame was copied');
  });

  bench('v4 encode as sent (pieces for one writev, frame not copied), then decode', () => {
    const parts = encodeMessageParts('v4', 'Done', [dte]);
    for (const part of parts) decoder.write(part);
    const decoded = last?.args[0];
    const got = decoded?.type === 'dte' ? decoded.data[0]!.data[0]!.bytes : undefined;
    if (got?.buffer !== frame.bytes.buffer || got.byteOffset !== frame.bytes.byteOffset) {
      throw new Error('the frame should arrive as the very bytes that were encoded');
    }
  });

  bench('v4 decode only (view over the received bytes)', () => {
    decoder.write(encoded);
  });
});

const encoded = encodeMessage('v4', 'Done', [dte]);
