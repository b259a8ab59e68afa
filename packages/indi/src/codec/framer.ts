import { ErrorCode, LabwireError } from '@labwire/core';
import { Base64Body } from './base64-body.js';
import { IndiErrorCode } from './errors.js';

/** What the framer hands on: one complete top-level element (BLOB bodies cut out) and its bodies. */
export interface FramerSink {
  /**
   * `adjoining`: the element lies in the same chunk as the previous one, with only blanks
   * between them, so a consumer may decode both (and the blanks) as one text.
   */
  element(bytes: Uint8Array, blobs: Base64Body[], adjoining: boolean): void;
  error(error: LabwireError): void;
}

export interface FramerOptions {
  maxElementBytes: number;
  maxBlobBytes: number;
}

enum S {
  /** Between top-level elements: skip text up to `<`. */
  Top,
  /** Saw `<` at top level; the next byte says what follows. */
  TopOpen,
  /** `<?...>` or `<!...>` at top level: skipped up to `>`. */
  TopDecl,
  /** `</...>` at top level: an error once its `>` arrives. */
  TopEndTag,
  /** Inside an element, between tags. */
  Content,
  /** Saw `<` inside an element. */
  ContentOpen,
  /** Reading the name of a start tag. */
  StartName,
  /** Inside a start tag after its name: attributes, quotes respected. */
  StartAttrs,
  /** Inside an end tag or a declaration inside an element: up to `>`. */
  PlainTag,
  /** A oneBLOB body: base64 text up to the next `<`. */
  Body,
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const QUESTION = 63;
const BANG = 33;
const DQUOTE = 34;
const SQUOTE = 39;
const ONE_BLOB = [111, 110, 101, 66, 76, 79, 66]; // "oneBLOB"

const isBlank = (b: number): boolean => b === 32 || b === 10 || b === 9 || b === 13;

/** The last byte of `chunk[from, to)` that is not a blank, or `otherwise` when there is none. */
function lastNonBlank(chunk: Uint8Array, from: number, to: number, otherwise: number): number {
  for (let k = to - 1; k >= from; k--) if (!isBlank(chunk[k]!)) return chunk[k]!;
  return otherwise;
}

/**
 * The byte-level framer (a state machine over the chunks as they arrive, like ws's receiver):
 * finds where each top-level element ends, keeps its bytes as views of the received chunks, and
 * streams oneBLOB bodies into base64 decoders so that megabytes of base64 never reach sax.
 * Size limits are checked before anything is kept.
 */
export class IndiFramer {
  private state = S.Top;
  private depth = 0;
  private pieces: Uint8Array[] = [];
  private pieceBytes = 0;
  /** Start of the element bytes in the current chunk, or -1 when not recording (body, top level). */
  private segStart = -1;
  private quote = 0;
  private lastSignificant = 0;
  private nameIndex = 0;
  private nameIsBlob = false;
  private tagIsEnd = false;
  private blobs: Base64Body[] = [];
  private body: Base64Body | undefined;
  /** The element went over a limit: keep framing it, but drop it when it ends. */
  private discarding = false;
  /** End (exclusive) of the last element completed in the current chunk, or -1. */
  private previousEnd = -1;
  /** Only blanks since `previousEnd`. */
  private gapClean = false;

  constructor(
    private readonly sink: FramerSink,
    private readonly options: FramerOptions,
  ) {}

  /** Bytes held for the element being received (BLOB output excluded). */
  get buffered(): number {
    return this.pieceBytes;
  }

  /** True while an element is partly received. */
  get midElement(): boolean {
    return this.state !== S.Top;
  }

  reset(): void {
    this.state = S.Top;
    this.depth = 0;
    this.dropElement();
  }

  write(chunk: Uint8Array): void {
    const n = chunk.byteLength;
    let i = 0;
    this.previousEnd = -1;
    this.gapClean = false;
    if (
      this.state !== S.Top &&
      this.state !== S.TopDecl &&
      this.state !== S.TopEndTag &&
      this.state !== S.Body
    ) {
      this.segStart = 0;
    }
    let bodyStart = this.state === S.Body ? 0 : -1;
    // Where the next `>`, `"` and `'` of this chunk are (-1: none left; -2: not searched yet).
    let nextGt = -2;
    let nextDq = -2;
    let nextSq = -2;
    while (i < n) {
      switch (this.state) {
        case S.Top: {
          const at = chunk.indexOf(LT, i);
          if (at === -1) {
            i = n;
            break;
          }
          if (this.gapClean) {
            for (let k = i; k < at; k++) {
              if (!isBlank(chunk[k]!)) {
                this.gapClean = false;
                break;
              }
            }
          }
          this.segStart = at;
          this.state = S.TopOpen;
          i = at + 1;
          break;
        }
        case S.TopOpen: {
          const b = chunk[i]!;
          if (b === QUESTION || b === BANG) {
            this.state = S.TopDecl;
            this.gapClean = false;
            this.dropElement();
          } else if (b === SLASH) {
            this.state = S.TopEndTag;
            this.gapClean = false;
            this.dropElement();
          } else {
            this.depth = 0;
            this.beginStartTag(b);
          }
          i += 1;
          break;
        }
        case S.TopDecl:
        case S.TopEndTag: {
          const at = chunk.indexOf(GT, i);
          if (at === -1) {
            i = n;
            break;
          }
          if (this.state === S.TopEndTag) {
            this.sink.error(
              new LabwireError(IndiErrorCode.XML_MALFORMED, 'end tag at top level', {
                details: { resynchronised: true },
              }),
            );
          }
          this.state = S.Top;
          i = at + 1;
          break;
        }
        case S.Content: {
          const at = chunk.indexOf(LT, i);
          if (at === -1) {
            i = n;
            break;
          }
          this.state = S.ContentOpen;
          i = at + 1;
          break;
        }
        case S.ContentOpen: {
          const b = chunk[i]!;
          if (b === SLASH) {
            this.tagIsEnd = true;
            this.state = S.PlainTag;
          } else if (b === QUESTION || b === BANG) {
            this.tagIsEnd = false;
            this.state = S.PlainTag;
          } else this.beginStartTag(b);
          i += 1;
          break;
        }
        case S.StartName: {
          const b = chunk[i]!;
          if (isBlank(b) || b === SLASH || b === GT) {
            this.nameIsBlob = this.nameIsBlob && this.nameIndex === ONE_BLOB.length;
            this.state = S.StartAttrs;
            break; // re-read this byte in StartAttrs
          }
          if (this.nameIndex >= ONE_BLOB.length || ONE_BLOB[this.nameIndex] !== b) this.nameIsBlob = false;
          this.nameIndex += 1;
          i += 1;
          break;
        }
        case S.StartAttrs: {
          // Jump from quote to quote to the `>` that ends the tag, with native searches. The
          // next `>`, `"` and `'` of the chunk are remembered and searched again only once
          // passed, so a chunk is scanned at most once for each whatever its tags look like.
          let end = -1;
          let quote = this.quote;
          let last = this.lastSignificant;
          while (i < n) {
            if (quote !== 0) {
              const close = chunk.indexOf(quote, i);
              if (close === -1) {
                i = n;
                break;
              }
              last = quote;
              quote = 0;
              i = close + 1;
              continue;
            }
            if (nextGt !== -1 && nextGt < i) nextGt = chunk.indexOf(GT, i);
            if (nextDq !== -1 && nextDq < i) nextDq = chunk.indexOf(DQUOTE, i);
            if (nextSq !== -1 && nextSq < i) nextSq = chunk.indexOf(SQUOTE, i);
            const q = nextDq === -1 ? nextSq : nextSq === -1 ? nextDq : Math.min(nextDq, nextSq);
            if (nextGt !== -1 && (q === -1 || nextGt < q)) {
              end = nextGt;
              last = lastNonBlank(chunk, i, end, last);
              break;
            }
            if (q === -1) {
              last = lastNonBlank(chunk, i, n, last);
              i = n;
              break;
            }
            quote = chunk[q]!;
            i = q + 1;
          }
          this.quote = quote;
          this.lastSignificant = last;
          if (end === -1) break;
          i = end + 1;
          this.endStartTag(chunk, end);
          const next = this.state as S;
          if (next === S.Body) bodyStart = i;
          else if (next === S.Top) this.completeElement(chunk, end);
          break;
        }
        case S.PlainTag: {
          const at = chunk.indexOf(GT, i);
          if (at === -1) {
            i = n;
            break;
          }
          i = at + 1;
          if (this.tagIsEnd) {
            this.depth -= 1;
            if (this.depth <= 0) {
              this.state = S.Top;
              this.completeElement(chunk, at);
              break;
            }
          }
          this.state = S.Content;
          break;
        }
        case S.Body: {
          const at = chunk.indexOf(LT, i);
          const stop = at === -1 ? n : at;
          if (!this.discarding && stop > bodyStart) this.body!.push(chunk.subarray(bodyStart, stop));
          if (at === -1) {
            i = n;
            break;
          }
          this.body = undefined;
          this.segStart = at;
          this.state = S.ContentOpen;
          i = at + 1;
          break;
        }
      }
    }
    // Keep the unfinished element's bytes of this chunk.
    if (
      this.state !== S.Top &&
      this.state !== S.TopDecl &&
      this.state !== S.TopEndTag &&
      this.state !== S.Body
    ) {
      if (this.segStart >= 0 && this.segStart < n) this.keep(chunk.subarray(this.segStart, n));
    }
    this.segStart = -1;
  }

  private beginStartTag(first: number): void {
    this.state = S.StartName;
    this.quote = 0;
    this.lastSignificant = first;
    this.nameIndex = 1;
    this.nameIsBlob = first === ONE_BLOB[0];
    this.tagIsEnd = false;
  }

  /** `end` is the index of the tag's `>` in `chunk`. */
  private endStartTag(chunk: Uint8Array, end: number): void {
    const selfClosing = this.lastSignificant === SLASH;
    if (selfClosing) {
      this.state = this.depth === 0 ? S.Top : S.Content;
      return;
    }
    this.depth += 1;
    if (!this.nameIsBlob) {
      this.state = S.Content;
      return;
    }
    // A oneBLOB body follows: keep the element bytes up to here, stream the body aside.
    if (this.segStart >= 0) this.keep(chunk.subarray(this.segStart, end + 1));
    this.segStart = -1;
    const body = new Base64Body(this.options.maxBlobBytes, this.discarding ? 0 : sizeHint(this.tail(512)));
    this.blobs.push(body);
    this.body = body;
    this.state = S.Body;
  }

  private keep(piece: Uint8Array): void {
    if (this.discarding || piece.byteLength === 0) return;
    if (this.pieceBytes + piece.byteLength > this.options.maxElementBytes) {
      this.discarding = true;
      this.pieces = [];
      this.pieceBytes = 0;
      this.sink.error(
        new LabwireError(
          ErrorCode.LIMIT_EXCEEDED,
          `INDI element larger than ${this.options.maxElementBytes} bytes`,
          {
            details: { limit: this.options.maxElementBytes, resynchronised: true },
          },
        ),
      );
      return;
    }
    this.pieces.push(piece);
    this.pieceBytes += piece.byteLength;
  }

  /** The last `n` kept bytes as latin1 text (to read a oneBLOB tag's size attributes). */
  private tail(n: number): string {
    let out = '';
    for (let k = this.pieces.length - 1; k >= 0 && out.length < n; k--) {
      const p = this.pieces[k]!;
      out =
        Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('latin1', Math.max(0, p.byteLength - n)) +
        out;
    }
    return out;
  }

  private completeElement(chunk: Uint8Array, end: number): void {
    // One view of this chunk (no earlier pieces, no BLOB body cut out)?
    const single = this.pieces.length === 0 && this.blobs.length === 0 && !this.discarding;
    const adjoining = single && this.previousEnd !== -1 && this.gapClean;
    this.previousEnd = single ? end + 1 : -1;
    this.gapClean = single;
    if (!this.discarding && this.segStart >= 0) this.keep(chunk.subarray(this.segStart, end + 1));
    this.segStart = -1;
    const pieces = this.pieces;
    const blobs = this.blobs;
    const wasDiscarding = this.discarding;
    this.dropElement();
    if (wasDiscarding) return;
    const failed = blobs.find((b) => b.failed !== undefined);
    if (failed !== undefined) {
      this.sink.error(failed.failed!);
      return;
    }
    const bytes = pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces);
    this.sink.element(bytes, blobs, adjoining);
  }

  private dropElement(): void {
    this.pieces = [];
    this.pieceBytes = 0;
    this.blobs = [];
    this.body = undefined;
    this.discarding = false;
    this.segStart = -1;
  }
}

const HINT_LEN = /\blen\s*=\s*["'](\d+)/;
const HINT_ENCLEN = /\benclen\s*=\s*["'](\d+)/;
const HINT_SIZE = /\bsize\s*=\s*["'](\d+)/;
const HINT_FORMAT = /\bformat\s*=\s*["']([^"']*)/;

/** Expected decoded bytes of a oneBLOB body from its start tag, to allocate the output once. */
function sizeHint(tag: string): number {
  const start = tag.lastIndexOf('<oneBLOB');
  const text = start === -1 ? tag : tag.slice(start);
  const len = HINT_LEN.exec(text);
  if (len !== null) return Number(len[1]);
  const enclen = HINT_ENCLEN.exec(text);
  if (enclen !== null) return Math.ceil((Number(enclen[1]) * 3) / 4);
  const format = HINT_FORMAT.exec(text);
  const size = HINT_SIZE.exec(text);
  if (size !== null && !(format?.[1] ?? '').endsWith('.z')) return Number(size[1]);
  return 0;
}
