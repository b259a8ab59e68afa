// Benchmark subscribers on their own thread, so receiving (WebSocket parsing, JSON.parse)
// does not share the gateway's event loop, as with a subscriber in another process.
// Counts land in a SharedArrayBuffer the benchmark reads without messaging.
import { workerData, parentPort } from 'node:worker_threads';
import { LabwireClient } from '@labwire/client';
import WebSocket from 'ws';

const { url, kind, n, counts: shared } = workerData;
const counts = new Int32Array(shared);
const closers = [];

for (let i = 0; i < n; i++) {
  if (kind === 'labwire') {
    const client = new LabwireClient({ url, WebSocket, reconnect: false });
    await client.connect();
    await client.subscribe('lab/#', () => Atomics.add(counts, i, 1), { kinds: ['property'] });
    closers.push(() => client.close());
  } else {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise((r) => ws.once('open', r));
    ws.on('message', (d) => {
      JSON.parse(String(d));
      Atomics.add(counts, i, 1);
    });
    closers.push(() => ws.terminate());
  }
}
parentPort.postMessage('ready');
parentPort.on('message', async (m) => {
  if (m !== 'close') return;
  for (const close of closers) await close();
  parentPort.postMessage('closed');
});
