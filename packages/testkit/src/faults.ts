import type { Transport, TransportData } from '@labwire/core';
import { WrappedTransport } from './wrapped-transport.js';

export interface Faults {
  /** Deliver only this many incoming bytes, then drop the connection (mid-message if it falls there). */
  dropAfterBytes?: number;
  /** Deliver only this many incoming bytes, then hold the rest forever (a stalled peer). */
  stallAfterBytes?: number;
  /** Delay each incoming chunk by this many ms (order kept). */
  delayMs?: number;
}

function size(data: TransportData): number {
  return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
}

function head(data: TransportData, n: number): TransportData {
  return typeof data === 'string' ? Buffer.from(data).subarray(0, n).toString('utf8') : data.subarray(0, n);
}

/** Wraps a transport so that what it receives is cut, stalled or delayed as `faults` says. */
export function withFaults(inner: Transport, faults: Faults): WrappedTransport & { readonly held: number } {
  let seen = 0;
  let held = 0;
  let chain = Promise.resolve();
  let wrapper!: WrappedTransport;
  const limit = faults.dropAfterBytes ?? faults.stallAfterBytes;
  wrapper = new WrappedTransport(inner, (data, deliver) => {
    const forward = () => {
      if (limit === undefined) {
        deliver(data);
        return;
      }
      const room = limit - seen;
      const n = size(data);
      if (room <= 0) {
        held += n;
        return;
      }
      if (n <= room) {
        seen += n;
        deliver(data);
      } else {
        seen += room;
        held += n - room;
        deliver(head(data, room));
      }
      if (seen >= limit && faults.dropAfterBytes !== undefined) queueMicrotask(() => wrapper.drop());
    };
    if (faults.delayMs === undefined) forward();
    else {
      chain = chain.then(
        () =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              forward();
              resolve();
            }, faults.delayMs),
          ),
      );
    }
  });
  return Object.defineProperty(wrapper, 'held', { get: () => held }) as WrappedTransport & {
    readonly held: number;
  };
}
