import { LEGACY_ABORT_BYTE } from '../codec/dialects.js';

/** The reference legacy server reads with `recv(1024)`; its quirks depend on read boundaries. */
export const LEGACY_READ_BYTES = 1024;

export type LegacyReadEvent =
  | { kind: 'request'; text: string }
  /** A read that was exactly 0x1A: the reference closes the connection and exits. */
  | { kind: 'abort' }
  /** A read that is not UTF-8 on its own (or a character split across reads): the reference exits. */
  | { kind: 'decode-error'; message: string }
  /** More than the limit before the terminator (the reference buffers without bound; we refuse). */
  | { kind: 'too-large'; limit: number };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Request framing of the legacy TCP server (§9). Each read is decoded as UTF-8 on its own and
 * appended; the request ends at a U+0004 (everything from it on, rest of that read included, is
 * dropped) or at end of stream. Incoming chunks are cut into 1024-byte reads as `recv` would.
 */
export class LegacyRequestReader {
  private buffer = '';
  private finished = false;

  constructor(private readonly maxBytes: number) {}

  /** Feeds received bytes; returns an event once the request is complete (then ignores the rest). */
  push(chunk: Uint8Array): LegacyReadEvent | undefined {
    for (let at = 0; at < chunk.byteLength && !this.finished; at += LEGACY_READ_BYTES) {
      const read = chunk.subarray(at, Math.min(chunk.byteLength, at + LEGACY_READ_BYTES));
      if (read.byteLength === 1 && read[0] === LEGACY_ABORT_BYTE) {
        this.finished = true;
        return { kind: 'abort' };
      }
      let text: string;
      try {
        text = utf8.decode(read);
      } catch (err) {
        this.finished = true;
        return { kind: 'decode-error', message: (err as Error).message };
      }
      const eot = text.indexOf('\u0004');
      if (eot !== -1) {
        this.finished = true;
        return { kind: 'request', text: this.buffer + text.slice(0, eot) };
      }
      if (this.buffer.length + text.length > this.maxBytes) {
        this.finished = true;
        return { kind: 'too-large', limit: this.maxBytes };
      }
      this.buffer += text;
    }
    return undefined;
  }

  /** End of stream: whatever was buffered is the request. */
  end(): LegacyReadEvent | undefined {
    if (this.finished) return undefined;
    this.finished = true;
    return { kind: 'request', text: this.buffer };
  }
}
