import { type Socket, connect as tcpConnect } from 'node:net';
import WebSocket from 'ws';

/** What a probe connection saw, with arrival time (ms since the case started). */
export type ProbeEvent =
  | { type: 'text'; text: string; t: number }
  | { type: 'binary'; bytes: Buffer; t: number }
  | { type: 'close'; code: number; reason: string; t: number }
  | { type: 'eof'; t: number };

/**
 * One scripted client connection of an exchange case. It records every event the server causes
 * so `expect*` steps can consume them in order and the quiet period can spot extras.
 */
export abstract class Probe {
  protected readonly events: ProbeEvent[] = [];
  private waiter: (() => void) | undefined;
  finished = false;

  constructor(protected readonly clock: () => number) {}

  protected record(event: ProbeEvent): void {
    this.events.push(event);
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  get unconsumed(): readonly ProbeEvent[] {
    return this.events;
  }

  /** The next event, or undefined after `timeoutMs`. */
  async next(timeoutMs: number, signal: AbortSignal): Promise<ProbeEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.events.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0 || signal.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.events.shift();
  }

  abstract close(): Promise<void>;
  abstract destroy(): void;
}

export class WsProbe extends Probe {
  private constructor(
    clock: () => number,
    readonly socket: WebSocket,
  ) {
    super(clock);
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      this.record(
        isBinary
          ? { type: 'binary', bytes: data, t: clock() }
          : { type: 'text', text: data.toString('utf8'), t: clock() },
      );
    });
    socket.on('close', (code: number, reason: Buffer) => {
      if (this.finished) return;
      this.finished = true;
      this.record({ type: 'close', code, reason: reason.toString('utf8'), t: clock() });
    });
    socket.on('error', () => {});
  }

  /** Opens a connection; rejects when no handshake succeeds within `timeoutMs`. */
  static open(url: string, clock: () => number, timeoutMs: number): Promise<WsProbe> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`no handshake within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('open', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new WsProbe(clock, socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        socket.terminate();
        reject(err);
      });
    });
  }

  sendText(payload: string | Buffer): void {
    this.socket.send(payload, { binary: false });
  }

  sendFragments(fragments: readonly string[]): void {
    for (const [i, f] of fragments.entries())
      this.socket.send(f, { binary: false, fin: i === fragments.length - 1 });
  }

  sendBinary(bytes: Buffer): void {
    this.socket.send(bytes, { binary: true });
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.finished = true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 2000);
      this.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.close(1000);
    });
  }

  destroy(): void {
    this.finished = true;
    this.socket.terminate();
  }
}

export class TcpProbe extends Probe {
  private bytes = Buffer.alloc(0);

  private constructor(
    clock: () => number,
    readonly socket: Socket,
  ) {
    super(clock);
    socket.on('data', (chunk: Buffer) => {
      this.bytes = Buffer.concat([this.bytes, chunk]);
      this.record({ type: 'binary', bytes: chunk, t: clock() });
    });
    const eof = () => {
      if (this.finished) return;
      this.finished = true;
      this.record({ type: 'eof', t: clock() });
    };
    socket.on('end', eof);
    socket.on('close', eof);
    socket.on('error', () => {});
  }

  static open(port: number, clock: () => number, timeoutMs: number): Promise<TcpProbe> {
    return new Promise((resolve, reject) => {
      const socket = tcpConnect({ host: '127.0.0.1', port, allowHalfOpen: true });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no connection within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new TcpProbe(clock, socket));
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      });
    });
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  shutdownWrite(): void {
    this.socket.end();
  }

  /** Takes exactly `n` received bytes, waiting for them; undefined if they do not arrive. */
  async takeBytes(n: number, timeoutMs: number, signal: AbortSignal): Promise<Buffer | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.bytes.byteLength < n) {
      const left = deadline - Date.now();
      if (left <= 0 || signal.aborted || this.finished) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, 10)));
    }
    if (this.bytes.byteLength < n) return this.bytes.byteLength === 0 ? undefined : this.takeAll();
    const out = this.bytes.subarray(0, n);
    this.bytes = this.bytes.subarray(n);
    // Drop the byte events that are now consumed (the byte buffer is the source of truth).
    while (this.events[0]?.type === 'binary') this.events.shift();
    return out;
  }

  private takeAll(): Buffer {
    const out = this.bytes;
    this.bytes = Buffer.alloc(0);
    while (this.events[0]?.type === 'binary') this.events.shift();
    return out;
  }

  get pendingBytes(): number {
    return this.bytes.byteLength;
  }

  async close(): Promise<void> {
    this.finished = true;
    this.socket.destroy();
  }

  destroy(): void {
    this.finished = true;
    this.socket.destroy();
  }
}
