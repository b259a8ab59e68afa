import {
  type Decoder,
  type DecoderSink,
  ErrorCode,
  LabwireError,
  Limits,
  toLabwireError,
} from '@labwire/core';
import { type Frame, FrameStack, type ParseLimits, Reader } from './parse-machine.js';

export interface DecodeLimitOptions {
  /** Largest accepted length field (default `Limits.pymodaqMessageBytes`, 256 MiB). */
  maxLength?: number;
  /** Largest accepted message in total (default: the same). */
  maxMessageBytes?: number;
}

export function limitsOf(options: DecodeLimitOptions): ParseLimits {
  const maxLength = options.maxLength ?? Limits.pymodaqMessageBytes;
  return { maxLength, maxMessageBytes: options.maxMessageBytes ?? maxLength };
}

/**
 * A streaming decoder: feeds chunks to a frame stack and reports each top-level result. The
 * stream has no message boundaries to resynchronise on, so after an error it stays failed until
 * `reset()` (the endpoints close the connection).
 */
export abstract class StreamDecoder<T> implements Decoder {
  private readonly reader: Reader;
  private readonly stack = new FrameStack();
  private failed = false;

  constructor(
    private readonly sink: DecoderSink<T>,
    limits: ParseLimits,
  ) {
    this.reader = new Reader(limits);
  }

  /** The frame for the next top-level item. */
  protected abstract topFrame(): Frame;

  get buffered(): number {
    return this.reader.available;
  }

  /** True while a value or message has begun but not ended. */
  get midMessage(): boolean {
    return !this.stack.empty || this.reader.available > 0;
  }

  write(chunk: Uint8Array): void {
    if (this.failed) return;
    if (chunk.byteLength > 0) this.reader.push(chunk);
    try {
      for (;;) {
        if (this.stack.empty) {
          if (this.reader.available === 0) return;
          this.reader.messageStart = this.reader.consumed;
          this.stack.start(this.topFrame());
        }
        const out = this.stack.run(this.reader);
        if (out === undefined) return;
        this.sink.message(out.value as T);
        if (this.failed) return;
      }
    } catch (err) {
      this.fail(toLabwireError(err, ErrorCode.MALFORMED));
    }
  }

  end(): void {
    if (this.failed) return;
    if (this.midMessage) {
      this.fail(
        new LabwireError(
          ErrorCode.TRUNCATED,
          `stream ended inside a message (${this.reader.available} bytes unread)`,
          {
            details: { buffered: this.reader.available, offset: this.reader.consumed },
          },
        ),
      );
    }
  }

  reset(): void {
    this.failed = false;
    this.stack.clear();
    this.reader.clear();
  }

  /** Stops decoding (after an error the caller closes the connection). */
  protected fail(error: LabwireError): void {
    this.failed = true;
    this.stack.clear();
    const consumed = this.reader.consumed;
    this.reader.clear();
    const details = { ...(error.details ?? {}), offset: consumed, resynchronised: false };
    this.sink.error(new LabwireError(error.code, error.message, { cause: error.cause, details }));
  }
}
