import type { LabwireError, Transport } from '@labwire/core';
import {
  ImbFrameDecoder,
  type ImbFrame,
  encodeCommand,
  encodeFrame,
  ImbCommandCode,
} from '../codec/index.js';
import { FrameWriter } from '../wire/frame-writer.js';

/** What the hub knows about one connected client. */
export class HubConnection {
  ownerId = 0;
  ownerName = '';
  /** The client sent icAllVariables: it gets every later variable change. */
  wantsVariables = false;
  /** Client event id → hub event id, from icPublish. */
  readonly publications = new Map<number, number>();
  /** Hub event id → client event id, from icSubscribe (a translation was sent for each). */
  readonly subscriptions = new Map<number, number>();
  readonly decoder: ImbFrameDecoder;
  readonly writer: FrameWriter;
  ended = false;

  constructor(
    /** Accept order, from 0. */
    readonly index: number,
    readonly uniqueClientId: number,
    readonly clientHandle: number,
    readonly transport: Transport,
    onFrame: (connection: HubConnection, frame: ImbFrame) => void,
    onError: (connection: HubConnection, error: LabwireError) => void,
    maxPayloadBytes: number,
  ) {
    this.writer = new FrameWriter(transport);
    this.decoder = new ImbFrameDecoder(
      { message: (frame) => onFrame(this, frame), error: (error) => onError(this, error) },
      { maxPayloadBytes },
    );
  }

  private pauses = 0;

  /**
   * Stops reading from this client (while a subscriber of its events is over its high-water
   * mark), so TCP pushes back on it instead of the hub buffering without bound. Counted: reading
   * resumes when every pause has been released. Only socket transports can pause.
   */
  pauseReading(): void {
    if (this.pauses++ === 0) (this.transport as { rawSocket?: { pause(): void } }).rawSocket?.pause();
  }

  resumeReading(): void {
    if (this.pauses > 0 && --this.pauses === 0)
      (this.transport as { rawSocket?: { resume(): void } }).rawSocket?.resume();
  }

  /** Publishers paused until this connection drains. */
  readonly blocking = new Set<HubConnection>();

  send(frame: Uint8Array): void {
    if (this.transport.state === 'open') this.writer.write(frame);
  }

  sendParts(parts: readonly Uint8Array[]): void {
    if (this.transport.state === 'open') this.writer.writeParts(parts);
  }

  sendUniqueClientId(): void {
    this.send(
      encodeCommand('icUniqueClientID', {
        uniqueClientId: this.uniqueClientId,
        clientHandle: this.clientHandle,
      }),
    );
  }

  sendEndSession(): void {
    this.send(encodeFrame(ImbCommandCode.icEndSession));
    this.writer.flush();
  }

  /** Names this connection publishes, by hub id (for event-name counts). */
  publishes(hubEventId: number): boolean {
    for (const id of this.publications.values()) if (id === hubEventId) return true;
    return false;
  }
}
