import { ByteQueue, type Decoder, type DecoderSink, ErrorCode, LabwireError } from '@labwire/core';
import { ZeissErrorCode } from './errors.js';

/** Largest legacy-tcp reply we buffer: an echo of a 1 MiB request rendered by Python can grow. */
export const LEGACY_MAX_REPLY_BYTES = 8 * 1024 * 1024;

export interface LegacyReplyDecoderOptions {
  maxBytes?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The legacy-tcp reply framing (§9): the reply is everything the server sends until it closes,
 * UTF-8, ending in exactly one CR LF that is not part of the reply. So the decoder buffers until
 * `end()` (end of stream) and only then delivers one message; the size limit is checked before
 * each chunk is buffered. A reply without its CR LF (server dropped, reply cut) is TRUNCATED.
 */
export function createLegacyReplyDecoder(
  sink: DecoderSink<string>,
  options: LegacyReplyDecoderOptions = {},
): Decoder {
  const queue = new ByteQueue(options.maxBytes ?? LEGACY_MAX_REPLY_BYTES);
  let failed = false;
  let done = false;
  return {
    write(chunk) {
      if (failed || done) return;
      try {
        queue.push(chunk);
      } catch (err) {
        failed = true;
        queue.clear();
        sink.error(err as LabwireError);
      }
    },
    end() {
      if (failed || done) return;
      done = true;
      const n = queue.length;
      if (n < 2 || queue.peekByte(n - 2) !== CR || queue.peekByte(n - 1) !== LF) {
        const error = new LabwireError(
          ErrorCode.TRUNCATED,
          n === 0 ? 'the server closed without a reply' : `legacy reply of ${n} bytes ended without CR LF`,
          { details: { bytes: n } },
        );
        queue.clear();
        sink.error(error);
        return;
      }
      const bytes = queue.drain();
      let text: string;
      try {
        text = utf8.decode(bytes.subarray(0, bytes.byteLength - 2));
      } catch (err) {
        sink.error(
          new LabwireError(ZeissErrorCode.BAD_LEGACY_REPLY, 'legacy reply is not valid UTF-8', {
            cause: err,
          }),
        );
        return;
      }
      sink.message(text);
    },
    reset() {
      queue.clear();
      failed = false;
      done = false;
    },
    get buffered() {
      return queue.length;
    },
  };
}

/** One-shot form: every byte received until the server closed → the reply text, or a LabwireError thrown. */
export function decodeLegacyReply(bytes: Uint8Array, options?: LegacyReplyDecoderOptions): string {
  let result: string | undefined;
  let error: LabwireError | undefined;
  const decoder = createLegacyReplyDecoder(
    {
      message: (m) => {
        result = m;
      },
      error: (e) => {
        error = e;
      },
    },
    options,
  );
  decoder.write(bytes);
  decoder.end();
  if (error !== undefined) throw error;
  return result!;
}
