// Receives timestamped events on its own thread and records each latency (ms) into shared
// memory: receive time minus the time the instrument peer wrote the bytes (both absolute,
// timeOrigin + now, so the two threads' clocks agree).
import { parentPort, workerData } from 'node:worker_threads';
import { LabwireClient } from '@labwire/client';
import WebSocket from 'ws';

const { url, kind, samples: shared, count: sharedCount } = workerData;
const samples = new Float64Array(shared);
const count = new Int32Array(sharedCount);
const now = () => performance.timeOrigin + performance.now();
const record = (sent) => {
  const i = Atomics.add(count, 0, 1);
  if (i < samples.length) samples[i] = now() - sent;
};

let close;
if (kind === 'labwire') {
  const client = new LabwireClient({ url, WebSocket, reconnect: false });
  await client.connect();
  await client.subscribe('lab/lat/#', (e) => record(e.members[0].value), { kinds: ['property'] });
  close = () => client.close();
} else {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((r) => ws.once('open', r));
  ws.on('message', (d) => record(JSON.parse(String(d)).value));
  close = () => ws.terminate();
}
parentPort.postMessage('ready');
parentPort.on('message', async (m) => {
  if (m !== 'close') return;
  await close();
  parentPort.postMessage('closed');
});
