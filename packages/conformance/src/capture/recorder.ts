import { type WriteStream, createWriteStream } from 'node:fs';
import { CAPTURE_FORMAT, type CaptureHeader, type CaptureRecord, captureLine } from './format.js';

/** Appends records to a capture file as they happen; timestamps relative to the start. */
export class CaptureRecorder {
  private readonly out: WriteStream;
  private readonly t0 = performance.now();
  private connections = 0;
  private ended = false;
  records = 0;
  /** Records that arrived after `end()` (a connection closing late); not written. */
  late = 0;

  constructor(file: string, header: Omit<CaptureHeader, 'format' | 'started'>) {
    this.out = createWriteStream(file);
    this.out.write(captureLine({ format: CAPTURE_FORMAT, started: new Date().toISOString(), ...header }));
  }

  /** A new connection number. */
  open(): number {
    this.connections += 1;
    this.write({ t: this.now(), conn: this.connections, event: 'open' });
    return this.connections;
  }

  data(conn: number, dir: 'in' | 'out', payload: Uint8Array | string): void {
    const t = this.now();
    this.write(
      typeof payload === 'string'
        ? { t, conn, dir, text: payload }
        : { t, conn, dir, hex: Buffer.from(payload).toString('hex') },
    );
  }

  close(conn: number, by: 'client' | 'peer', code?: number, reason?: string): void {
    this.write({
      t: this.now(),
      conn,
      event: 'close',
      by,
      ...(code === undefined ? {} : { code }),
      ...(reason ? { reason } : {}),
    });
  }

  end(): Promise<void> {
    this.ended = true;
    return new Promise((resolve) => this.out.end(resolve));
  }

  private now(): number {
    return Math.round((performance.now() - this.t0) * 1000) / 1000;
  }

  private write(record: CaptureRecord): void {
    if (this.ended) {
      this.late += 1;
      return;
    }
    this.records += 1;
    this.out.write(captureLine(record));
  }
}
