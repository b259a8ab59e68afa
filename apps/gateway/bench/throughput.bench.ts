/**
 * Small events from a connector to WebSocket subscribers on loopback. Subscribers run on a worker
 * thread (their own event loop, as another process would be). Baseline, same run: a bare `ws`
 * server sending the same events one message each (JSON.stringify per event and subscriber,
 * JSON.parse at the client) — what a straightforward forwarder does.
 * One iteration moves EVENTS events to every subscriber: events/s = hz × EVENTS.
 */
import { Bus } from '@labwire/core';
import { bench, describe } from 'vitest';
import WebSocket from 'ws';
import { eventsFrame } from '../src/server/event-frames.js';
import { LineConnector } from '../test/scaffolding/line-connector.js';
import {
  type BenchGateway,
  benchGateway,
  publishInChunks,
  rawServer,
  sampleEvent,
  startSubscribers,
  whenTrue,
} from './bench-setup.js';

const EVENTS = 20_000;
const options = { time: 4_000, warmupTime: 500 };

async function gatewayRound(g: BenchGateway, counts: () => number[]): Promise<void> {
  const start = counts();
  await publishInChunks(g.connector, EVENTS);
  await whenTrue(() => counts().every((c, i) => c >= start[i]! + EVENTS));
}

async function rawRound(sockets: WebSocket[], counts: () => number[]): Promise<void> {
  const start = counts();
  for (let sent = 0; sent < EVENTS; sent += 1_000) {
    for (let i = sent; i < sent + 1_000; i++) {
      const event = sampleEvent(i);
      for (const s of sockets) s.send(JSON.stringify(event));
    }
    await new Promise((r) => setImmediate(r));
  }
  await whenTrue(() => counts().every((c, i) => c >= start[i]! + EVENTS));
}

// Setup at top level: vitest bench runs no hooks; the worker ends with the run.
const one = await benchGateway();
const oneSubs = await startSubscribers(one.gw.address.ws, 'labwire', 1);
const oneRaw = await rawServer();
const oneRawSubs = await startSubscribers(oneRaw.url, 'raw', 1);
const floor = new LineConnector({ id: 'floor', bus: new Bus(), port: 1 });

describe(`${EVENTS} small events → 1 subscriber`, () => {
  bench('gateway → @labwire/client', () => gatewayRound(one, oneSubs.counts), options);
  // The floor under any gateway: @labwire/core's BaseConnector.publish + Bus.publish alone.
  bench(
    'floor: connector publish into a bus with no subscriber (core)',
    () => floor.publishBurst(EVENTS),
    options,
  );
  bench(
    'baseline: bare ws, one message per event',
    () => rawRound(oneRaw.sockets, oneRawSubs.counts),
    options,
  );
});

const ten = await benchGateway();
const tenSubs = await startSubscribers(ten.gw.address.ws, 'labwire', 10);
const tenRaw = await rawServer();
const tenRawSubs = await startSubscribers(tenRaw.url, 'raw', 10);

// The receiving side's ceiling on this machine: the 10 subscribers share one worker thread (a
// machine with more cores would give each its own), and each must at least JSON.parse every
// event it gets. This is that parse alone, of the same frames, on one thread.
const sampleFrame = eventsFrame(
  1,
  Array.from({ length: 100 }, (_, i) =>
    JSON.stringify({ ...sampleEvent(i), topic: 'lab/bench/value', members: [{ name: 'value', value: i }] }),
  ),
);

describe(`${EVENTS} small events → 10 subscribers, each receiving all`, () => {
  bench('gateway → 10 × @labwire/client', () => gatewayRound(ten, tenSubs.counts), options);
  bench(
    'ceiling: JSON.parse alone of what 10 subscribers receive, on one thread',
    () => {
      for (let i = 0; i < (10 * EVENTS) / 100; i++) JSON.parse(sampleFrame);
    },
    options,
  );
  bench(
    'baseline: bare ws to 10 clients, one message per event',
    () => rawRound(tenRaw.sockets, tenRawSubs.counts),
    options,
  );
});

const withStalled = await benchGateway(10_000);
const withStalledSubs = await startSubscribers(withStalled.gw.address.ws, 'labwire', 1);
const stalled = new WebSocket(withStalled.gw.address.ws, ['labwire.v1']);
await new Promise((r) => stalled.once('open', r));
stalled.send(JSON.stringify({ type: 'subscribe', id: 1, patterns: ['#'] }));
await new Promise((r) => setTimeout(r, 100));
// Stop reading: the kernel buffers fill, then the gateway's bounded queue for this subscriber.
stalled.pause();
const healthy = await benchGateway(10_000);
const healthySubs = await startSubscribers(healthy.gw.address.ws, 'labwire', 1);

function reportStalled(): void {
  const queues = [...withStalled.gw.gateway.subscriberQueues()].map((q) => q.queued);
  const stats = withStalled.gw.gateway.bus.stats();
  console.log(
    `stalled subscriber: queue depths ${queues.join(', ')} (bound 10000), dropped ${stats.dropped}, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`,
  );
}

describe(`${EVENTS} small events → 1 subscriber while another subscriber is stalled`, () => {
  bench(
    'gateway → 1 client, a second client stalled',
    () => gatewayRound(withStalled, withStalledSubs.counts),
    {
      ...options,
      teardown: reportStalled,
    },
  );
  bench(
    'baseline: gateway → 1 client, nobody stalled',
    () => gatewayRound(healthy, healthySubs.counts),
    options,
  );
});
