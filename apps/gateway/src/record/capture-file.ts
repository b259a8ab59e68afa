import { type WriteStream, createWriteStream } from 'node:fs';

/** The capture format of the conformance tools (`labwire-conformance capture | replay | to-vectors`). */
export const CAPTURE_FORMAT = 'labwire-capture/1';

export interface CaptureHeader {
  protocol: string;
  framing: 'stream' | 'message';
  /** The real peer, e.g. `tcp://127.0.0.1:7624`. */
  peer: string;
  notes?: Record<string, unknown>;
}

/**
 * Appends one session capture as JSON Lines (header, then records in the order they happened),
 * so a capture survives a killed gateway up to its last complete line. `dir` is seen from the
 * connector: `out` is what labwire sent, `in` what the instrument sent.
 */
export class CaptureFile {
  private readonly out: WriteStream;
  private readonly t0 = performance.now();
  private connections = 0;

  constructor(
    readonly path: string,
    header: CaptureHeader,
  ) {
    this.out = createWriteStream(path);
    this.line({ format: CAPTURE_FORMAT, ...header, started: new Date().toISOString() });
  }

  open(): number {
    this.connections += 1;
    this.line({ t: this.now(), conn: this.connections, event: 'open' });
    return this.connections;
  }

  data(conn: number, dir: 'in' | 'out', bytes: Uint8Array): void {
    this.line({
      t: this.now(),
      conn,
      dir,
      hex: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'),
    });
  }

  close(conn: number, by: 'client' | 'peer'): void {
    this.line({ t: this.now(), conn, event: 'close', by });
  }

  end(): Promise<void> {
    return new Promise((resolve) => this.out.end(() => resolve()));
  }

  private now(): number {
    return Math.round((performance.now() - this.t0) * 1000) / 1000;
  }

  private line(value: unknown): void {
    this.out.write(`${JSON.stringify(value)}\n`);
  }
}
