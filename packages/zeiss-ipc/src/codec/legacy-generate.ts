import { LEGACY_REQUEST_TERMINATOR } from './dialects.js';

/** A legacy-tcp request on the wire: the UTF-8 text followed by 0x04 (EOT), as the legacy client sends it. */
export function frameLegacyRequest(text: string): Uint8Array {
  const body = Buffer.from(text, 'utf8');
  const out = new Uint8Array(body.byteLength + 1);
  out.set(body, 0);
  out[body.byteLength] = LEGACY_REQUEST_TERMINATOR;
  return out;
}

/** A legacy-tcp reply on the wire: the UTF-8 text followed by CR LF (the server then closes). */
export function frameLegacyReply(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(`${text}\r\n`, 'utf8'));
}
