import { ErrorCode, LabwireError } from '@labwire/core';
import type { ZeissDialect } from '../codec/dialects.js';
import { type EncodeOptions, encodeRequest } from '../codec/request-generate.js';
import type { ZeissRequest } from '../codec/types.js';

/**
 * Encodes a request for the wire and checks it against the server's size limit before anything
 * is sent (the reference closes with 1009 above 1 MiB, which would cost the connection).
 */
export function encodeForWire(
  request: ZeissRequest,
  dialect: ZeissDialect,
  options: EncodeOptions,
  maxBytes: number,
): string | Uint8Array {
  const payload = encodeRequest(request, dialect, options);
  const size = typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.byteLength;
  if (size > maxBytes) {
    throw new LabwireError(
      ErrorCode.LIMIT_EXCEEDED,
      `request of ${size} bytes exceeds the server's limit of ${maxBytes} bytes`,
      {
        details: { size, limit: maxBytes },
      },
    );
  }
  return payload;
}
