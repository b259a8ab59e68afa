import type { ProbeEvent } from './probe.js';

/** A short rendering of an event for failure messages. */
export function showEvent(event: ProbeEvent | undefined): string {
  if (event === undefined) return 'nothing';
  switch (event.type) {
    case 'text':
      return `text ${JSON.stringify(event.text.length > 200 ? `${event.text.slice(0, 200)}…` : event.text)}`;
    case 'binary':
      return `binary ${event.bytes.subarray(0, 32).toString('hex')}${event.bytes.byteLength > 32 ? '…' : ''}`;
    case 'close':
      return `close ${event.code} ${JSON.stringify(event.reason)}`;
    case 'eof':
      return 'end of stream';
  }
}
