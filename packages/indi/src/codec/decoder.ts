import { type Decoder, type DecoderSink, ErrorCode, LabwireError } from '@labwire/core';
import { DirectPath } from './direct-path.js';
import { FramedPath, type PathOutput } from './framed-path.js';
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

/** Which paths the decoder may use; tests compare the two. */
export interface IndiDecoderPaths {
  /** Use the direct path where it can (default true); false decodes everything framed. */
  direct?: boolean;
}

/**
 * A streaming decoder for the INDI element stream (either direction): bytes split anywhere in,
 * typed messages out in stream order. Malformed elements become coded errors and decoding
 * resumes at the next top-level element; nothing thrown reaches the caller.
 *
 * Two paths give the same results. The direct path (direct-path.ts) writes chunks straight to
 * sax and serves plain traffic; the framed path (framed-path.ts) frames each element first and
 * handles BLOB bodies, size limits and malformed input. The stream moves to the framed path
 * whenever the direct path refuses a chunk, and back at the first chunk that ends between
 * top-level elements.
 */
export function createIndiDecoder(
  sink: DecoderSink<IndiMessage>,
  options: IndiDecoderOptions = {},
  paths: IndiDecoderPaths = {},
): IndiDecoder {
  const limits: IndiDecoderLimits = { ...INDI_DEFAULT_LIMITS, ...definedOnly(options) };
  const counters: IndiDecoderCounters = { messages: 0, unknownElements: 0, errors: 0, bytes: 0 };
  const useDirect = paths.direct !== false;

  const output: PathOutput = {
    deliver(results) {
      for (const message of results) {
        if (message === undefined) counters.unknownElements += 1;
        else {
          counters.messages += 1;
          sink.message(message);
        }
      }
    },
    error(error) {
      counters.errors += 1;
      sink.error(error);
    },
  };
  const direct = new DirectPath(limits, output);
  const framed = new FramedPath(limits, output);
  let framing = !useDirect;

  const writeFramed = (chunk: Uint8Array) => {
    framed.write(chunk);
    if (useDirect && !framed.midElement) {
      framing = false;
      direct.restart();
    }
  };
  const writePiece = (piece: Uint8Array) => {
    if (framing) {
      writeFramed(piece);
      return;
    }
    if (direct.write(piece)) return;
    const { chunks, delivered } = direct.handover(piece);
    framing = true;
    framed.resume(delivered);
    for (let k = 0; k < chunks.length - 1; k++) framed.write(chunks[k]!);
    writeFramed(chunks[chunks.length - 1]!);
  };
  const restart = () => {
    framing = !useDirect;
    direct.restart();
    framed.reset();
  };

  return {
    counters,
    get buffered() {
      return framing ? framed.buffered : direct.buffered;
    },
    write(chunk: Uint8Array) {
      counters.bytes += chunk.byteLength;
      try {
        // The direct path takes at most an element's limit at a time (direct-path.ts says why).
        const max = limits.maxElementBytes;
        if (chunk.byteLength <= max || framing) writePiece(chunk);
        else for (let at = 0; at < chunk.byteLength; at += max) writePiece(chunk.subarray(at, at + max));
      } catch (err) {
        // A bug, not bad input (or a sink that threw): report it and start over at the next element.
        restart();
        output.error(
          new LabwireError(ErrorCode.INTERNAL, `INDI decoder fault: ${(err as Error).message}`, {
            cause: err,
          }),
        );
      }
    },
    end() {
      if (framing ? framed.midElement : direct.midElement) {
        output.error(new LabwireError(ErrorCode.TRUNCATED, 'INDI stream ended inside an element'));
      }
      restart();
    },
    reset() {
      restart();
    },
  };
}

function definedOnly(options: IndiDecoderOptions): Partial<IndiDecoderLimits> {
  const out: Partial<IndiDecoderLimits> = {};
  for (const [k, v] of Object.entries(options)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
