import { runInNewContext } from 'node:vm';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { arbFuzzInput, arbSplit, splitBytes } from '@labwire/testkit';
import fc from 'fast-check';
import type { FuzzTarget } from './target.js';
import {
  type FuzzWorkerData,
  type FuzzWorkerResult,
  HEADER_BYTES,
  SHARED_INPUT_BYTES,
} from './worker-protocol.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const data = workerData as FuzzWorkerData;
const progress = new Int32Array(data.shared, 0, 3);
const inputView = new Uint8Array(data.shared, HEADER_BYTES, SHARED_INPUT_BYTES);

const { fuzzTargets } = (await import(data.targetsModule ?? './targets.js')) as {
  fuzzTargets: () => Promise<FuzzTarget[]>;
};
const target = (await fuzzTargets()).find((t) => t.protocol === data.protocol && t.name === data.target);
if (target === undefined) throw new Error(`no fuzz target ${data.protocol}/${data.target}`);
const samples = target.samples();

/** This worker's heap plus the memory its objects hold outside it (typed-array backing stores). */
const retained = () => {
  const h = getHeapStatistics() as ReturnType<typeof getHeapStatistics> & { external_memory?: number };
  return h.used_heap_size + (h.external_memory ?? 0);
};
/** Collections `settledRetained` runs at most while the figure keeps falling. */
const SETTLE_ROUNDS = 5;
/**
 * `retained()` once garbage is really gone. One gc() frees dead objects but not yet the backing
 * stores of dead typed arrays: V8 sweeps those afterwards and updates `external_memory` at a
 * later collection (measured: 240 MB of dropped arrays still counted after one gc(), gone after
 * the next). So collect, let the sweeper run, and repeat until the figure stops falling.
 */
async function settledRetained(): Promise<number> {
  gc();
  let least = retained();
  for (let round = 1; round < SETTLE_ROUNDS; round++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    gc();
    const now = retained();
    if (now >= least) break;
    least = now;
  }
  return least;
}
const heapStartBytes = await settledRetained();
let runs = 0;
Atomics.store(progress, 2, 1);
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
const out: FuzzWorkerResult = { runs, heapStartBytes, heapEndBytes: await settledRetained() };
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
