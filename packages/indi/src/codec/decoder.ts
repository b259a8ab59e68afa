import { type Decoder, type DecoderSink, ErrorCode, LabwireError } from '@labwire/core';
import type { Base64Body } from './base64-body.js';
import { ElementParser } from './element-parser.js';
import { IndiFramer } from './framer.js';
import { INDI_DEFAULT_LIMITS, type IndiDecoderLimits } from './limits.js';
import type { IndiMessage } from './messages.js';

export interface IndiDecoderOptions extends Partial<IndiDecoderLimits> {}

export interface IndiDecoderCounters {
  /** Messages delivered. */
  messages: number;
  /** Well-formed top-level elements INDI does not define (skipped, as peers skip them). */
  unknownElements: number;
  /** Errors reported to the sink. */
  errors: number;
  /** Bytes written. */
  bytes: number;
}

export interface IndiDecoder extends Decoder {
  readonly counters: Readonly<IndiDecoderCounters>;
}

const NO_BLOBS: Base64Body[] = [];

/** Complete elements, so a multi-byte character is never cut here. */
function textOf(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

interface Run {
  buffer: ArrayBufferLike;
  /** Offset in `buffer` just after the last element. */
  end: number;
  elements: Uint8Array[];
}

/**
 * A streaming decoder for the INDI element stream (either direction): bytes split anywhere in,
 * typed messages out in stream order. Malformed elements become coded errors and decoding
 * resumes at the next top-level element; nothing thrown reaches the caller.
 *
 * Elements that follow each other in one chunk (blanks between them) are decoded and handed to
 * sax as one text, in one write (sax's cost per write is noticeable on definition traffic); if
 * any of them is malformed, they are parsed again one by one so that the error lands exactly
 * where the broken element was.
 */
export function createIndiDecoder(
  sink: DecoderSink<IndiMessage>,
  options: IndiDecoderOptions = {},
): IndiDecoder {
  const limits: IndiDecoderLimits = { ...INDI_DEFAULT_LIMITS, ...definedOnly(options) };
  const counters: IndiDecoderCounters = { messages: 0, unknownElements: 0, errors: 0, bytes: 0 };
  let parser = new ElementParser(limits);
  /** Runs of adjoining elements of the current chunk, parsed when the chunk is done. */
  let pending: Run[] = [];

  const reportError = (error: LabwireError) => {
    counters.errors += 1;
    sink.error(error);
  };
  const deliver = (results: ReadonlyArray<IndiMessage | undefined>) => {
    for (const message of results) {
      if (message === undefined) counters.unknownElements += 1;
      else {
        counters.messages += 1;
        sink.message(message);
      }
    }
  };
  const parseOne = (text: string, blobs: Base64Body[]) => {
    let results: Array<IndiMessage | undefined>;
    try {
      results = parser.parse(text, blobs);
    } catch (err) {
      reportError(
        err instanceof LabwireError ? err : new LabwireError(ErrorCode.INTERNAL, String(err), { cause: err }),
      );
      return;
    }
    deliver(results);
  };
  const flush = () => {
    if (pending.length === 0) return;
    const runs = pending;
    pending = [];
    for (const run of runs) {
      if (run.elements.length === 1) {
        parseOne(textOf(run.elements[0]!), NO_BLOBS);
        continue;
      }
      // The run is one stretch of the chunk: elements and the blanks between them.
      const first = run.elements[0]!;
      const span = new Uint8Array(first.buffer, first.byteOffset, run.end - first.byteOffset);
      let results: Array<IndiMessage | undefined>;
      try {
        results = parser.parse(textOf(span), NO_BLOBS, run.elements.length);
      } catch {
        for (const element of run.elements) parseOne(textOf(element), NO_BLOBS);
        continue;
      }
      deliver(results);
    }
  };

  const framer = new IndiFramer(
    {
      element(bytes, blobs, adjoining) {
        if (blobs.length === 0) {
          const last = pending[pending.length - 1];
          if (
            adjoining &&
            last !== undefined &&
            last.buffer === bytes.buffer &&
            last.end <= bytes.byteOffset
          ) {
            last.elements.push(bytes);
            last.end = bytes.byteOffset + bytes.byteLength;
          } else {
            pending.push({
              buffer: bytes.buffer,
              end: bytes.byteOffset + bytes.byteLength,
              elements: [bytes],
            });
          }
          return;
        }
        flush();
        parseOne(textOf(bytes), blobs);
      },
      error(error) {
        flush();
        reportError(error);
      },
    },
    limits,
  );
  return {
    counters,
    get buffered() {
      return framer.buffered;
    },
    write(chunk: Uint8Array) {
      counters.bytes += chunk.byteLength;
      try {
        framer.write(chunk);
        flush();
      } catch (err) {
        // A bug, not bad input (or a sink that threw): report it and start over at the next element.
        pending = [];
        framer.reset();
        parser = new ElementParser(limits);
        reportError(
          new LabwireError(ErrorCode.INTERNAL, `INDI decoder fault: ${(err as Error).message}`, {
            cause: err,
          }),
        );
      }
    },
    end() {
      if (framer.midElement) {
        reportError(new LabwireError(ErrorCode.TRUNCATED, 'INDI stream ended inside an element'));
      }
      framer.reset();
    },
    reset() {
      pending = [];
      framer.reset();
      parser = new ElementParser(limits);
    },
  };
}

function definedOnly(options: IndiDecoderOptions): Partial<IndiDecoderLimits> {
  const out: Partial<IndiDecoderLimits> = {};
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
