import { ErrorCode, LabwireError } from '@labwire/core';
import type { Base64Body } from './base64-body.js';
import { ElementParser } from './element-parser.js';
import { IndiFramer } from './framer.js';
import type { IndiDecoderLimits } from './limits.js';
import type { IndiMessage } from './messages.js';

/** Where a decoding path hands its results, in stream order. */
export interface PathOutput {
  /** One entry per top-level element: its message, or undefined for an element INDI does not define. */
  deliver(results: ReadonlyArray<IndiMessage | undefined>): void;
  error(error: LabwireError): void;
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
 * The exact path: the byte-level framer finds each top-level element, cuts BLOB bodies out and
 * enforces the size limits, and sax parses each element on its own, so a malformed element is
 * reported where it is and decoding resumes at the next one. It takes any input; the decoder
 * sends it what the direct path cannot take.
 *
 * Elements that follow each other in one chunk (blanks between them) are decoded and handed to
 * sax as one text, in one write (sax's cost per write is noticeable on definition traffic); if
 * any of them is malformed, they are parsed again one by one so that the error lands exactly
 * where the broken element was.
 */
export class FramedPath {
  private readonly parser: ElementParser;
  private readonly framer: IndiFramer;
  /** Runs of adjoining elements of the current chunk, parsed when the chunk is done. */
  private pending: Run[] = [];
  /** Elements still to pass over unparsed: the direct path delivered them already. */
  private skip = 0;

  constructor(
    limits: IndiDecoderLimits,
    private readonly out: PathOutput,
  ) {
    this.parser = new ElementParser(limits);
    this.framer = new IndiFramer(
      {
        element: (bytes, blobs, adjoining) => {
          if (this.skip > 0) {
            this.skip -= 1;
            return;
          }
          if (blobs.length === 0) {
            this.queue(bytes, adjoining);
            return;
          }
          this.flush();
          this.parseOne(textOf(bytes), blobs);
        },
        error: (error) => {
          this.flush();
          out.error(error);
        },
      },
      limits,
    );
  }

  get buffered(): number {
    return this.framer.buffered;
  }

  /** True while an element, or markup at top level, is partly received. */
  get midElement(): boolean {
    return this.framer.midElement;
  }

  /**
   * Takes the stream over from its start or from a point between top-level elements, passing
   * over the first `skip` elements it frames without parsing them.
   */
  resume(skip: number): void {
    this.reset();
    this.skip = skip;
  }

  write(chunk: Uint8Array): void {
    this.framer.write(chunk);
    this.flush();
  }

  reset(): void {
    this.pending = [];
    this.skip = 0;
    this.framer.reset();
    this.parser.restart();
  }

  private queue(bytes: Uint8Array, adjoining: boolean): void {
    const last = this.pending[this.pending.length - 1];
    if (adjoining && last !== undefined && last.buffer === bytes.buffer && last.end <= bytes.byteOffset) {
      last.elements.push(bytes);
      last.end = bytes.byteOffset + bytes.byteLength;
      return;
    }
    this.pending.push({ buffer: bytes.buffer, end: bytes.byteOffset + bytes.byteLength, elements: [bytes] });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const runs = this.pending;
    this.pending = [];
    for (const run of runs) {
      if (run.elements.length === 1) {
        this.parseOne(textOf(run.elements[0]!), NO_BLOBS);
        continue;
      }
      // The run is one stretch of the chunk: elements and the blanks between them.
      const first = run.elements[0]!;
      const span = new Uint8Array(first.buffer, first.byteOffset, run.end - first.byteOffset);
      let results: Array<IndiMessage | undefined>;
      try {
        results = this.parser.parse(textOf(span), NO_BLOBS, run.elements.length);
      } catch {
        for (const element of run.elements) this.parseOne(textOf(element), NO_BLOBS);
        continue;
      }
      this.out.deliver(results);
    }
  }

  private parseOne(text: string, blobs: Base64Body[]): void {
    let results: Array<IndiMessage | undefined>;
    try {
      results = this.parser.parse(text, blobs);
    } catch (err) {
      this.out.error(
        err instanceof LabwireError ? err : new LabwireError(ErrorCode.INTERNAL, String(err), { cause: err }),
      );
      return;
    }
    this.out.deliver(results);
  }
}
