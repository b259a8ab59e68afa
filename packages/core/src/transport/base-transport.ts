import { ErrorCode, LabwireError, abortError } from '../errors.js';
import { TypedEmitter } from '../typed-emitter.js';
import type {
  Transport,
  TransportCloseInfo,
  TransportCounters,
  TransportData,
  TransportEvents,
  TransportKind,
  TransportState,
} from './transport.js';

/**
 * State, counters and the once-only close shared by every transport. Subclasses implement
 * `connect`, `send`, `endGracefully` and `kill`, and call `received`, `failed` and `closed`.
 */
export abstract class BaseTransport extends TypedEmitter<TransportEvents> implements Transport {
  abstract readonly kind: TransportKind;
  abstract readonly remote: string;
  readonly counters: TransportCounters = {
    bytesIn: 0,
    bytesOut: 0,
    messagesIn: 0,
    messagesOut: 0,
    errors: 0,
  };
  protected currentState: TransportState = 'idle';
  private closeWaiters: Array<() => void> = [];

  get state(): TransportState {
    return this.currentState;
  }

  async open(signal?: AbortSignal): Promise<void> {
    if (this.currentState === 'open') return;
    if (this.currentState !== 'idle') {
      throw new LabwireError(ErrorCode.PROTOCOL, `cannot open a transport in state ${this.currentState}`);
    }
    if (signal?.aborted) throw abortError(signal);
    this.currentState = 'opening';
    try {
      await this.connect(signal);
    } catch (err) {
      this.currentState = 'closed';
      throw err;
    }
    // The peer may have closed between connect resolving and here.
    if (this.currentState === 'opening') {
      this.currentState = 'open';
      this.emit('open');
    }
  }

  write(data: TransportData): boolean {
    if (this.currentState !== 'open') return false;
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    this.counters.bytesOut += bytes;
    this.counters.messagesOut += 1;
    return this.send(data);
  }

  async close(code?: number, reason?: string): Promise<void> {
    if (this.currentState === 'closed') return;
    const done = new Promise<void>((resolve) => this.closeWaiters.push(resolve));
    if (this.currentState === 'idle') {
      this.closed({ hadError: false });
      return done;
    }
    if (this.currentState !== 'closing') {
      this.currentState = 'closing';
      this.endGracefully(code, reason);
    }
    return done;
  }

  destroy(error?: LabwireError): void {
    if (this.currentState === 'closed') return;
    if (error !== undefined) this.failed(error);
    this.kill();
    // Some transports report close asynchronously; make sure it is reported.
    this.closed({ hadError: error !== undefined });
  }

  abstract flush(): Promise<void>;

  protected abstract connect(signal?: AbortSignal): Promise<void>;
  protected abstract send(data: TransportData): boolean;
  protected abstract endGracefully(code?: number, reason?: string): void;
  protected abstract kill(): void;

  protected received(data: TransportData): void {
    this.counters.bytesIn += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
    this.counters.messagesIn += 1;
    this.emit('data', data);
  }

  protected failed(error: LabwireError): void {
    this.counters.errors += 1;
    this.emit('error', error);
  }

  protected closed(info: TransportCloseInfo): void {
    if (this.currentState === 'closed') return;
    this.currentState = 'closed';
    this.emit('close', info);
    const waiters = this.closeWaiters;
    this.closeWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
