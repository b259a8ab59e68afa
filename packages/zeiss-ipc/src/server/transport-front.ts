import { ErrorCode, LabwireError, type Transport } from '@labwire/core';
import { type LegacyReadEvent, LegacyRequestReader } from './legacy-request-reader.js';
import type { ServerPeer } from './peer.js';

/** A connection the server did not accept itself: any labwire Transport (memory pairs in tests, ...). */
class TransportPeer implements ServerPeer {
  done = false;
  readonly controller = new AbortController();
  readonly framing: 'message' | 'stream';
  readonly closed: Promise<void>;

  constructor(
    readonly id: number,
    readonly transport: Transport,
  ) {
    this.framing = transport.kind;
    this.closed = new Promise((resolve) => {
      if (transport.state === 'closed') resolve();
      else transport.once('close', () => resolve());
    });
  }

  sendText(text: string): void {
    this.transport.write(text);
  }

  close(code: number, reason?: string): void {
    void this.transport.close(code, reason);
  }

  sendRaw(data: string | Uint8Array): void {
    this.transport.write(data);
  }

  end(bytes: Uint8Array): void {
    this.transport.write(bytes);
    void this.transport.close();
  }

  terminate(): void {
    this.transport.destroy();
  }
}

export interface TransportFrontHandlers {
  message(peer: ServerPeer, data: Buffer, isBinary: boolean): void;
  event(peer: ServerPeer, event: LegacyReadEvent): void;
  error(error: LabwireError): void;
}

/**
 * Serves already-open Transports: `message` transports like WebSocket connections (text
 * strings are text messages, bytes binary ones; above the size limit closes 1009), `stream`
 * transports with the legacy-tcp framing.
 */
export class TransportFront {
  readonly peers = new Set<ServerPeer>();

  constructor(
    private readonly options: { maxMessageBytes: number; firstId: () => number },
    private readonly handlers: TransportFrontHandlers,
  ) {}

  accept(transport: Transport): ServerPeer {
    const peer = new TransportPeer(this.options.firstId(), transport);
    this.peers.add(peer);
    const reader =
      transport.kind === 'stream' ? new LegacyRequestReader(this.options.maxMessageBytes) : undefined;
    transport.on('data', (data) => {
      if (peer.done) return;
      if (reader !== undefined) {
        const event = reader.push(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
        if (event !== undefined) this.handlers.event(peer, event);
        return;
      }
      const bytes =
        typeof data === 'string'
          ? Buffer.from(data, 'utf8')
          : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      if (bytes.byteLength > this.options.maxMessageBytes) {
        peer.done = true;
        this.handlers.error(
          new LabwireError(
            ErrorCode.LIMIT_EXCEEDED,
            `connection ${peer.id}: message of ${bytes.byteLength} bytes exceeds ${this.options.maxMessageBytes}`,
          ),
        );
        peer.close(1009, `frame exceeds limit of ${this.options.maxMessageBytes} bytes`);
        return;
      }
      this.handlers.message(peer, bytes, typeof data !== 'string');
    });
    transport.on('error', (error) => this.handlers.error(error));
    transport.on('close', () => {
      if (reader !== undefined && !peer.done) {
        const event = reader.end();
        if (event !== undefined) this.handlers.event(peer, event);
      }
      peer.done = true;
      peer.controller.abort(new LabwireError(ErrorCode.CLOSED, `connection ${peer.id} closed`));
      this.peers.delete(peer);
    });
    return peer;
  }
}
