import type { LabwireError } from '../errors.js';
import type { EventMap, TypedEmitter } from '../typed-emitter.js';

/**
 * `stream`: bytes with no boundaries (TCP); a reader must frame them.
 * `message`: whole messages (WebSocket frames, SignalR records); text arrives as string.
 */
export type TransportKind = 'stream' | 'message';

export type TransportState = 'idle' | 'opening' | 'open' | 'closing' | 'closed';

export type TransportData = Uint8Array | string;

export interface TransportCloseInfo {
  /** True when the connection ended because of an error (reset, protocol violation, abort). */
  hadError: boolean;
  /** WebSocket close code where there is one. */
  code?: number;
  reason?: string;
}

export interface TransportCounters {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  errors: number;
}

export interface TransportEvents extends EventMap {
  open: () => void;
  data: (data: TransportData) => void;
  /** The write buffer has room again after `write` returned false. */
  drain: () => void;
  error: (error: LabwireError) => void;
  /** Emitted exactly once, whatever the cause. */
  close: (info: TransportCloseInfo) => void;
}

/**
 * The smallest duplex connection the protocol layers need (after node-opcua-transport).
 * Implementations: TCP, WebSocket, and the in-memory pair of @labwire/testkit.
 */
export interface Transport extends TypedEmitter<TransportEvents> {
  readonly kind: TransportKind;
  readonly state: TransportState;
  readonly counters: Readonly<TransportCounters>;
  /** A short description of the peer for logs, such as `tcp://127.0.0.1:7624`. */
  readonly remote: string;
  /** Connects; resolves when open. Rejects with CONNECT_FAILED, TIMEOUT or ABORTED. */
  open(signal?: AbortSignal): Promise<void>;
  /**
   * Queues data. Returns false when the caller should wait for `drain` (backpressure).
   * On a closed transport the data is dropped and false is returned.
   */
  write(data: TransportData): boolean;
  /** Resolves when everything written so far has been handed to the OS. */
  flush(): Promise<void>;
  /** Closes gracefully (destroying after a grace period); resolves once `close` was emitted. */
  close(code?: number, reason?: string): Promise<void>;
  /** Closes at once, without a graceful end. */
  destroy(error?: LabwireError): void;
}

/** Makes a fresh, unopened transport; reconnecting is calling it again. */
export type TransportFactory = () => Transport;
