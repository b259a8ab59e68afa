import { inflateSync } from 'node:zlib';
import { ErrorCode, LabwireError } from '@labwire/core';
import { IndiErrorCode } from './errors.js';
import type { IndiDecoderLimits } from './limits.js';

/**
 * The content of a BLOB from its decoded bytes: `.z` formats are zlib-inflated (RFC 1950), with
 * the bytes cut to `len` first (indiserver 1.9.9 pads compressed BLOBs) and the output bounded
 * by the size and ratio limits, so an inflate bomb stops at the limit instead of filling memory.
 */
export function blobContent(
  decoded: Uint8Array,
  format: string | undefined,
  len: number | null | undefined,
  limits: Pick<IndiDecoderLimits, 'maxInflateBytes' | 'maxInflateRatio'>,
): Uint8Array {
  if (format === undefined || !format.endsWith('.z') || decoded.byteLength === 0) return decoded;
  const input =
    typeof len === 'number' && len > 0 && len < decoded.byteLength ? decoded.subarray(0, len) : decoded;
  const maxOutputLength = Math.max(
    1,
    Math.min(limits.maxInflateBytes, input.byteLength * limits.maxInflateRatio),
  );
  try {
    return inflateSync(input, { maxOutputLength });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new LabwireError(
        ErrorCode.LIMIT_EXCEEDED,
        `inflated BLOB exceeds ${maxOutputLength} bytes (limits: ${limits.maxInflateBytes} bytes, ratio ${limits.maxInflateRatio})`,
        { cause: err, details: { limit: maxOutputLength, compressed: input.byteLength } },
      );
    }
    throw new LabwireError(
      IndiErrorCode.BLOB_INFLATE,
      `BLOB with format ${format} does not inflate: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}
