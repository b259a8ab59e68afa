import { ByteQueue, ErrorCode, LabwireError } from '@labwire/core';

/**
 * The parser is an explicit state machine over buffered chunks, as in ws's receiver: a stack
 * of frames, each a small state machine for one object (a string, an array, a list, a
 * DataWithAxes). A frame's `step` either waits for bytes (NEED), finishes (DONE, with
 * `result` set) or hands back a child frame to run first; the child's result comes back
 * through `accept`. Nothing recurses on the JS stack and input may stop at any byte.
 */
export const NEED = 0;
export const DONE = 1;
export type StepResult = typeof NEED | typeof DONE | Frame;

export interface Frame {
  step(r: Reader): StepResult;
  accept(value: unknown): void;
  result: unknown;
}

export interface ParseLimits {
  /** Largest accepted length field (string, bytes, array byte count, v5 message length). */
  maxLength: number;
  /** Largest accepted message, counted from its first byte as length fields are read. */
  maxMessageBytes: number;
}

export const NO_LIMITS: ParseLimits = {
  maxLength: Number.POSITIVE_INFINITY,
  maxMessageBytes: Number.POSITIVE_INFINITY,
};

/** Fields at least this large are assembled into their own buffer as their bytes arrive. */
const ASSEMBLE_MIN = 64 * 1024;

/**
 * Buffered input with a running count of consumed bytes, and the limit checks. Small reads
 * come from a ByteQueue (a view when one chunk holds them). A large field that spans chunks —
 * a camera frame arriving in 64 KiB socket reads — is copied once, chunk by chunk as it
 * arrives, into a buffer of its announced size (its length already passed the limits), so
 * the socket chunks are not kept and no second pass over the frame is needed.
 */
export class Reader {
  readonly queue = new ByteQueue();
  consumed = 0;
  /** `consumed` when the current top-level value or message began. */
  messageStart = 0;
  private assembly: { target: Uint8Array; filled: number } | undefined;
  /** A large field being waited for, not yet assembled: a single arriving chunk may hold it all. */
  private awaited = 0;

  constructor(
    readonly limits: ParseLimits,
    /** False when all input is already buffered (nothing more will arrive to assemble). */
    private readonly assemble = true,
  ) {}

  get available(): number {
    return this.queue.length + (this.assembly?.filled ?? 0);
  }

  push(chunk: Uint8Array): void {
    if (this.awaited > 0 && this.assembly === undefined) {
      const need = this.awaited;
      // One chunk holding the whole field (after nothing else buffered) stays a zero-copy view.
      if (this.queue.length === 0 && chunk.byteLength >= need) {
        this.queue.push(chunk);
        return;
      }
      if (this.queue.length + chunk.byteLength < need) this.startAssembly(need);
    }
    const a = this.assembly;
    if (a === undefined || this.queue.length > 0) {
      this.queue.push(chunk);
      return;
    }
    const room = a.target.byteLength - a.filled;
    if (room <= 0) {
      this.queue.push(chunk);
      return;
    }
    const n = Math.min(room, chunk.byteLength);
    a.target.set(n === chunk.byteLength ? chunk : chunk.subarray(0, n), a.filled);
    a.filled += n;
    if (n < chunk.byteLength) this.queue.push(chunk.subarray(n));
  }

  clear(): void {
    this.queue.clear();
    this.assembly = undefined;
    this.awaited = 0;
    this.consumed = 0;
    this.messageStart = 0;
  }

  /** Copies what is buffered into a buffer of the field's size; later chunks are copied on arrival. */
  private startAssembly(n: number): void {
    // Not zero-filled: every byte is written by the arriving chunks before it is handed out.
    const target: Uint8Array = Buffer.allocUnsafe(n);
    let filled = 0;
    while (this.queue.length > 0) {
      const piece = this.queue.consume(Math.min(this.queue.length, ASSEMBLE_MIN));
      target.set(piece, filled);
      filled += piece.byteLength;
    }
    this.assembly = { target, filled };
    this.awaited = 0;
  }

  /** A u32, or -1 when fewer than 4 bytes are buffered. */
  u32(): number {
    if (this.queue.length < 4) return -1;
    const n = this.queue.peekUint32BE(0);
    this.queue.skip(4);
    this.consumed += 4;
    return n;
  }

  /** A u32 that announces a byte count: refused at once when above the limits (before any allocation). */
  length(what: string): number {
    const n = this.u32();
    if (n >= 0) this.checkLength(n, what);
    return n;
  }

  checkLength(n: number, what: string): void {
    const { maxLength, maxMessageBytes } = this.limits;
    if (n > maxLength) {
      throw new LabwireError(
        ErrorCode.LIMIT_EXCEEDED,
        `${what} of ${n} bytes exceeds the limit of ${maxLength}`,
        {
          details: { length: n, limit: maxLength, offset: this.consumed - 4 },
        },
      );
    }
    const sofar = this.consumed - this.messageStart;
    if (sofar + n > maxMessageBytes) {
      throw new LabwireError(
        ErrorCode.LIMIT_EXCEEDED,
        `message would reach ${sofar + n} bytes, above the limit of ${maxMessageBytes}`,
        { details: { length: sofar + n, limit: maxMessageBytes } },
      );
    }
  }

  /**
   * Exactly n bytes (a view of the received chunk when it holds them all), or undefined while
   * they have not all arrived. n must already have passed `checkLength`.
   */
  take(n: number): Uint8Array | undefined {
    const a = this.assembly;
    if (a !== undefined) {
      if (a.filled < a.target.byteLength) return undefined;
      this.assembly = undefined;
      this.consumed += n;
      return a.target;
    }
    if (this.queue.length >= n) {
      this.awaited = 0;
      this.consumed += n;
      return this.queue.consume(n);
    }
    if (this.assemble && n >= ASSEMBLE_MIN) this.awaited = n;
    return undefined;
  }
}

/** Runs a frame stack until it needs bytes or the bottom frame finishes. */
export class FrameStack {
  private readonly stack: Frame[] = [];

  get empty(): boolean {
    return this.stack.length === 0;
  }

  get depth(): number {
    return this.stack.length;
  }

  start(frame: Frame): void {
    this.stack.push(frame);
  }

  clear(): void {
    this.stack.length = 0;
  }

  /** Steps until NEED (returns undefined) or the bottom frame's result (returned in a box). */
  run(r: Reader): { value: unknown } | undefined {
    const stack = this.stack;
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) return undefined;
      const next = top.step(r);
      if (next === NEED) return undefined;
      if (next === DONE) {
        stack.pop();
        const parent = stack[stack.length - 1];
        if (parent === undefined) return { value: top.result };
        parent.accept(top.result);
      } else {
        if (stack.length > 256) {
          throw new LabwireError(ErrorCode.LIMIT_EXCEEDED, 'values nested more than 256 deep');
        }
        stack.push(next);
      }
    }
  }
}

/** Parses exactly `bytes` as one value (v5 message bodies): truncation and leftovers are errors. */
export function parseWhole(
  frame: Frame,
  bytes: Uint8Array,
  limits: ParseLimits,
): { value: unknown; left: number } {
  const r = new Reader({ maxLength: limits.maxLength, maxMessageBytes: Number.POSITIVE_INFINITY }, false);
  r.queue.push(bytes);
  const stack = new FrameStack();
  stack.start(frame);
  const out = stack.run(r);
  if (out === undefined) {
    throw new LabwireError(
      ErrorCode.MALFORMED,
      `object ends after the ${bytes.byteLength} bytes of its message`,
      {
        details: { length: bytes.byteLength },
      },
    );
  }
  return { value: out.value, left: r.available };
}
