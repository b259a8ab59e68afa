import {
  ErrorCode,
  LabwireError,
  TcpTransport,
  type Transport,
  type TransportData,
  TypedEmitter,
} from '@labwire/core';
import type { DecodeLimitOptions } from '../codec/decoder-base.js';
import type { Dialect } from '../codec/dialect.js';
import { encodeMessageParts } from '../codec/encode.js';
import { MessageDecoder } from '../codec/message-decoder.js';
import type { PymodaqMessage, ReceivingSide } from '../codec/messages.js';
import type { PymodaqValue } from '../codec/values.js';

export type ConnectionEvents = {
  message: (message: PymodaqMessage) => void;
  /** Bad input (the connection is then closed: the stream cannot be resynchronised) or a socket error. */
  error: (error: LabwireError) => void;
  close: (error: LabwireError | undefined) => void;
};

export interface ConnectionOptions extends DecodeLimitOptions {
  dialect: Dialect;
  /** Which end this is: its decoder reads what the other end sends. */
  side: ReceivingSide;
  /** Server side: switch to v5 when the first bytes are a v5 `str` message (§9). */
  recogniseV5?: boolean;
}

/** The first 8 bytes of a v5 identification: u32 18 or 19, then u32 3 (`str`). */
function looksV5(head: Uint8Array): boolean {
  const view = new DataView(head.buffer, head.byteOffset, 8);
  const length = view.getUint32(0);
  return (length === 0x12 || length === 0x13) && view.getUint32(4) === 3;
}

/**
 * One PyMoDAQ TCP connection over any Transport: a message decoder for what arrives and an
 * encoder that puts each message into a single write. A decode error closes the connection,
 * since the stream has no boundaries to resynchronise on (protocol reference §7).
 */
export class PymodaqConnection extends TypedEmitter<ConnectionEvents> {
  private decoder: MessageDecoder | undefined;
  private head: Uint8Array[] = [];
  private headLength = 0;
  private currentDialect: Dialect;
  private closed = false;
  private closeError: LabwireError | undefined;
  readonly counters = { messagesIn: 0, messagesOut: 0, errors: 0 };

  constructor(
    readonly transport: Transport,
    private readonly options: ConnectionOptions,
  ) {
    super();
    this.currentDialect = options.dialect;
    if (!(options.recogniseV5 && options.side === 'server' && options.dialect !== 'v5')) this.makeDecoder();
    transport.on('data', (data) => this.onData(data));
    transport.on('error', (err) => {
      this.counters.errors += 1;
      this.closeError ??= err;
      this.emit('error', err);
    });
    transport.on('close', () => this.onClose());
  }

  get dialect(): Dialect {
    return this.currentDialect;
  }

  get open(): boolean {
    return !this.closed && this.transport.state === 'open';
  }

  /**
   * Encodes and writes one message; returns false when the transport asks to wait for drain.
   * The message leaves in one write: on a TCP socket its pieces are corked into one writev (a
   * frame is never copied), elsewhere they are joined into one buffer.
   */
  send(command: string, args: readonly PymodaqValue[] = []): boolean {
    if (!this.open) {
      throw new LabwireError(
        ErrorCode.NOT_CONNECTED,
        `cannot send ${command}: connection ${this.transport.remote} is closed`,
      );
    }
    const parts = encodeMessageParts(this.currentDialect, command, args);
    this.counters.messagesOut += 1;
    if (parts.length === 1) return this.transport.write(parts[0]!);
    const socket = this.transport instanceof TcpTransport ? this.transport.rawSocket : undefined;
    if (socket === undefined) return this.transport.write(new Uint8Array(Buffer.concat(parts)));
    socket.cork();
    let ok = true;
    for (const part of parts) ok = this.transport.write(part) && ok;
    socket.uncork();
    return ok;
  }

  /** Closes after what was written has been sent. */
  async close(): Promise<void> {
    await this.transport.close();
  }

  destroy(error?: LabwireError): void {
    if (error !== undefined) this.closeError ??= error;
    this.transport.destroy();
  }

  private makeDecoder(): void {
    this.decoder = new MessageDecoder(
      {
        message: (m) => {
          this.counters.messagesIn += 1;
          this.emit('message', m);
        },
        error: (err) => this.badInput(err),
      },
      {
        dialect: this.currentDialect,
        side: this.options.side,
        maxLength: this.options.maxLength,
        maxMessageBytes: this.options.maxMessageBytes,
      },
    );
  }

  private onData(data: TransportData): void {
    if (this.closed) return;
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    if (this.decoder === undefined) {
      // Wait for 8 bytes to tell v5 from the legacy dialects.
      this.head.push(bytes);
      this.headLength += bytes.byteLength;
      if (this.headLength < 8) return;
      const joined = this.head.length === 1 ? bytes : new Uint8Array(Buffer.concat(this.head));
      this.head = [];
      if (looksV5(joined)) this.currentDialect = 'v5';
      this.makeDecoder();
      this.decoder!.write(joined);
      return;
    }
    this.decoder.write(bytes);
  }

  private badInput(err: LabwireError): void {
    this.counters.errors += 1;
    this.closeError ??= err;
    this.emit('error', err);
    this.transport.destroy();
  }

  private onClose(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.decoder?.midMessage && this.closeError === undefined) {
      this.closeError = new LabwireError(
        ErrorCode.TRUNCATED,
        `${this.transport.remote} closed inside a message`,
      );
      this.counters.errors += 1;
      this.emit('error', this.closeError);
    }
    this.emit('close', this.closeError);
  }
}
