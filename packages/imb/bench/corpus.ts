import { encodeCommand, encodeEventFrame, encodeString } from '../dist/codec/index.js';
import { ImbFrameDecoder } from '../dist/codec/frame-decoder.js';

/**
 * A realistic mixed IMB3 byte stream: mostly small string and change-object events, some
 * 16 KiB stream bodies, variables and subscription traffic, the mix a busy hub link carries.
 */
export function mixedCorpus(targetBytes = 8 * 1024 * 1024): { bytes: Buffer; frames: number } {
  const parts: Uint8Array[] = [];
  let size = 0;
  let frames = 0;
  const chunk = new Uint8Array(16384).map((_, i) => i & 0xff);
  for (let i = 0; size < targetBytes; i++) {
    let frame: Uint8Array;
    const pick = i % 20;
    if (pick < 10)
      frame = encodeEventFrame(100 + (i % 7), 5, encodeString(`reading ${i} = ${(i * 0.37).toFixed(3)}`));
    else if (pick < 15)
      frame = encodeEventFrame(
        101,
        0,
        Buffer.concat([Buffer.from([2, 0, 0, 0]), Buffer.alloc(4, i & 0x7f), encodeString('temperature')]),
      );
    else if (pick === 15) frame = encodeEventFrame(102, 2, Buffer.concat([Buffer.alloc(4, 9), chunk]));
    else if (pick === 16)
      frame = encodeCommand('icSetVariable', { name: `lab.var${i % 13}`, value: Buffer.from(`value ${i}`) });
    else if (pick === 17)
      frame = encodeCommand('icSetEventIDTranslation', { hubEventId: 100 + (i % 50), clientEventId: i % 50 });
    else if (pick === 18)
      frame = encodeEventFrame(
        103,
        30,
        Buffer.concat([Buffer.alloc(4), encodeString(`log line ${i}`), Buffer.from([2, 0, 0, 0])]),
      );
    else
      frame = encodeCommand('icSubscribe', {
        eventId: i % 50,
        eventEntryType: 0,
        eventName: `lab.event${i % 50}`,
      });
    parts.push(frame);
    size += frame.byteLength;
    frames += 1;
  }
  return { bytes: Buffer.concat(parts), frames };
}

/** Decodes `chunks` with a fresh ImbFrameDecoder and returns how many frames came out (errors throw). */
export function decodeAll(chunks: readonly Uint8Array[]): number {
  let count = 0;
  const decoder = new ImbFrameDecoder({
    message: () => {
      count += 1;
    },
    error: (e) => {
      throw e;
    },
  });
  for (const chunk of chunks) decoder.write(chunk);
  decoder.end();
  return count;
}
