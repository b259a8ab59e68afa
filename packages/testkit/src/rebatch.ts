import type { Transport, TransportData } from '@labwire/core';
import type { SplitStrategy } from './chunking.js';
import { seededRandom } from './chunking.js';
import { WrappedTransport } from './wrapped-transport.js';

export interface RebatchOptions {
  /** The record terminator inside a frame (SignalR's JSON hub protocol: 0x1E). */
  separator: string;
  /**
   * How to regroup each frame's records: `whole` keeps frames as they are, `every-byte` sends
   * every record in a frame of its own, `random` groups 1..maxChunk records (seeded).
   */
  strategy: SplitStrategy;
}

/**
 * Re-batches the records a message transport receives into different frames, as a peer may
 * batch them (several records per WebSocket message, or one each). Records are never cut:
 * a frame always carries whole records, as record-based protocols require.
 */
export function rebatch(inner: Transport, options: RebatchOptions): WrappedTransport {
  const random = options.strategy.kind === 'random' ? seededRandom(options.strategy.seed) : undefined;
  const max = options.strategy.kind === 'random' ? Math.max(1, options.strategy.maxChunk ?? 3) : 1;
  return new WrappedTransport(inner, (data: TransportData, deliver) => {
    if (typeof data !== 'string' || options.strategy.kind === 'whole') {
      deliver(data);
      return;
    }
    const records = data.split(options.separator);
    const tail = records.pop();
    // Text after the last separator is not a whole record: keep it with the last group.
    const whole = records.map((r) => r + options.separator);
    if (whole.length === 0) {
      deliver(data);
      return;
    }
    let at = 0;
    while (at < whole.length) {
      const size = random === undefined ? 1 : 1 + Math.floor(random() * max);
      const group = whole.slice(at, at + size);
      at += size;
      deliver(group.join('') + (at >= whole.length ? (tail ?? '') : ''));
    }
  });
}
