import { BaseTransport, ErrorCode, LabwireError, type Transport, type TransportData } from '@labwire/core';

/**
 * A transport that forwards to an inner one, with a hook over what arrives. The base of the
 * chunking and fault-injecting wrappers: the code under test sees an ordinary Transport.
 */
export class WrappedTransport extends BaseTransport {
  readonly kind: Transport['kind'];

  constructor(
    protected readonly inner: Transport,
    private readonly incoming: (data: TransportData, deliver: (d: TransportData) => void) => void = (
      d,
      deliver,
    ) => deliver(d),
  ) {
    super();
    this.kind = inner.kind;
    inner.on('data', (data) => this.incoming(data, (d) => this.received(d)));
    inner.on('drain', () => this.emit('drain'));
    inner.on('error', (err) => this.failed(err));
    inner.on('close', (info) => this.closed(info));
    if (inner.state === 'open') this.currentState = 'open';
  }

  get remote(): string {
    return this.inner.remote;
  }

  protected connect(signal?: AbortSignal): Promise<void> {
    return this.inner.open(signal);
  }

  protected send(data: TransportData): boolean {
    return this.inner.write(data);
  }

  flush(): Promise<void> {
    return this.inner.flush();
  }

  protected endGracefully(code?: number, reason?: string): void {
    void this.inner.close(code, reason);
  }

  protected kill(): void {
    this.inner.destroy();
  }

  /** Drops the connection as a peer crash would. */
  drop(): void {
    this.inner.destroy(new LabwireError(ErrorCode.CLOSED, 'connection dropped by fault injection'));
  }
}
