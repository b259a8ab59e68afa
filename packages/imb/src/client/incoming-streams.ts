import { Readable } from 'node:stream';
import type { LabwireError } from '@labwire/core';
import { ImbErrorCode, imbError } from '../codec/index.js';
import type { EventDefinition } from './event-definition.js';
import type { ImbStreamEnd, ImbStreamInfo } from './types.js';

/** What the application may hand back for an incoming stream (pyimb's create_stream_callback). */
export interface StreamSinkLike {
  write(chunk: Uint8Array): unknown;
  end?(): unknown;
}

/** An incoming stream as a Node readable, with the stream's identity. */
export type IncomingStream = Readable & { streamId: number; streamName: string; eventName: string };

interface OpenStream {
  info: ImbStreamInfo;
  chunks: Uint8Array[] | undefined;
  size: number;
  sink: StreamSinkLike | undefined;
  readable: IncomingStream | undefined;
}

export interface IncomingStreamsOptions {
  /** Keep the bytes of every open stream for `streamEnd` (default true). */
  assemble: boolean;
  /** Cap on the bytes kept for all open streams together. */
  maxBytes: number;
}

/**
 * Open incoming streams, keyed by (event, stream id): headers open, bodies append, tails
 * append and close (protocol reference section 8). Streams on one event may interleave.
 */
export class IncomingStreams {
  private readonly open = new Map<string, OpenStream>();
  private held = 0;

  constructor(
    private readonly options: IncomingStreamsOptions,
    private readonly emitStart: (info: ImbStreamInfo) => void,
    private readonly emitEnd: (end: ImbStreamEnd) => void,
    private readonly emitError: (error: LabwireError) => void,
  ) {}

  get count(): number {
    return this.open.size;
  }

  header(definition: EventDefinition, streamId: number, streamName: string): void {
    const key = `${definition.eventId}:${streamId}`;
    const previous = this.open.get(key);
    if (previous !== undefined) this.finish(key, previous, false);
    const info: ImbStreamInfo = { eventName: definition.name, definition, streamId, streamName };
    const stream: OpenStream = {
      info,
      chunks: this.options.assemble ? [] : undefined,
      size: 0,
      sink: undefined,
      readable: undefined,
    };
    const created = definition.createStreamCallback?.(streamId, streamName);
    if (created) stream.sink = created;
    if (definition.streamListeners > 0) {
      const readable = new Readable({ read() {} }) as IncomingStream;
      readable.streamId = streamId;
      readable.streamName = streamName;
      readable.eventName = definition.name;
      stream.readable = readable;
      definition.emitStream(readable);
    }
    this.open.set(key, stream);
    this.emitStart(info);
  }

  /** A body or tail chunk; `last` closes the stream. */
  data(definition: EventDefinition, streamId: number, chunk: Uint8Array, last: boolean): void {
    const key = `${definition.eventId}:${streamId}`;
    const stream = this.open.get(key);
    if (stream === undefined) {
      this.emitError(
        imbError(
          ImbErrorCode.UNKNOWN_STREAM,
          'unknown-stream',
          `stream ${streamId} on ${definition.name} has no header`,
          {
            eventName: definition.name,
            streamId,
          },
        ),
      );
      return;
    }
    if (chunk.byteLength > 0) {
      stream.size += chunk.byteLength;
      if (stream.chunks !== undefined) {
        if (this.held + chunk.byteLength > this.options.maxBytes) {
          this.held -= stream.size - chunk.byteLength;
          stream.chunks = undefined;
          this.emitError(
            imbError(
              ImbErrorCode.STREAM_LIMIT,
              'stream-limit',
              `open streams would hold more than ${this.options.maxBytes} bytes`,
              {
                eventName: definition.name,
                streamId,
                limit: this.options.maxBytes,
              },
            ),
          );
        } else {
          stream.chunks.push(chunk);
          this.held += chunk.byteLength;
        }
      }
      stream.sink?.write(chunk);
      stream.readable?.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    if (last) this.finish(key, stream, true);
  }

  /** Ends every open stream (connection lost): readers see an error, nothing is delivered. */
  abortAll(reason: Error): void {
    for (const stream of this.open.values()) {
      stream.readable?.destroy(reason);
      stream.sink?.end?.();
    }
    this.open.clear();
    this.held = 0;
  }

  private finish(key: string, stream: OpenStream, complete: boolean): void {
    this.open.delete(key);
    let data: Uint8Array | undefined;
    if (stream.chunks !== undefined) {
      this.held -= stream.size;
      data = stream.chunks.length === 1 ? stream.chunks[0] : Buffer.concat(stream.chunks, stream.size);
      data ??= new Uint8Array(0);
    }
    if (!complete) {
      stream.readable?.destroy(new Error(`stream ${stream.info.streamId} restarted by a new header`));
      return;
    }
    stream.readable?.push(null);
    const definition = stream.info.definition;
    if (stream.sink !== undefined) definition.endStreamCallback?.(definition, stream.sink);
    stream.sink?.end?.();
    const end: ImbStreamEnd = { ...stream.info, byteLength: stream.size };
    if (data !== undefined) end.data = data;
    this.emitEnd(end);
  }
}
