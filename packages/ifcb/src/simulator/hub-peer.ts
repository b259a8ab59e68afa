import type { Socket } from 'node:net';
import type { Transport } from '@labwire/core';
import type WebSocket from 'ws';

/**
 * The simulator's side of one client connection, whatever carries it: a WebSocket accepted on
 * the hub path (with its TCP socket, so a drop can skip the close frame), or a labwire Transport
 * (an in-memory pair in tests).
 */
export interface HubPeer {
  readonly open: boolean;
  send(text: string): void;
  /** A WebSocket close with a status code (or an orderly transport close). */
  close(code: number): void;
  /** Ends the connection without a close frame. */
  drop(): void;
  /** Writes the first half of a frame carrying `payload`, then drops (WebSocket only; others just drop). */
  dropMidFrame(payload: Buffer): void;
  onMessage(listener: (bytes: Uint8Array) => void): void;
  onClose(listener: () => void): void;
}

export function webSocketPeer(ws: WebSocket, socket: Socket): HubPeer {
  return {
    get open() {
      return ws.readyState === ws.OPEN;
    },
    send: (text) => ws.send(text),
    close(code) {
      try {
        ws.close(code);
      } catch {
        ws.terminate();
      }
      // Do not wait for the client's close frame for ever.
      setTimeout(() => ws.terminate(), 2_000).unref();
    },
    drop: () => socket.destroy(),
    dropMidFrame(payload) {
      const n = payload.byteLength;
      // A server frame is unmasked: FIN + text opcode, then the length (7 bits, or 126 + 16 bits).
      const header = n < 126 ? Buffer.from([0x81, n]) : Buffer.from([0x81, 126, (n >> 8) & 0xff, n & 0xff]);
      if (n < 65536) socket.write(Buffer.concat([header, payload.subarray(0, Math.floor(n / 2))]));
      socket.destroy();
    },
    onMessage(listener) {
      ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
        listener(
          Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data),
        );
      });
    },
    onClose(listener) {
      ws.on('close', listener);
      ws.on('error', listener);
    },
  };
}

export function transportPeer(transport: Transport): HubPeer {
  return {
    get open() {
      return transport.state === 'open';
    },
    send: (text) => void transport.write(text),
    close: (code) => void transport.close(code),
    drop: () => transport.destroy(),
    dropMidFrame: () => transport.destroy(),
    onMessage(listener) {
      transport.on('data', (data) => listener(typeof data === 'string' ? Buffer.from(data, 'utf8') : data));
    },
    onClose(listener) {
      transport.on('close', listener);
    },
  };
}
