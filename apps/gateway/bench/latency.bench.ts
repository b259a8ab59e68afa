/**
 * Event latency at 10,000 events/s: from the instrument peer writing the bytes to a TCP socket
 * to the subscriber (on its own thread) receiving the decoded event. Gateway path: the test-line
 * connector (test/scaffolding) → bus → WebSocket session → @labwire/client. Baseline, same run:
 * a bare forwarder that reads the same socket, splits lines and `ws.send`s each one to a bare
 * `ws` client. Percentiles are printed after the warm-up and after the measured runs, each over
 * every event of its phase; hz is runs of LOAD_MS.
 */
import { type Socket, connect } from 'node:net';
import { Worker } from 'node:worker_threads';
import { bench, describe } from 'vitest';
import { startLineInstrument } from '../test/scaffolding/line-instrument.js';
import { benchGateway, rawServer, whenTrue } from './bench-setup.js';

const RATE = 10_000;
const LOAD_MS = 1_000;
const PER_MS = RATE / 1_000;
const MAX_SAMPLES = 1_000_000;

async function latencyWorker(url: string, kind: 'labwire' | 'raw') {
  const samples = new Float64Array(new SharedArrayBuffer(8 * MAX_SAMPLES));
  const count = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL('./latency-worker.mjs', import.meta.url), {
    workerData: { url, kind, samples: samples.buffer, count: count.buffer },
  });
  await new Promise((r, j) => {
    worker.once('message', r);
    worker.once('error', j);
  });
  return { samples, count, worker };
}

/** Writes RATE timestamped lines per second to every connection for LOAD_MS, paced per millisecond. */
async function load(write: (text: string) => void): Promise<number> {
  const started = performance.now();
  let sent = 0;
  while (performance.now() - started < LOAD_MS) {
    const due = Math.floor((performance.now() - started) * PER_MS);
    let text = '';
    const at = performance.timeOrigin + performance.now();
    for (; sent < due; sent++) text += `{"device":"lat","property":"v","value":${at}}\n`;
    if (text !== '') write(text);
    await new Promise((r) => setTimeout(r, 1));
  }
  return sent;
}

function percentiles(samples: Float64Array, n: number): string {
  const sorted = Array.from(samples.subarray(0, Math.min(n, samples.length))).sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
  return `n=${sorted.length} p50=${at(0.5)} ms p99=${at(0.99)} ms max=${sorted.at(-1)!.toFixed(2)} ms`;
}

// Gateway path.
const g = await benchGateway();
const viaGateway = await latencyWorker(g.gw.address.ws, 'labwire');

// Baseline: its own instrument peer → bare line forwarder → bare ws client.
const rawPeer = await startLineInstrument();
const raw = await rawServer();
const viaRaw = await latencyWorker(raw.url, 'raw');
await whenTrue(() => raw.sockets.length === 1);
const forwarderIn: Socket = connect({ host: '127.0.0.1', port: rawPeer.port });
forwarderIn.setNoDelay(true);
let pending = '';
forwarderIn.on('data', (chunk) => {
  pending += chunk.toString('utf8');
  let nl = pending.indexOf('\n');
  while (nl >= 0) {
    raw.sockets[0]!.send(pending.slice(0, nl));
    pending = pending.slice(nl + 1);
    nl = pending.indexOf('\n');
  }
});
await whenTrue(() => rawPeer.connections() === 1);

const options = { time: 0, iterations: 5, warmupIterations: 1 };

describe(`event latency at ${RATE} events/s (bytes in → subscriber)`, () => {
  bench(
    'gateway: test-line connector → bus → WebSocket → @labwire/client',
    async () => {
      const before = Atomics.load(viaGateway.count, 0);
      const sent = await load((t) => g.peer.broadcastRaw(t));
      await whenTrue(() => Atomics.load(viaGateway.count, 0) >= before + sent);
    },
    {
      ...options,
      setup: () => void Atomics.store(viaGateway.count, 0, 0),
      teardown: () =>
        console.log(`gateway latency: ${percentiles(viaGateway.samples, Atomics.load(viaGateway.count, 0))}`),
    },
  );
  bench(
    'baseline: bare line forwarder → ws',
    async () => {
      const before = Atomics.load(viaRaw.count, 0);
      const sent = await load((t) => rawPeer.broadcastRaw(t));
      await whenTrue(() => Atomics.load(viaRaw.count, 0) >= before + sent);
    },
    {
      ...options,
      setup: () => void Atomics.store(viaRaw.count, 0, 0),
      teardown: () =>
        console.log(`baseline latency: ${percentiles(viaRaw.samples, Atomics.load(viaRaw.count, 0))}`),
    },
  );
});
