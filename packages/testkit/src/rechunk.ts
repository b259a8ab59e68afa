import type { Transport, TransportData } from '@labwire/core';
import { type SplitStrategy, splitBytes } from './chunking.js';
import { WrappedTransport } from './wrapped-transport.js';

/**
 * Re-splits every incoming byte chunk by `strategy` (each arriving chunk is cut on its own, and
 * random strategies continue their sequence across chunks). Strings (message transports) pass
 * through unchanged; message re-batching is protocol-specific.
 */
export function rechunk(inner: Transport, strategy: SplitStrategy): WrappedTransport {
  let call = 0;
  return new WrappedTransport(inner, (data: TransportData, deliver) => {
    if (typeof data === 'string') {
      deliver(data);
      return;
    }
    const s: SplitStrategy =
      strategy.kind === 'random' ? { ...strategy, seed: strategy.seed + call++ } : strategy;
    for (const piece of splitBytes(data, s)) if (piece.byteLength > 0) deliver(piece);
  });
}
