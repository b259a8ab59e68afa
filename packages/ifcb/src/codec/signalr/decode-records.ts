import { type Decoder, ErrorCode, LabwireError, Limits } from '@labwire/core';
import { IfcbErrorCode } from '../errors.js';
import {
  RECORD_SEPARATOR,
  RECORD_SEPARATOR_BYTE,
  type HandshakeRequest,
  type HandshakeResponse,
  type HubRecord,
} from './records.js';
import { validateRecord } from './validate-record.js';

/**
 * Incremental decoder of the SignalR JSON hub protocol: records end with U+001E, one WebSocket
 * message may hold several and a record may arrive in pieces (kept until the rest arrives;
 * `incomplete` only at the end of input). The first record is the handshake when the decoder
 * starts in the `handshake` phase. Bad records are reported to the sink and skipped; the stream
 * resynchronises at the next separator.
 */

export type HubDecodePhase = 'handshake' | 'messages';

export interface HubDecoderSink {
  /** The handshake record (request on the hub side, response on the client side). */
  handshake?(record: HandshakeRequest | HandshakeResponse): void;
  record(record: HubRecord): void;
  error(error: LabwireError): void;
  /** A well-formed record of a type the protocol does not define: dropped, counted. */
  ignored?(record: Record<string, unknown>): void;
}

export interface HubDecoderOptions {
  phase?: HubDecodePhase;
  /** Which side decodes: the hub also accepts stream invocations and cancels. Default `client`. */
  side?: 'client' | 'hub';
  /** Largest record (UTF-8 bytes); checked before buffering. Default `Limits.ifcbFrameBytes`. */
  maxRecordBytes?: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class HubRecordDecoder implements Decoder {
  private phase: HubDecodePhase;
  private readonly initialPhase: HubDecodePhase;
  private readonly side: 'client' | 'hub';
  private readonly maxRecordBytes: number;
  private pendingText = '';
  private pendingBytes: Uint8Array[] = [];
  private pendingSize = 0;
  /** Skipping an oversized record up to its separator. */
  private discarding = false;
  /** The handshake failed: nothing more is decoded until `reset()`. */
  private failed = false;
  /** Records decoded, ignored and refused so far. */
  readonly counts = { records: 0, ignored: 0, errors: 0 };

  constructor(
    private readonly sink: HubDecoderSink,
    options: HubDecoderOptions = {},
  ) {
    this.initialPhase = options.phase ?? 'messages';
    this.phase = this.initialPhase;
    this.side = options.side ?? 'client';
    this.maxRecordBytes = options.maxRecordBytes ?? Limits.ifcbFrameBytes;
  }

  get buffered(): number {
    return this.pendingSize;
  }

  /** True once the handshake record was decoded (always true in the `messages` phase). */
  get handshakeDone(): boolean {
    return this.phase === 'messages';
  }

  /** Feeds a text WebSocket message (or any piece of the text stream). */
  writeText(text: string): void {
    if (this.failed) return;
    if (this.pendingBytes.length > 0) {
      this.write(Buffer.from(text, 'utf8'));
      return;
    }
    let start = 0;
    for (;;) {
      const end = text.indexOf(RECORD_SEPARATOR, start);
      if (end < 0) break;
      if (this.discarding) this.discarding = false;
      else if (this.admit(end - start, text.length - start)) {
        const record =
          this.pendingText === '' ? text.slice(start, end) : this.pendingText + text.slice(start, end);
        this.pendingText = '';
        this.pendingSize = 0;
        this.decodeRecord(record);
      }
      start = end + 1;
      if (this.failed) return;
    }
    if (start < text.length && !this.discarding) {
      const rest = start === 0 ? text : text.slice(start);
      if (this.admit(rest.length, rest.length)) {
        this.pendingText += rest;
        this.pendingSize += rest.length;
      }
    }
  }

  /** Feeds bytes (UTF-8); 0x1E never occurs inside a multi-byte sequence, so splitting is safe. */
  write(chunk: Uint8Array): void {
    if (this.failed) return;
    if (this.pendingText !== '') {
      const text = this.pendingText;
      this.pendingText = '';
      this.pendingSize = 0;
      this.pendingBytes = [Buffer.from(text, 'utf8')];
      this.pendingSize = this.pendingBytes[0]!.byteLength;
    }
    let start = 0;
    for (;;) {
      const end = chunk.indexOf(RECORD_SEPARATOR_BYTE, start);
      if (end < 0) break;
      if (this.discarding) this.discarding = false;
      else if (this.admit(end - start, chunk.byteLength - start)) {
        const piece = chunk.subarray(start, end);
        const bytes = this.pendingBytes.length === 0 ? piece : Buffer.concat([...this.pendingBytes, piece]);
        this.pendingBytes = [];
        this.pendingSize = 0;
        let text: string;
        try {
          text = utf8.decode(bytes);
        } catch (err) {
          this.report(IfcbErrorCode.HUB_JSON, 'a record is not valid UTF-8', err);
          start = end + 1;
          if (this.phase === 'handshake') this.failed = true;
          if (this.failed) return;
          continue;
        }
        this.decodeRecord(text);
      }
      start = end + 1;
      if (this.failed) return;
    }
    if (start < chunk.byteLength && !this.discarding) {
      const rest = chunk.slice(start);
      if (this.admit(rest.byteLength, rest.byteLength)) {
        this.pendingBytes.push(rest);
        this.pendingSize += rest.byteLength;
      }
    }
  }

  end(): void {
    const partial = this.pendingSize > 0 || this.discarding;
    const noHandshake = this.phase === 'handshake' && !this.failed;
    if ((partial || noHandshake) && !this.failed) {
      this.report(
        IfcbErrorCode.HUB_INCOMPLETE,
        noHandshake && !partial
          ? 'the input ended before the handshake'
          : 'the input ended inside a record (no 0x1E)',
      );
    }
    this.clearPending();
  }

  reset(): void {
    this.clearPending();
    this.phase = this.initialPhase;
    this.failed = false;
  }

  private clearPending(): void {
    this.pendingText = '';
    this.pendingBytes = [];
    this.pendingSize = 0;
    this.discarding = false;
  }

  /** Checks the record limit before buffering `adding` more units; on excess, skips to the next separator. */
  private admit(adding: number, _available: number): boolean {
    if (this.pendingSize + adding <= this.maxRecordBytes) return true;
    this.clearPending();
    this.discarding = true;
    this.report(
      ErrorCode.LIMIT_EXCEEDED,
      `a hub record exceeds ${this.maxRecordBytes} bytes; skipped`,
      undefined,
      {
        limit: this.maxRecordBytes,
      },
    );
    return false;
  }

  private report(
    code: string,
    message: string,
    cause?: unknown,
    details: Record<string, unknown> = {},
  ): void {
    this.counts.errors += 1;
    this.sink.error(
      new LabwireError(code, message, { cause, details: { ...details, resynchronised: !this.failed } }),
    );
  }

  private decodeRecord(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      if (this.phase === 'handshake') this.failed = true;
      this.report(IfcbErrorCode.HUB_JSON, `a hub record is not JSON: ${(err as Error).message}`, err, {
        record: text.slice(0, 200),
      });
      return;
    }
    if (this.phase === 'handshake') {
      const r = value as Record<string, unknown> | null;
      if (r === null || typeof r !== 'object' || Array.isArray(r) || r.type) {
        this.failed = true;
        this.report(IfcbErrorCode.HUB_NOT_HANDSHAKE, 'expected a handshake record first', undefined, {
          record: text.slice(0, 200),
        });
        return;
      }
      this.phase = 'messages';
      this.sink.handshake?.(r as HandshakeRequest | HandshakeResponse);
      return;
    }
    const checked = validateRecord(value, this.side);
    if (checked === 'ignore') {
      this.counts.ignored += 1;
      this.sink.ignored?.(value as Record<string, unknown>);
      return;
    }
    if (typeof checked === 'string') {
      this.report(IfcbErrorCode.HUB_INVALID_MESSAGE, `invalid hub record: ${checked}`, undefined, {
        record: text.slice(0, 200),
      });
      return;
    }
    this.counts.records += 1;
    this.sink.record(checked);
  }
}

export interface DecodedHubText {
  handshake?: HandshakeRequest | HandshakeResponse;
  records: HubRecord[];
  /** The first error, if any (records decoded before it are kept). */
  error?: LabwireError;
}

/** Decodes a whole text at once (one WebSocket message, or a recorded exchange). */
export function decodeHubText(
  text: string,
  phase: HubDecodePhase = 'messages',
  options: Omit<HubDecoderOptions, 'phase'> = {},
): DecodedHubText {
  const out: DecodedHubText = { records: [] };
  const decoder = new HubRecordDecoder(
    {
      handshake: (h) => {
        out.handshake = h;
      },
      record: (r) => out.records.push(r),
      error: (e) => {
        out.error ??= e;
      },
    },
    { ...options, phase },
  );
  decoder.writeText(text);
  decoder.end();
  return out;
}
