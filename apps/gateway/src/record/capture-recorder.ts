import { createHash } from 'node:crypto';
import { type WriteStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bus, BusEvent, Subscription } from '@labwire/core';

/** Payloads up to this size are kept in a capture as `{"$bytes": base64}`; larger ones as a hash. */
export const CAPTURE_MAX_PAYLOAD_BYTES = 1024 * 1024;

/**
 * `--record <dir>`: writes what each connector put on the bus as a suite file in the
 * `labwire-vectors/1` envelope (shared/conformance/README.md), one `bus-capture` case per
 * connector, streamed as it happens and closed on shutdown. Byte payloads use the suite's
 * `$bytes` wrapper, so captures from real instruments can be compared with later runs.
 */
export class CaptureRecorder {
  private readonly files = new Map<string, { stream: WriteStream; count: number }>();
  private subscription: Subscription | undefined;

  constructor(
    private readonly dir: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async start(bus: Bus): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    this.subscription = bus.subscribe('#', (e) => this.write(e), { queueSize: 100_000 });
  }

  async close(): Promise<string[]> {
    this.subscription?.unsubscribe();
    const written: string[] = [];
    for (const [connector, file] of this.files) {
      await new Promise<void>((resolve) => file.stream.end('\n]}]}\n', () => resolve()));
      written.push(this.path(connector));
    }
    this.files.clear();
    return written;
  }

  private path(connector: string): string {
    return join(this.dir, `${connector.replace(/[^A-Za-z0-9._-]/g, '_')}.capture.json`);
  }

  private write(event: BusEvent): void {
    let file = this.files.get(event.connector);
    if (file === undefined) {
      const stream = createWriteStream(this.path(event.connector));
      const head = {
        format: 'labwire-vectors/1',
        protocol: event.protocol,
        title: `Bus capture of connector ${event.connector}`,
        source: {
          reference: 'labwire-gateway --record',
          how: `Events the ${event.protocol} connector "${event.connector}" published, recorded from ${this.now().toISOString()}.`,
        },
      };
      const json = JSON.stringify(head);
      stream.write(
        `${json.slice(0, -1)},"cases":[{"id":"capture-${event.connector}","kind":"bus-capture","expect":"ok","events":[\n`,
      );
      file = { stream, count: 0 };
      this.files.set(event.connector, file);
    }
    file.stream.write((file.count === 0 ? '' : ',\n') + render(event));
    file.count += 1;
  }
}

function render(event: BusEvent): string {
  if (event.kind !== 'data' || event.payload === undefined) {
    return JSON.stringify(event, (_k, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v));
  }
  const { payload, ...rest } = event;
  const attachment =
    payload.byteLength <= CAPTURE_MAX_PAYLOAD_BYTES
      ? { $bytes: Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('base64') }
      : { sha256: createHash('sha256').update(payload).digest('hex'), byteLength: payload.byteLength };
  return JSON.stringify({ ...rest, payload: attachment });
}
