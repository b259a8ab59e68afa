import type { Socket } from 'node:net';

/** Collects what a raw socket receives and waits for a given total, bounded by a deadline. */
export class ByteCollector {
  private chunks: Buffer[] = [];
  private total = 0;
  private waiter: { need: number; wake: () => void } | undefined;
  closed = false;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.total += chunk.byteLength;
      if (this.waiter !== undefined && this.total >= this.waiter.need) this.waiter.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.waiter?.wake();
    });
  }

  get length(): number {
    return this.total;
  }

  bytes(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.chunks));
  }

  /** Resolves once `total` bytes have arrived (true), or on close / timeout / abort (false). */
  async waitFor(total: number, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    if (this.total >= total) return true;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiter = undefined;
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.waiter = { need: total, wake: done };
    });
    return this.total >= total;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
