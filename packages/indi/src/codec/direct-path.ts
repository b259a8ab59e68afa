import { ElementParser, escapeLoneAmpersands, LONGEST_ENTITY } from './element-parser.js';
import type { PathOutput } from './framed-path.js';
import type { IndiDecoderLimits } from './limits.js';

/** A byte sequence, found by its rarest byte (a memchr) and checked around it. */
interface Sequence {
  bytes: Buffer;
  /** Index in `bytes` of the byte to search for. */
  anchor: number;
}

/**
 * What the direct path leaves to the framed path: BLOB bodies, and markup that sax and the
 * framer read differently (the framer, like lilxml, ends `<!...` and `<?...` at the first `>`;
 * sax reads comments, CDATA and declarations to their proper ends).
 */
const REFUSED: readonly Sequence[] = [
  { bytes: Buffer.from('<!'), anchor: 1 },
  { bytes: Buffer.from('<?'), anchor: 1 },
  // `B` is rare in INDI markup; searching `<oneBLOB` whole cost ten times more.
  { bytes: Buffer.from('<oneBLOB'), anchor: 4 },
];
/** Bytes of a refused sequence that one chunk may end with and the next complete. */
const JUNCTION = Math.max(...REFUSED.map((r) => r.bytes.byteLength)) - 1;
const AMPERSAND = 0x26;
const NOTHING = Buffer.alloc(0);

function holds(bytes: Buffer, { bytes: wanted, anchor }: Sequence): boolean {
  const key = wanted[anchor]!;
  const last = bytes.byteLength - (wanted.byteLength - anchor);
  for (let at = bytes.indexOf(key, anchor); at !== -1 && at <= last; at = bytes.indexOf(key, at + 1)) {
    let k = 0;
    while (k < wanted.byteLength && bytes[at - anchor + k] === wanted[k]) k++;
    if (k === wanted.byteLength) return true;
  }
  return false;
}

function refuses(bytes: Buffer): boolean {
  for (const sequence of REFUSED) if (holds(bytes, sequence)) return true;
  return false;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** What the framed path needs to take the stream over from the direct path. */
export interface Handover {
  /** The bytes since the last point between top-level elements, the refused chunk last. */
  chunks: Uint8Array[];
  /** Elements in those bytes that were delivered already. */
  delivered: number;
}

/**
 * The fast path for what most INDI traffic is, elements without BLOB bodies: each chunk goes
 * to one long-lived sax parser as it comes, without framing (framing cost as much as the
 * message building on definition dumps). It only keeps the chunks since the stream was last
 * between top-level elements, which is what the framed path needs to take over, exactly where
 * this path stopped, when a chunk holds something only the framed path handles: a oneBLOB,
 * markup the two read differently, a possible element over the size limit, an `&` it cannot
 * judge yet, or malformed XML, whose error the framed path then places and recovers from.
 */
export class DirectPath {
  private readonly parser: ElementParser;
  private text = new TextDecoder();
  private retained: Uint8Array[] = [];
  private retainedBytes = 0;
  /** Elements delivered since the first retained chunk began. */
  private delivered = 0;
  /** The last bytes written while inside an element, for a refused sequence cut across chunks. */
  private tail: Buffer = NOTHING;

  constructor(
    private readonly limits: IndiDecoderLimits,
    private readonly out: PathOutput,
  ) {
    this.parser = new ElementParser(limits);
  }

  /** Bytes kept in case the framed path has to take over, or text sax holds between elements. */
  get buffered(): number {
    return this.retained.length > 0 ? this.retainedBytes : this.parser.heldText;
  }

  get midElement(): boolean {
    return this.retained.length > 0;
  }

  /**
   * Parses `chunk` and delivers the elements it completes, or returns false when the framed
   * path must take over with `handover(chunk)` (after delivering the good elements before
   * malformed XML).
   */
  write(chunk: Uint8Array): boolean {
    // No element can be over the limit when all the bytes it could span are within it.
    if (this.retainedBytes + chunk.byteLength > this.limits.maxElementBytes) return false;
    const bytes = asBuffer(chunk);
    if (refuses(bytes) || (this.tail.byteLength > 0 && refuses(this.junction(bytes)))) return false;
    let text = this.text.decode(bytes, { stream: true });
    if (bytes.indexOf(AMPERSAND) !== -1) {
      if (text.lastIndexOf('&') > text.length - LONGEST_ENTITY) return false;
      text = escapeLoneAmpersands(text);
    }
    const { completed, failure } = this.parser.stream(text);
    this.delivered += completed.length;
    if (completed.length > 0) this.out.deliver(completed);
    if (failure !== undefined) return false;
    if (this.parser.atTopLevel) {
      // Nothing of the next element read: a refused sequence cannot have begun either.
      this.parser.dropTopLevelText();
      this.retained = [];
      this.retainedBytes = 0;
      this.delivered = 0;
      this.tail = NOTHING;
    } else {
      this.retained.push(chunk);
      this.retainedBytes += chunk.byteLength;
      this.keepTail(bytes);
    }
    return true;
  }

  /** Hands the stream over from the last point between elements, and starts afresh. */
  handover(refused: Uint8Array): Handover {
    const handover = { chunks: [...this.retained, refused], delivered: this.delivered };
    this.restart();
    return handover;
  }

  restart(): void {
    this.parser.restart();
    this.text = new TextDecoder();
    this.retained = [];
    this.retainedBytes = 0;
    this.delivered = 0;
    this.tail = NOTHING;
  }

  /** The last bytes written and the first of `bytes`: where a refused sequence may be cut. */
  private junction(bytes: Buffer): Buffer {
    return Buffer.concat([this.tail, bytes.subarray(0, JUNCTION)]);
  }

  private keepTail(bytes: Buffer): void {
    this.tail =
      bytes.byteLength >= JUNCTION
        ? bytes.subarray(bytes.byteLength - JUNCTION)
        : Buffer.concat([this.tail, bytes]).subarray(-JUNCTION);
  }
}
