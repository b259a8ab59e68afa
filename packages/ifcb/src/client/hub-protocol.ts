import { type HubMessage, type IHubProtocol, type ILogger, TransferFormat } from '@microsoft/signalr';
import type { LabwireError } from '@labwire/core';
import { HubRecordDecoder } from '../codec/signalr/decode-records.js';
import { writeRecord } from '../codec/signalr/encode-records.js';
import type { HubRecord } from '../codec/signalr/records.js';

/**
 * The JSON hub protocol for `@microsoft/signalr`, built on the package's codec. Same wire format
 * as the library's own JsonHubProtocol, but bad records are reported (coded errors) and skipped
 * instead of thrown, which would close the connection; and a record split across WebSocket
 * messages is kept until its end arrives.
 */
export class IfcbJsonHubProtocol implements IHubProtocol {
  readonly name = 'json';
  /** Version 1: stateful reconnect (version 2) is not used by any IFCB client. */
  readonly version = 1;
  readonly transferFormat = TransferFormat.Text;
  private readonly decoder: HubRecordDecoder;
  private batch: HubRecord[] = [];

  constructor(onError: (error: LabwireError) => void, maxRecordBytes: number) {
    this.decoder = new HubRecordDecoder(
      {
        record: (r) => this.batch.push(r),
        error: onError,
      },
      { phase: 'messages', side: 'client', maxRecordBytes },
    );
  }

  private bytesIn = 0;
  private bytesOut = 0;

  /** Records decoded, dropped as unknown types (forward compatibility), and refused; UTF-8 bytes each way. */
  get counts(): Readonly<{
    records: number;
    ignored: number;
    errors: number;
    bytesIn: number;
    bytesOut: number;
  }> {
    return { ...this.decoder.counts, bytesIn: this.bytesIn, bytesOut: this.bytesOut };
  }

  /** Forgets a partial record (a new connection starts clean). */
  reset(): void {
    this.decoder.reset();
  }

  parseMessages(input: string | ArrayBuffer, _logger: ILogger): HubMessage[] {
    this.batch = [];
    this.bytesIn += typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
    if (typeof input === 'string') this.decoder.writeText(input);
    else this.decoder.write(new Uint8Array(input));
    const out = this.batch;
    this.batch = [];
    return out as unknown as HubMessage[];
  }

  writeMessage(message: HubMessage): string {
    const text = writeRecord(message as unknown as Record<string, unknown>);
    this.bytesOut += Buffer.byteLength(text);
    return text;
  }
}
