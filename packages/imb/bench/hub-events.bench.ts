import { bench, describe } from 'vitest';
import { ImbClient } from '../dist/client/imb-client.js';
import { ImbHub } from '../dist/simulator/imb-hub.js';

/**
 * Small events client → hub → client on loopback, checked in order. One iteration signals
 * EVENTS events on the publisher and waits until the subscriber has the last one, so
 * events/s = hz × EVENTS. Target from the issue: ≥ 100,000 events/s. (vitest bench runs no
 * beforeAll hooks, so the setup is top-level and the teardown is the bench's own hook.)
 */
const EVENTS = 50_000;
const hub = new ImbHub({ host: '127.0.0.1', port: 0 });
const { port } = await hub.listen();
const publisher = await ImbClient.connect('127.0.0.1', port, {
  ownerId: 1,
  ownerName: 'pub',
  federation: 'bench',
});
const subscriber = await ImbClient.connect('127.0.0.1', port, {
  ownerId: 2,
  ownerName: 'sub',
  federation: 'bench',
});
let expected = 0;
let outOfOrder = 0;
let resolveDone: (() => void) | undefined;
subscriber.subscribe('small').onEvent('ekNormalEvent', (e) => {
  // Bodies carry a running counter: anything but the next number is out of order.
  const b = e.body;
  const n = (b[4]! | (b[5]! << 8) | (b[6]! << 16) | (b[7]! << 24)) >>> 0;
  if (n !== expected) outOfOrder += 1;
  expected = n + 1;
  if (n % EVENTS === EVENTS - 1) resolveDone?.();
});
const out = publisher.publish('small');
await new Promise((r) => setTimeout(r, 100));
let counter = 0;

describe('client → hub → client, small events on loopback', () => {
  bench(
    `${EVENTS} events with 8-byte bodies, in order (events/s = hz × ${EVENTS})`,
    async () => {
      const done = new Promise<void>((resolve) => {
        resolveDone = resolve;
      });
      const body = Buffer.alloc(8);
      body.writeUInt32LE(4, 0);
      for (let i = 0; i < EVENTS; i++) {
        body.writeUInt32LE(counter++, 4);
        if (!out.signalEvent(5, body)) await publisher.drained();
      }
      await done;
      if (outOfOrder > 0) throw new Error(`${outOfOrder} events arrived out of order`);
    },
    {
      iterations: 10,
      time: 0,
      warmupIterations: 2,
      teardown: async (_task, mode) => {
        if (mode !== 'run') return;
        await publisher.disconnect();
        await subscriber.disconnect();
        await hub.close();
      },
    },
  );
});
