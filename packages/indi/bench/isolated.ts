import { Worker } from 'node:worker_threads';

/** A benchmark contestant running in its own worker (see isolated-worker.mjs for why). */
export interface IsolatedContestant {
  /** One iteration over the whole input; resolves when the worker has finished it. */
  run(): Promise<unknown>;
  close(): Promise<number>;
}

/** `input` reaches the worker as a copy and is read there in socket-sized chunks. */
export function isolatedContestant(contestant: 'sax' | 'indi', input: Uint8Array): IsolatedContestant {
  const worker = new Worker(new URL('./isolated-worker.mjs', import.meta.url), {
    workerData: { contestant, input },
  });
  // One pair of listeners for the worker's life, not one per iteration (they would pile up).
  let pending: { resolve(value: unknown): void; reject(error: Error): void } | undefined;
  worker.on('message', (value) => pending?.resolve(value));
  worker.on('error', (error) => pending?.reject(error));
  return {
    run: () =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        worker.postMessage('run');
      }),
    close: () => worker.terminate(),
  };
}
