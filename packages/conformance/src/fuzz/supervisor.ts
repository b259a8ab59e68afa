import { Worker } from 'node:worker_threads';
import {
  type FuzzWorkerData,
  type FuzzWorkerResult,
  HEADER_BYTES,
  SHARED_INPUT_BYTES,
} from './worker-protocol.js';

export interface FuzzOptions {
  seconds?: number;
  runs?: number;
  seed?: number;
  /** No progress for this long is a hang (default 5 s). */
  hangMs?: number;
  /** Heap growth above this after GC is reported (default 32 MiB). */
  heapGrowthLimitBytes?: number;
  /** A module (URL or path) exporting `fuzzTargets()`, to fuzz decoders other than labwire's. */
  targetsModule?: string;
}

export interface FuzzReport {
  protocol: string;
  target: string;
  runs: number;
  seed: number;
  crash?: FuzzWorkerResult['crash'];
  hang?: { inputHex: string; afterRuns: number };
  heapGrowthBytes: number;
  memoryGrowth: boolean;
  ok: boolean;
}

/**
 * Runs one fuzz target in a worker thread, watched from here: a crash comes back from the
 * worker with its (shrunk) input; a hang is seen as no progress for `hangMs`, and the input the
 * worker published before running is reported; memory growth is the heap after GC at the end
 * against the start.
 */
export async function fuzzOne(
  protocol: string,
  target: string,
  options: FuzzOptions = {},
): Promise<FuzzReport> {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const shared = new SharedArrayBuffer(HEADER_BYTES + SHARED_INPUT_BYTES);
  const progress = new Int32Array(shared, 0, 3);
  const data: FuzzWorkerData = {
    protocol,
    target,
    seconds: options.seconds ?? 10,
    runs: options.runs ?? Number.MAX_SAFE_INTEGER,
    seed,
    shared,
    ...(options.targetsModule === undefined ? {} : { targetsModule: options.targetsModule }),
  };
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: data });
  const hangMs = options.hangMs ?? 5000;
  const limit = options.heapGrowthLimitBytes ?? 32 * 1024 * 1024;
  return new Promise<FuzzReport>((resolve, reject) => {
    let last = -1;
    let lastChange = Date.now();
    const watchdog = setInterval(() => {
      const now = Atomics.load(progress, 0);
      // Loading the target and its samples is not a hang: the clock starts with the first input.
      if (Atomics.load(progress, 2) === 0) {
        lastChange = Date.now();
        return;
      }
      if (now !== last) {
        last = now;
        lastChange = Date.now();
        return;
      }
      if (Date.now() - lastChange < hangMs) return;
      clearInterval(watchdog);
      const n = Atomics.load(progress, 1);
      const inputHex = Buffer.from(new Uint8Array(shared, HEADER_BYTES, n)).toString('hex');
      void worker.terminate();
      resolve({
        protocol,
        target,
        runs: now,
        seed,
        hang: { inputHex, afterRuns: now },
        heapGrowthBytes: 0,
        memoryGrowth: false,
        ok: false,
      });
    }, 200);
    worker.once('message', (result: FuzzWorkerResult) => {
      clearInterval(watchdog);
      const heapGrowthBytes = result.heapEndBytes - result.heapStartBytes;
      const memoryGrowth = heapGrowthBytes > limit;
      const report: FuzzReport = {
        protocol,
        target,
        runs: result.runs,
        seed,
        heapGrowthBytes,
        memoryGrowth,
        ok: !result.crash && !memoryGrowth,
      };
      if (result.crash) report.crash = result.crash;
      resolve(report);
      void worker.terminate();
    });
    worker.once('error', (err) => {
      clearInterval(watchdog);
      reject(err);
    });
  });
}
