import { Worker } from 'node:worker_threads';

/** A benchmark contestant running in its own worker (see isolated-worker.mjs for why). */
export interface IsolatedContestant {
  /** One iteration over the whole input; resolves when the worker has finished it. */
  run(): Promise<unknown>;
  close(): Promise<number>;
}

export function isolatedContestant(
  contestant: 'sax' | 'indi',
  input: Uint8Array,
  chunkBytes: number,
): IsolatedContestant {
  const worker = new Worker(new URL('./isolated-worker.mjs', import.meta.url), {
    workerData: { contestant, input, chunkBytes },
  });
  return {
    run: () =>
      new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage('run');
      }),
    close: () => worker.terminate(),
  };
}
