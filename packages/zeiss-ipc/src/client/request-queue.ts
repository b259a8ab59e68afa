import { ErrorCode, LabwireError, abortError } from '@labwire/core';

interface Job {
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * One request in flight at a time, the rest waiting in order. The protocol has no request ids:
 * replies match requests by order only, and the reference server is serial anyway. A job
 * aborted while it waits is removed without ever being sent.
 */
export class RequestQueue {
  private readonly waiting: Job[] = [];
  private running = false;

  get size(): number {
    return this.waiting.length + (this.running ? 1 : 0);
  }

  enqueue<T>(run: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<T>((resolve, reject) => {
      const job: Job = { run, resolve: resolve as (v: unknown) => void, reject, signal, onAbort: undefined };
      if (signal !== undefined) {
        job.onAbort = () => {
          const at = this.waiting.indexOf(job);
          if (at !== -1) {
            this.waiting.splice(at, 1);
            reject(abortError(signal));
          }
        };
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.waiting.push(job);
      this.pump();
    });
  }

  /** Rejects every job that has not started yet. */
  clear(error: LabwireError = new LabwireError(ErrorCode.CLOSED, 'client closed')): void {
    for (const job of this.waiting.splice(0)) {
      if (job.onAbort !== undefined) job.signal?.removeEventListener('abort', job.onAbort);
      job.reject(error);
    }
  }

  private pump(): void {
    if (this.running) return;
    const job = this.waiting.shift();
    if (job === undefined) return;
    this.running = true;
    if (job.onAbort !== undefined) job.signal?.removeEventListener('abort', job.onAbort);
    job
      .run()
      .then(job.resolve, job.reject)
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }
}
