import type { LabwireError } from './errors.js';

/** Where an incremental decoder delivers what it finds. */
export interface DecoderSink<T> {
  /** One complete message, in stream order. */
  message(message: T): void;
  /**
   * Malformed or oversized input. The decoder has already resynchronised where the protocol
   * allows (the error says so in `details.resynchronised`); otherwise it stays failed until `reset()`.
   */
  error(error: LabwireError): void;
}

/**
 * An incremental decoder: accepts input split at any byte and produces the same messages as
 * if it had been given the whole stream at once. Pure: no I/O, no timers.
 */
export interface Decoder {
  /**
   * Feeds the next chunk. Never throws for bad input; reports it to the sink. Decoders keep
   * views of a chunk rather than copies while a message is incomplete (and messages may be
   * views of it), so the caller must not reuse or change a chunk once written; socket and
   * WebSocket chunks are fresh buffers.
   */
  write(chunk: Uint8Array): void;
  /** End of stream: a partly received message is reported as a TRUNCATED error. */
  end(): void;
  /** Forgets buffered input and any failed state (for example after a reconnect). */
  reset(): void;
  /** Bytes held while waiting for the rest of a message. */
  readonly buffered: number;
}

export type DecoderFactory<T, O = unknown> = (sink: DecoderSink<T>, options?: O) => Decoder;

/** A protocol's codec: decoding of what arrives, encoding of what is sent. */
export interface Codec<TDecoded, TEncodable, O = unknown> {
  readonly createDecoder: DecoderFactory<TDecoded, O>;
  encode(message: TEncodable): Uint8Array | string;
}
