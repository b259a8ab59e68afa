import { type EventMap, type LabwireError, TypedEmitter } from '@labwire/core';
import { HubRecordDecoder } from '../codec/signalr/decode-records.js';
import {
  PING_TEXT,
  writeClose,
  writeCompletion,
  writeHandshakeResponse,
  writeHubInvocation,
} from '../codec/signalr/encode-records.js';
import type { HandshakeRequest, HubRecord, InvocationRecord } from '../codec/signalr/records.js';
import type { HubPeer } from './hub-peer.js';

/**
 * One client connection to the simulated hub: handshake, records in both directions, keep-alive,
 * and the hub methods (`startAsClient`, `relayMessageToHost`). The hub server owns the instrument
 * and the registrations; this class only speaks SignalR.
 */

export interface HubConnectionOptions {
  keepAliveIntervalMs: number;
  clientTimeoutMs: number;
  handshakeTimeoutMs: number;
  maxMessageBytes: number;
  /** Relayed commands left without a completion. */
  neverComplete?: ReadonlySet<string>;
}

export interface HubConnectionEvents extends EventMap {
  /** `startAsClient [serial]` arrived: the server registers and answers. */
  register: (serial: string) => void;
  /** `relayMessageToHost [serial, command]` arrived. */
  relay: (serial: string, command: string) => void;
  /** Bad input from the client (the connection stays up). */
  error: (error: LabwireError) => void;
  close: () => void;
}

const HUB_METHODS: Record<string, 'startAsClient' | 'relayMessageToHost'> = {
  startasclient: 'startAsClient',
  relaymessagetohost: 'relayMessageToHost',
};

export class SimulatedHubConnection extends TypedEmitter<HubConnectionEvents> {
  readonly id: string;
  serial: string | undefined;
  private handshaken = false;
  private closed = false;
  private lastSent = Date.now();
  private lastReceived = Date.now();
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly handshakeTimer: ReturnType<typeof setTimeout>;
  private readonly decoder: HubRecordDecoder;
  readonly counters = { recordsIn: 0, recordsOut: 0, errors: 0 };

  constructor(
    private readonly peer: HubPeer,
    id: string,
    private readonly options: HubConnectionOptions,
  ) {
    super();
    this.id = id;
    this.decoder = new HubRecordDecoder(
      {
        handshake: (h) => this.onHandshake(h as HandshakeRequest),
        record: (r) => this.onRecord(r),
        error: (e) => {
          this.counters.errors += 1;
          this.emit('error', e);
          if (!this.handshaken) this.refuse('Expected a handshake request from the client.');
        },
      },
      { phase: 'handshake', side: 'hub', maxRecordBytes: options.maxMessageBytes },
    );
    peer.onMessage((bytes) => {
      this.lastReceived = Date.now();
      // Text and binary messages both carry UTF-8 JSON here (signalrcore may send its handshake as binary).
      this.decoder.write(bytes);
    });
    peer.onClose(() => this.finish());
    const tick = Math.max(10, Math.min(options.keepAliveIntervalMs, options.clientTimeoutMs) / 3);
    this.timer = setInterval(() => this.keepAlive(), tick);
    this.handshakeTimer = setTimeout(() => {
      if (!this.handshaken) this.refuse('Handshake was canceled.');
    }, options.handshakeTimeoutMs);
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Sends raw text (one WebSocket message; it may hold several records). */
  sendText(text: string): void {
    if (this.closed || !this.peer.open) return;
    this.lastSent = Date.now();
    this.counters.recordsOut += 1;
    this.peer.send(text);
  }

  invoke(target: string, args: readonly unknown[]): void {
    if (!this.handshaken) return;
    this.sendText(writeHubInvocation(target, args));
  }

  ping(): void {
    if (this.handshaken) this.sendText(PING_TEXT);
  }

  /** Sends a close message, then closes the WebSocket (1000). */
  sendClose(options: { error?: string; allowReconnect?: boolean } = {}): void {
    if (this.handshaken) this.sendText(writeClose(options));
    this.closeSocket(1000);
  }

  /** Writes the first half of a WebSocket frame carrying `message` (as a relayed message), then drops the connection. */
  dropMidFrame(message: string): void {
    if (this.closed) return;
    this.peer.dropMidFrame(
      Buffer.from(writeHubInvocation('messageRelayed', ['', 'host', 0, message]), 'utf8'),
    );
    this.finish();
  }

  /** Drops the connection without a close frame. */
  drop(): void {
    this.peer.drop();
    this.finish();
  }

  closeSocket(code = 1000): void {
    if (this.closed) return;
    this.peer.close(code);
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.handshakeTimer);
    this.emit('close');
  }

  private keepAlive(): void {
    const now = Date.now();
    if (now - this.lastReceived >= this.options.clientTimeoutMs) {
      // ASP.NET Core's ClientTimeoutInterval: nothing heard for too long.
      this.sendClose({
        error: 'Connection closed with an error: no message from the client within the timeout.',
      });
      return;
    }
    if (this.handshaken && now - this.lastSent >= this.options.keepAliveIntervalMs) this.ping();
  }

  private refuse(error: string): void {
    if (this.closed) return;
    this.sendText(writeHandshakeResponse({ error }));
    this.closeSocket(1000);
  }

  private onHandshake(h: HandshakeRequest): void {
    if (h.protocol !== 'json') {
      this.refuse(`The protocol '${String(h.protocol)}' is not supported.`);
      return;
    }
    const version = typeof h.version === 'number' ? h.version : Number.NaN;
    if (!(version === 0 || version === 1)) {
      this.refuse(`The server does not support version ${String(h.version)} of the 'json' protocol.`);
      return;
    }
    clearTimeout(this.handshakeTimer);
    this.handshaken = true;
    this.sendText(writeHandshakeResponse({}));
  }

  private onRecord(record: HubRecord): void {
    this.counters.recordsIn += 1;
    switch (record.type) {
      case 1:
        this.onInvocation(record);
        return;
      case 4:
        this.sendText(
          writeCompletion(record.invocationId, {
            error: `Failed to invoke '${record.target}' due to an error on the server. HubException: Method does not exist.`,
          }),
        );
        return;
      case 7:
        // The client leaves.
        this.closeSocket(1000);
        return;
      default:
        // Pings, stream items, cancels, acks: nothing to do.
        return;
    }
  }

  private onInvocation(record: InvocationRecord): void {
    const method = HUB_METHODS[record.target.toLowerCase()];
    const args = Array.isArray(record.arguments) ? record.arguments : [];
    const complete = (error?: string) => {
      if (record.invocationId === undefined) return;
      this.sendText(writeCompletion(record.invocationId, error === undefined ? { result: null } : { error }));
    };
    if (method === undefined) {
      complete(
        `Failed to invoke '${record.target}' due to an error on the server. HubException: Method does not exist.`,
      );
      return;
    }
    if (method === 'startAsClient') {
      if (args.length !== 1 || typeof args[0] !== 'string') {
        complete(
          `Failed to invoke '${record.target}' due to an error on the server. InvalidDataException: Invocation provides ${args.length} argument(s) but target expects 1.`,
        );
        return;
      }
      complete();
      this.serial = args[0];
      this.emit('register', args[0]);
      return;
    }
    if (args.length !== 2 || typeof args[0] !== 'string' || typeof args[1] !== 'string') {
      complete(
        `Failed to invoke '${record.target}' due to an error on the server. InvalidDataException: Invocation provides ${args.length} argument(s) but target expects 2.`,
      );
      return;
    }
    if (!this.options.neverComplete?.has(args[1])) complete();
    this.emit('relay', args[0], args[1]);
  }
}
