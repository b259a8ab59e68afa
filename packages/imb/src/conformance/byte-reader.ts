import type { Socket } from 'node:net';

/** Reads a socket as the session runner needs: exactly n bytes, or end of file, with timeouts. */
export class ByteReader {
  private buffer: Buffer = Buffer.alloc(0);
  private ended = false;
  private wake: (() => void) | undefined;

  constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.byteLength === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
    socket.on('end', () => {
      this.ended = true;
      this.wake?.();
    });
    socket.on('close', () => {
      this.ended = true;
      this.wake?.();
    });
    socket.on('error', () => {});
  }

  get available(): number {
    return this.buffer.byteLength;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private async until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return true;
  }

  /** Exactly n bytes as hex, or an error text. */
  async read(n: number, timeoutMs = 2000): Promise<{ hex: string } | { error: string }> {
    const ok = await this.until(() => this.buffer.byteLength >= n || this.ended, timeoutMs);
    if (!ok || this.buffer.byteLength < n) {
      return {
        error: `wanted ${n} bytes, got ${this.buffer.byteLength} (${this.buffer.toString('hex')})${this.ended ? ' then EOF' : ''}`,
      };
    }
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return { hex: out.toString('hex') };
  }

  /** Waits for end of file; an error text if bytes arrive first or it does not come. */
  async expectEnd(timeoutMs = 2000): Promise<string | undefined> {
    const ok = await this.until(() => this.ended || this.buffer.byteLength > 0, timeoutMs);
    if (this.buffer.byteLength > 0) return `expected end of file, got bytes ${this.buffer.toString('hex')}`;
    return ok ? undefined : 'expected end of file, the connection stayed open';
  }

  /** Bytes that arrived and were never read (hex), for the final silence check. */
  leftover(): string {
    return this.buffer.toString('hex');
  }
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
