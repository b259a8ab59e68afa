import { BaseTransport, type TransportData, type TransportKind } from '@labwire/core';

/**
 * One end of an in-memory connection. Data written on one end arrives on the other in a later
 * microtask, as over a socket; closing one end closes both.
 */
export class MemoryTransport extends BaseTransport {
  peer: MemoryTransport | undefined;
  private queued = 0;

  constructor(
    readonly kind: TransportKind,
    readonly remote: string,
    /** `write` returns false above this many undelivered bytes (to exercise backpressure). */
    private readonly highWaterMark = 1024 * 1024,
  ) {
    super();
  }

  protected async connect(): Promise<void> {
    if (this.peer === undefined || this.peer.state === 'closed') {
      throw new Error('memory transport has no peer');
    }
  }

  protected send(data: TransportData): boolean {
    const peer = this.peer!;
    // Streams carry bytes: text written to a stream arrives as UTF-8.
    const payload =
      this.kind === 'stream' && typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const size = typeof payload === 'string' ? payload.length : payload.byteLength;
    this.queued += size;
    queueMicrotask(() => {
      this.queued -= size;
      if (peer.state === 'open' || peer.state === 'closing') peer.deliver(payload);
      if (this.queued <= this.highWaterMark / 2) this.emit('drain');
    });
    return this.queued <= this.highWaterMark;
  }

  /** @internal */
  deliver(data: TransportData): void {
    this.received(data);
  }

  flush(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 0));
  }

  protected endGracefully(code?: number, reason?: string): void {
    // Let data already written arrive before the close, as a socket's FIN follows its data.
    queueMicrotask(() => {
      const info = code === undefined ? { hadError: false } : { hadError: false, code, reason: reason ?? '' };
      this.closed(info);
      this.peer?.peerClosed(info);
    });
  }

  protected kill(): void {
    this.closed({ hadError: true });
    queueMicrotask(() => this.peer?.peerClosed({ hadError: true }));
  }

  /** @internal */
  peerClosed(info: { hadError: boolean; code?: number; reason?: string }): void {
    this.closed(info);
  }

  /** @internal Marks an end open without a connect (the accepting side). */
  markOpen(): void {
    this.currentState = 'open';
  }
}

export interface MemoryPair {
  /** The connecting side: call `open()` as a client would. */
  client: MemoryTransport;
  /** The accepting side: already open. */
  server: MemoryTransport;
}

/** A connected in-memory pair, `stream` (bytes) or `message` (whole frames). */
export function memoryPair(kind: TransportKind = 'stream', highWaterMark?: number): MemoryPair {
  const client = new MemoryTransport(kind, 'memory://server', highWaterMark);
  const server = new MemoryTransport(kind, 'memory://client', highWaterMark);
  client.peer = server;
  server.peer = client;
  server.markOpen();
  return { client, server };
}
