/**
 * One client connection as the server core sees it, whatever carries it (a `ws` socket, a TCP
 * socket, or any labwire Transport such as a memory pair).
 */
export interface ServerPeer {
  readonly id: number;
  /** Set once the server ended it or it closed: later messages are discarded. */
  done: boolean;
  /** Aborted when the connection closes (handlers get it as their signal). */
  readonly controller: AbortController;
  /** `message`: one request per text message; `stream`: legacy-tcp framing. */
  readonly framing: 'message' | 'stream';
  /** One text message (message framing). */
  sendText(text: string): void;
  /** Closes with a WebSocket close code and reason (message framing). */
  close(code: number, reason?: string): void;
  /** Writes the last bytes and half-closes (stream framing). */
  end(bytes: Uint8Array): void;
  /** Sends data as it is (a test hook for unsolicited or malformed server output). */
  sendRaw(data: string | Uint8Array): void;
  /** Drops the connection at once, without a close frame. */
  terminate(): void;
  /** Resolves once the connection is fully closed. */
  readonly closed: Promise<void>;
}

/** What a front (listener) tells the server core. */
export interface PeerEvents<E> {
  /** A message-framing peer received one message. */
  message?(peer: ServerPeer, data: Buffer, isBinary: boolean): void;
  /** A stream-framing peer completed its request (or aborted, or failed to decode). */
  event?(peer: ServerPeer, event: E): void;
  error(error: import('@labwire/core').LabwireError): void;
}
