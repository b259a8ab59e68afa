/**
 * An 8 MiB `data` payload from a connector to a subscriber, against the baseline of a bare `ws`
 * server sending 8 MiB binary messages to a bare `ws` client on the same loopback.
 */
import type { LabwireClient } from '@labwire/client';
import { bench, describe } from 'vitest';
import { benchGateway, rawWs, whenTrue } from './bench-setup.js';

const PAYLOAD = new Uint8Array(8 * 1024 * 1024).map((_, i) => i & 0xff);
const options = { time: 3_000, warmupTime: 500 };

// Setup at top level: vitest bench runs no hooks. The worker ends with the run, closing the sockets.
const g = await benchGateway();
const [client] = (await g.clients(1)) as [LabwireClient];
let got = 0;
await client.subscribe(
  'lab/#',
  (e) => {
    if (e.payload?.byteLength === PAYLOAD.byteLength) got += 1;
  },
  { kinds: ['data'] },
);
const raw = await rawWs(1);
let rawGot = 0;
raw.clients[0]!.on('message', (d: Buffer) => {
  if (d.byteLength === PAYLOAD.byteLength) rawGot += 1;
});

describe('8 MiB data payload → 1 subscriber', () => {
  bench(
    'gateway → @labwire/client (binary frame, JSON header)',
    async () => {
      const before = got;
      g.connector.publishData('camera', 'image', PAYLOAD);
      await whenTrue(() => got > before);
    },
    options,
  );
  bench(
    'baseline: bare ws binary message',
    async () => {
      const before = rawGot;
      raw.sockets[0]!.send(PAYLOAD);
      await whenTrue(() => rawGot > before);
    },
    options,
  );
});
