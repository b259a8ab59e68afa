import {
  type Decoder,
  ErrorCode,
  type EventMap,
  LabwireError,
  type Transport,
  type TransportCloseInfo,
  TypedEmitter,
} from '@labwire/core';
import { ZeissErrorCode } from '../codec/errors.js';
import { createLegacyReplyDecoder } from '../codec/legacy-parse.js';

export interface ZeissConnectionEvents extends EventMap {
  /** One reply text. */
  reply: (text: string) => void;
  /** Something that is not a reply (a binary frame, an undecodable legacy reply). */
  error: (error: LabwireError) => void;
  close: (info: TransportCloseInfo) => void;
}

/**
 * One session over one transport. WebSocket: each text message is a reply (binary frames are a
 * protocol error: the server never sends them). Stream (legacy-tcp): the reply is everything
 * until the server closes, framed by the legacy decoder.
 */
export class ZeissConnection extends TypedEmitter<ZeissConnectionEvents> {
  private readonly decoder: Decoder | undefined;
  private closedInfo: TransportCloseInfo | undefined;

  constructor(
    readonly transport: Transport,
    maxReplyBytes: number,
  ) {
    super();
    if (transport.kind === 'stream') {
      this.decoder = createLegacyReplyDecoder(
        { message: (text) => this.emit('reply', text), error: (error) => this.emit('error', error) },
        { maxBytes: maxReplyBytes },
      );
    }
    transport.on('data', (data) => {
      if (this.decoder !== undefined) {
        this.decoder.write(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      } else if (typeof data === 'string') {
        this.emit('reply', data);
      } else {
        this.emit(
          'error',
          new LabwireError(
            ZeissErrorCode.UNEXPECTED_REPLY,
            `binary frame of ${data.byteLength} bytes from the server`,
          ),
        );
      }
    });
    transport.on('error', (error) => this.emit('error', error));
    transport.on('close', (info) => {
      this.closedInfo = info;
      this.decoder?.end();
      this.emit('close', info);
    });
  }

  get open(): boolean {
    return this.transport.state === 'open';
  }

  get closed(): TransportCloseInfo | undefined {
    return this.closedInfo;
  }

  async connect(signal?: AbortSignal): Promise<void> {
    await this.transport.open(signal);
  }

  send(payload: string | Uint8Array): void {
    if (this.transport.state !== 'open') {
      throw new LabwireError(
        ErrorCode.NOT_CONNECTED,
        `connection to ${this.transport.remote} is ${this.transport.state}`,
      );
    }
    // A string goes out as a text frame; the reference server crashes (1011) on binary frames.
    this.transport.write(payload);
  }

  close(code = 1000): Promise<void> {
    return this.transport.close(code);
  }

  destroy(error?: LabwireError): void {
    this.transport.destroy(error);
  }
}
