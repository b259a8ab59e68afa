import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { arbFuzzInput, arbSplit, splitBytes } from '@labwire/testkit';
import fc from 'fast-check';
import { fuzzTargets } from './targets.js';
import { SHARED_INPUT_BYTES, type FuzzWorkerData, type FuzzWorkerResult } from './worker-protocol.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const data = workerData as FuzzWorkerData;
const progress = new Int32Array(data.shared, 0, 2);
const inputView = new Uint8Array(data.shared, 8, SHARED_INPUT_BYTES);

const target = (await fuzzTargets()).find((t) => t.protocol === data.protocol && t.name === data.target);
if (target === undefined) throw new Error(`no fuzz target ${data.protocol}/${data.target}`);
const samples = target.samples();

gc();
const heapStartBytes = process.memoryUsage().heapUsed;
let runs = 0;
const input = arbFuzzInput(samples).chain((bytes) =>
  arbSplit(bytes.byteLength).map((split) => ({ bytes, split })),
);
const result = fc.check(
  fc.property(input, ({ bytes, split }) => {
    // Publish the input before running it, so a hang can be reported with it.
    const n = Math.min(bytes.byteLength, SHARED_INPUT_BYTES);
    inputView.set(bytes.subarray(0, n));
    Atomics.store(progress, 1, n);
    target.run(splitBytes(bytes, split));
    runs += 1;
    Atomics.add(progress, 0, 1);
  }),
  {
    numRuns: data.runs,
    seed: data.seed,
    interruptAfterTimeLimit: data.seconds * 1000,
    markInterruptAsFailure: false,
    endOnFailure: true,
  },
);
gc();
const out: FuzzWorkerResult = { runs, heapStartBytes, heapEndBytes: process.memoryUsage().heapUsed };
if (result.failed && result.counterexample !== null) {
  const [{ bytes, split }] = result.counterexample as [
    { bytes: Uint8Array; split: Parameters<typeof splitBytes>[1] },
  ];
  out.crash = {
    inputHex: Buffer.from(bytes).toString('hex'),
    chunks: splitBytes(bytes, split).map((c) => c.byteLength),
    error:
      result.errorInstance instanceof Error
        ? (result.errorInstance.stack ?? result.errorInstance.message)
        : String(result.errorInstance),
  };
}
parentPort!.postMessage(out);
