import { LabwireError } from '@labwire/core';
import { decodeBase64 } from './base64.js';
import { IfcbErrorCode } from './errors.js';
import type { IfcbMessage } from './message-types.js';

/**
 * Reassembles the file transfers of the `file` family: `file:start` announces name, chunk count
 * and content type; `file:chunk` carries data that only the start says how to decode
 * (`octet/stream`: base64, `text/plain`: raw text, McLane's sample client); `file:end` completes it.
 * The parser cannot decode chunks on its own, so this decoder keeps that state.
 */

export interface IfcbFile {
  filename: string;
  contentType: string;
  chunkCount: number;
  /** The file's bytes (text files as UTF-8). */
  data: Uint8Array;
  /** Chunk indexes that never arrived (the file is still delivered, with those parts empty). */
  missing: number[];
}

export interface FileDecoderOptions {
  /** Largest file accepted (decoded bytes); checked as chunks arrive. Default 256 MiB. */
  maxFileBytes?: number;
  /** Largest chunk count a `file:start` may announce. Default 1,000,000. */
  maxChunks?: number;
}

export interface FileDecoderSink {
  file(file: IfcbFile): void;
  error(error: LabwireError): void;
}

interface Transfer {
  filename: string;
  contentType: string;
  chunkCount: number;
  chunks: Map<number, Uint8Array>;
  bytes: number;
}

export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;
const DEFAULT_MAX_CHUNKS = 1_000_000;

export class IfcbFileDecoder {
  private readonly transfers = new Map<string, Transfer>();
  private readonly maxFileBytes: number;
  private readonly maxChunks: number;

  constructor(
    private readonly sink: FileDecoderSink,
    options: FileDecoderOptions = {},
  ) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.maxChunks = options.maxChunks ?? DEFAULT_MAX_CHUNKS;
  }

  /** Transfers started and not yet ended. */
  get pending(): number {
    return this.transfers.size;
  }

  /** Feeds one parsed message; returns true when it belonged to the file family. */
  write(message: IfcbMessage): boolean {
    switch (message.key) {
      case 'file.start':
        this.start(message.values.filename, Number(message.values.chunkCount), message.values.contentType);
        return true;
      case 'file.chunk':
        this.chunk(message.values.filename, Number(message.values.index), message.values.data);
        return true;
      case 'file.end':
        this.end(message.values.filename);
        return true;
      default:
        return false;
    }
  }

  reset(): void {
    this.transfers.clear();
  }

  private fail(code: string, text: string, details: Record<string, unknown>): void {
    this.sink.error(new LabwireError(code, text, { details }));
  }

  private start(filename: string, chunkCount: number, contentType: string): void {
    if (!Number.isSafeInteger(chunkCount) || chunkCount < 0 || chunkCount > this.maxChunks) {
      this.fail(
        IfcbErrorCode.FILE_LIMIT,
        `file ${filename} announces ${chunkCount} chunks (limit ${this.maxChunks})`,
        {
          filename,
          chunkCount,
          limit: this.maxChunks,
        },
      );
      return;
    }
    if (this.transfers.has(filename)) {
      this.fail(
        IfcbErrorCode.FILE_SEQUENCE,
        `file ${filename} started again before its end; the first transfer is dropped`,
        {
          filename,
        },
      );
    }
    this.transfers.set(filename, { filename, contentType, chunkCount, chunks: new Map(), bytes: 0 });
  }

  private chunk(filename: string, index: number, data: string): void {
    const t = this.transfers.get(filename);
    if (t === undefined) {
      this.fail(IfcbErrorCode.FILE_SEQUENCE, `chunk ${index} of ${filename} without a file:start`, {
        filename,
        index,
      });
      return;
    }
    if (!Number.isSafeInteger(index) || index < 0 || index >= t.chunkCount) {
      this.fail(
        IfcbErrorCode.FILE_SEQUENCE,
        `chunk index ${index} of ${filename} outside 0..${t.chunkCount - 1}`,
        {
          filename,
          index,
        },
      );
      return;
    }
    // Upper bound of the decoded size, checked before decoding.
    const estimate =
      t.contentType === 'octet/stream' ? Math.ceil((data.length * 3) / 4) : Buffer.byteLength(data);
    const previous = t.chunks.get(index)?.byteLength ?? 0;
    if (t.bytes - previous + estimate > this.maxFileBytes) {
      this.transfers.delete(filename);
      this.fail(
        IfcbErrorCode.FILE_LIMIT,
        `file ${filename} exceeds ${this.maxFileBytes} bytes; transfer dropped`,
        {
          filename,
          limit: this.maxFileBytes,
        },
      );
      return;
    }
    let bytes: Uint8Array | undefined;
    if (t.contentType === 'octet/stream') {
      bytes = decodeBase64(data);
      if (bytes === undefined) {
        this.fail(IfcbErrorCode.FILE_CHUNK, `chunk ${index} of ${filename} is not valid base64`, {
          filename,
          index,
        });
        return;
      }
    } else {
      bytes = Buffer.from(data, 'utf8');
    }
    t.bytes += bytes.byteLength - previous;
    t.chunks.set(index, bytes);
  }

  private end(filename: string): void {
    const t = this.transfers.get(filename);
    if (t === undefined) {
      this.fail(IfcbErrorCode.FILE_SEQUENCE, `file:end of ${filename} without a file:start`, { filename });
      return;
    }
    this.transfers.delete(filename);
    const data = new Uint8Array(t.bytes);
    const missing: number[] = [];
    let at = 0;
    for (let i = 0; i < t.chunkCount; i++) {
      const c = t.chunks.get(i);
      if (c === undefined) {
        missing.push(i);
        continue;
      }
      data.set(c, at);
      at += c.byteLength;
    }
    if (missing.length > 0) {
      this.fail(
        IfcbErrorCode.FILE_SEQUENCE,
        `file ${filename} ended with ${missing.length} of ${t.chunkCount} chunks missing`,
        {
          filename,
          missing,
        },
      );
    }
    this.sink.file({ filename, contentType: t.contentType, chunkCount: t.chunkCount, data, missing });
  }
}
