import { ByteQueue, type Decoder, type DecoderSink } from '@labwire/core';
import {
  IMB_HEADER_BYTES,
  IMB_MAGIC,
  IMB_MAX_PAYLOAD_BYTES,
  IMB_TRAILER,
  IMB_TRAILER_BYTES,
  commandNameOf,
} from './constants.js';
import { ImbErrorCode, imbError } from './errors.js';
import { parsePayload } from './parse-payload.js';
import { view } from './primitives-read.js';
import type { ImbFrame } from './types.js';

export interface ImbDecoderOptions {
  /** Largest accepted payload; a larger length field is a bad-length error (default 10 MiB). */
  maxPayloadBytes?: number;
}

/** Where the decoder is in a frame. */
enum State {
  /** Looking for the 8 magic bytes. */
  Magic = 0,
  /** Magic found; waiting for code and length. */
  Header = 1,
  /** Waiting for payload and trailer. */
  Payload = 2,
}

const MAGIC_0 = IMB_MAGIC[0]!;
const TRAILER_WORD =
  (IMB_TRAILER[0]! | (IMB_TRAILER[1]! << 8) | (IMB_TRAILER[2]! << 16) | (IMB_TRAILER[3]! << 24)) >>> 0;

/**
 * The IMB3 frame decoder: an explicit state machine over buffered chunks that frames by the
 * length field (never by searching for the trailer) and resynchronises on the magic after junk,
 * bad lengths and bad trailers (protocol reference 2.1). Bytes of a frame stay in the queue
 * until the frame is complete, so `truncated` can report all of them and offsets stay exact.
 */
export class ImbFrameDecoder implements Decoder {
  private readonly queue = new ByteQueue();
  private readonly maxPayload: number;
  private state: State = State.Magic;
  /** Absolute input offset of the first byte in the queue. */
  private position = 0;
  private junkStart = -1;
  private junkLength = 0;
  private code = 0;
  private length = 0;
  /** Bumped by end() and reset(), so a scan interrupted by a callback that ends the decoder stops. */
  private generation = 0;
  /** Frames delivered, errors reported, junk bytes skipped. */
  readonly counters = { frames: 0, errors: 0, junkBytes: 0 };

  constructor(
    private readonly sink: DecoderSink<ImbFrame>,
    options: ImbDecoderOptions = {},
  ) {
    this.maxPayload = options.maxPayloadBytes ?? IMB_MAX_PAYLOAD_BYTES;
  }

  get buffered(): number {
    return this.queue.length;
  }

  write(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    const generation = this.generation;
    let at = 0;
    // Finish what the queue holds (a frame or magic split across reads) with just the bytes it
    // needs; the rest of the chunk then takes the fast path.
    while (this.queue.length > 0 && at < chunk.byteLength) {
      if (this.state === State.Payload) {
        // The rest of a frame whose head is queued: join the two once, into a frame of exactly
        // its size, and let the fast path take it (no zero-filled staging copy in the queue).
        const held = this.queue.length;
        const total = IMB_HEADER_BYTES + this.length + IMB_TRAILER_BYTES;
        const need = total - held;
        if (chunk.byteLength - at >= need) {
          const frame = Buffer.allocUnsafe(total);
          frame.set(this.queue.drain(), 0);
          frame.set(chunk.subarray(at, at + need), held);
          at += need;
          this.state = State.Magic;
          this.scan(frame, 0);
          if (generation !== this.generation) return;
          continue;
        }
      }
      const take = Math.min(this.bytesWanted(), chunk.byteLength - at);
      this.queue.push(chunk.subarray(at, at + take));
      at += take;
      this.run();
      if (generation !== this.generation) return;
    }
    if (at < chunk.byteLength) this.scan(chunk, at);
  }

  end(): void {
    this.generation += 1;
    this.flushJunk();
    const held = this.queue.length;
    if (held > 0) {
      this.report(
        imbError(
          ImbErrorCode.TRUNCATED,
          'truncated',
          `input ended inside an IMB frame (${held} bytes held)`,
          {
            offset: this.position,
            length: held,
          },
        ),
      );
      this.position += held;
    }
    this.queue.clear();
    this.state = State.Magic;
  }

  reset(): void {
    this.generation += 1;
    this.queue.clear();
    this.state = State.Magic;
    this.position = 0;
    this.junkStart = -1;
    this.junkLength = 0;
  }

  /** Bytes the queue needs before the state machine can move on. */
  private bytesWanted(): number {
    const held = this.queue.length;
    if (this.state === State.Magic) return Math.max(1, IMB_MAGIC.byteLength - held);
    if (this.state === State.Header) return IMB_HEADER_BYTES - held;
    return IMB_HEADER_BYTES + this.length + IMB_TRAILER_BYTES - held;
  }

  /**
   * The fast path: the same state machine run directly over one chunk while the queue is
   * empty, handing out payloads as zero-copy views. Whatever is left of an incomplete frame or
   * magic at the end of the chunk goes to the queue, and the queued path takes over.
   */
  private scan(buf: Uint8Array, start: number): void {
    const end = buf.byteLength;
    const generation = this.generation;
    let i = start;
    while (i < end) {
      if (generation !== this.generation) return;
      if (buf[i] !== MAGIC_0) {
        const next = buf.indexOf(MAGIC_0, i + 1);
        const n = (next === -1 ? end : next) - i;
        this.junkRun(n);
        i += n;
        continue;
      }
      const left = end - i;
      const check = Math.min(left, 8);
      let matched = true;
      for (let k = 1; k < check; k++) {
        if (buf[i + k] !== IMB_MAGIC[k]) {
          matched = false;
          break;
        }
      }
      if (!matched) {
        this.junkRun(1);
        i += 1;
        continue;
      }
      if (left < IMB_HEADER_BYTES) break;
      this.flushJunk();
      const code = buf[i + 8]! | (buf[i + 9]! << 8) | (buf[i + 10]! << 16) | (buf[i + 11]! << 24);
      const length = buf[i + 12]! | (buf[i + 13]! << 8) | (buf[i + 14]! << 16) | (buf[i + 15]! << 24);
      if (length < 0 || length > this.maxPayload) {
        this.reportBadLength(code, length);
        this.position += IMB_HEADER_BYTES;
        i += IMB_HEADER_BYTES;
        continue;
      }
      if (length === 0) {
        const offset = this.position;
        this.position += IMB_HEADER_BYTES;
        i += IMB_HEADER_BYTES;
        this.deliver(code, view(buf, i, i), offset);
        continue;
      }
      const total = IMB_HEADER_BYTES + length + IMB_TRAILER_BYTES;
      if (left < total) break;
      const t = i + IMB_HEADER_BYTES + length;
      const offset = this.position;
      this.position += total;
      if ((buf[t]! | (buf[t + 1]! << 8) | (buf[t + 2]! << 16) | (buf[t + 3]! << 24)) >>> 0 !== TRAILER_WORD) {
        this.report(
          imbError(ImbErrorCode.BAD_TRAILER, 'bad-trailer', `IMB frame at ${offset} has a wrong trailer`, {
            offset,
            code,
            length,
          }),
        );
      } else {
        this.deliver(code, view(buf, i + IMB_HEADER_BYTES, t), offset);
      }
      i += total;
    }
    if (i < end && generation === this.generation) {
      // An incomplete magic or frame: the queued state machine continues from here.
      this.queue.push(buf.subarray(i));
      this.run();
    }
  }

  /** Junk skipped on the fast path (not in the queue). */
  private junkRun(n: number): void {
    if (this.junkLength === 0) this.junkStart = this.position;
    this.junkLength += n;
    this.counters.junkBytes += n;
    this.position += n;
  }

  private run(): void {
    const q = this.queue;
    for (;;) {
      switch (this.state) {
        case State.Magic:
          if (!this.findMagic()) return;
          this.flushJunk();
          this.state = State.Header;
          break;
        case State.Header: {
          if (q.length < IMB_HEADER_BYTES) return;
          const code = q.peekInt32LE(8);
          const length = q.peekInt32LE(12);
          if (length < 0 || length > this.maxPayload) {
            this.reportBadLength(code, length);
            this.drop(IMB_HEADER_BYTES);
            this.state = State.Magic;
            break;
          }
          if (length === 0) {
            this.drop(IMB_HEADER_BYTES);
            this.state = State.Magic;
            this.deliver(code, new Uint8Array(0), this.position - IMB_HEADER_BYTES);
            break;
          }
          this.code = code;
          this.length = length;
          this.state = State.Payload;
          break;
        }
        case State.Payload: {
          const length = this.length;
          const total = IMB_HEADER_BYTES + length + IMB_TRAILER_BYTES;
          if (q.length < total) return;
          const offset = this.position;
          this.state = State.Magic;
          if (q.peekUint32LE(IMB_HEADER_BYTES + length) !== TRAILER_WORD) {
            this.report(
              imbError(
                ImbErrorCode.BAD_TRAILER,
                'bad-trailer',
                `IMB frame at ${offset} has a wrong trailer`,
                {
                  offset,
                  code: this.code,
                  length,
                },
              ),
            );
            this.drop(total);
            break;
          }
          q.skip(IMB_HEADER_BYTES);
          const payload = q.consume(length);
          q.skip(IMB_TRAILER_BYTES);
          this.position += total;
          this.deliver(this.code, payload, offset);
          break;
        }
      }
    }
  }

  /**
   * Skips junk until the queue starts with a complete magic (true) or holds only a prefix of
   * one (false, wait for more). A partial magic followed by a mismatch makes only its first
   * byte junk.
   */
  private findMagic(): boolean {
    const q = this.queue;
    for (;;) {
      const n = q.length;
      if (n === 0) return false;
      if (q.peekByte(0) !== MAGIC_0) {
        const next = q.indexOf(MAGIC_0, 1);
        this.junk(next === -1 ? n : next);
        continue;
      }
      const check = Math.min(n, 8);
      let matched = true;
      for (let i = 1; i < check; i++) {
        if (q.peekByte(i) !== IMB_MAGIC[i]) {
          matched = false;
          break;
        }
      }
      if (!matched) {
        this.junk(1);
        continue;
      }
      return check === 8;
    }
  }

  private junk(n: number): void {
    if (this.junkLength === 0) this.junkStart = this.position;
    this.junkLength += n;
    this.counters.junkBytes += n;
    this.drop(n);
  }

  private flushJunk(): void {
    if (this.junkLength === 0) return;
    const length = this.junkLength;
    const offset = this.junkStart;
    this.junkLength = 0;
    this.junkStart = -1;
    this.report(
      imbError(ImbErrorCode.JUNK, 'junk', `skipped ${length} bytes that do not start an IMB frame`, {
        offset,
        length,
      }),
    );
  }

  private drop(n: number): void {
    this.queue.skip(n);
    this.position += n;
  }

  private deliver(code: number, payload: Uint8Array, offset: number): void {
    const command = commandNameOf(code);
    const frame: ImbFrame = { code, command, payload, offset };
    const parsed = parsePayload(command, payload);
    if (parsed.status === 'fields') frame.fields = parsed.fields;
    else if (parsed.status === 'event') frame.event = parsed.event;
    this.counters.frames += 1;
    this.sink.message(frame);
    if (parsed.status === 'bad') {
      this.report(
        imbError(
          ImbErrorCode.BAD_PAYLOAD,
          'bad-payload',
          `${command} payload of ${payload.byteLength} bytes does not parse`,
          {
            offset,
            code,
            length: payload.byteLength,
          },
        ),
      );
    }
  }

  /** A header whose length field is negative or over the limit, at the current position. */
  private reportBadLength(code: number, length: number): void {
    this.report(
      imbError(
        ImbErrorCode.BAD_LENGTH,
        'bad-length',
        `IMB length ${length} is outside 0..${this.maxPayload}`,
        {
          offset: this.position,
          code,
          length,
        },
      ),
    );
  }

  private report(error: ReturnType<typeof imbError>): void {
    this.counters.errors += 1;
    (error.details as Record<string, unknown>).resynchronised = true;
    this.sink.error(error);
  }
}

/** A fresh decoder (the core DecoderFactory shape). */
export function createImbDecoder(sink: DecoderSink<ImbFrame>, options?: ImbDecoderOptions): ImbFrameDecoder {
  return new ImbFrameDecoder(sink, options);
}
