import type { Transport } from '@labwire/core';

/** Frames above this are written at once instead of being gathered (no point copying them). */
const GATHER_LIMIT = 256 * 1024;

/** Below this much gathered data one joined write is cheaper than a writev. */
const WRITEV_MIN_BYTES = 32 * 1024;
/** Pieces at least this large are passed to writev as they are, not copied. */
const WRITEV_PIECE_BYTES = 4 * 1024;

interface CorkableSocket {
  cork(): void;
  uncork(): void;
}

/**
 * Gathers the frames written in one turn of the event loop into one transport write, so that
 * thousands of small events do not each cost a syscall; order is kept. `write` reports
 * backpressure as the transport does, and `ready()` waits for the transport to drain.
 */
export class FrameWriter {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private scheduled = false;
  private full = false;
  private drainWaiters: Array<() => void> = [];
  private readonly flushNow = () => this.flush();

  constructor(private readonly transport: Transport) {
    transport.on('drain', () => {
      this.full = false;
      this.wakeDrainWaiters();
    });
    transport.on('close', () => {
      this.pending = [];
      this.pendingBytes = 0;
      this.full = false;
      this.wakeDrainWaiters();
    });
  }

  /**
   * Queues one frame given in pieces (header, payload view, trailer), so that routing and
   * streaming need not copy a payload into a frame of its own: the pieces are joined once, with
   * everything else gathered in this turn. The pieces must not change until the next microtask.
   */
  writeParts(parts: readonly Uint8Array[]): boolean {
    for (const part of parts) {
      if (part.byteLength >= GATHER_LIMIT) {
        this.flush();
        this.send(part);
        continue;
      }
      this.pending.push(part);
      this.pendingBytes += part.byteLength;
    }
    if (this.pendingBytes >= GATHER_LIMIT) this.flush();
    else if (!this.scheduled && this.pending.length > 0) {
      this.scheduled = true;
      queueMicrotask(this.flushNow);
    }
    return !this.full;
  }

  /** Queues one frame; false when the caller should wait for `ready()`. */
  write(frame: Uint8Array): boolean {
    if (frame.byteLength >= GATHER_LIMIT) {
      this.flush();
      this.send(frame);
      return !this.full;
    }
    this.pending.push(frame);
    this.pendingBytes += frame.byteLength;
    if (this.pendingBytes >= GATHER_LIMIT) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.flushNow);
    }
    return !this.full;
  }

  /**
   * Hands everything gathered to the transport now. On a socket transport, large pieces
   * (stream chunks, routed payloads) go to the kernel as they are in one corked writev, and
   * only runs of small pieces are joined; elsewhere everything is joined into one write.
   */
  flush(): void {
    this.scheduled = false;
    const list = this.pending;
    if (list.length === 0) return;
    const total = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    if (list.length === 1) {
      this.send(list[0]!);
      return;
    }
    const socket = (this.transport as { rawSocket?: CorkableSocket }).rawSocket;
    if (socket === undefined || total < WRITEV_MIN_BYTES) {
      this.send(Buffer.concat(list, total));
      return;
    }
    socket.cork();
    let run: Uint8Array[] = [];
    let runBytes = 0;
    for (const piece of list) {
      if (piece.byteLength < WRITEV_PIECE_BYTES) {
        run.push(piece);
        runBytes += piece.byteLength;
        continue;
      }
      if (run.length > 0) {
        this.send(run.length === 1 ? run[0]! : Buffer.concat(run, runBytes));
        run = [];
        runBytes = 0;
      }
      this.send(piece);
    }
    if (run.length > 0) this.send(run.length === 1 ? run[0]! : Buffer.concat(run, runBytes));
    socket.uncork();
  }

  /** The transport refused more (its buffer is over the high-water mark) and has not drained yet. */
  get isFull(): boolean {
    return this.full;
  }

  /** Resolves when the transport can take more (at once when it can). */
  ready(): Promise<void> {
    if (!this.full || this.transport.state !== 'open') return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  private send(bytes: Uint8Array): void {
    if (!this.transport.write(bytes) && this.transport.state === 'open') this.full = true;
  }

  private wakeDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
