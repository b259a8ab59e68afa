/**
 * One processing queue for every connection: the reference server handles one message at a
 * time on a single event loop, and its instrument calls block it, so a reply to B waits for A's
 * import (§7). Jobs run in arrival order; a job that throws does not stop the queue.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  /** Jobs queued or running. */
  get size(): number {
    return this.pending;
  }

  push(job: () => Promise<void> | void): Promise<void> {
    this.pending += 1;
    const run = this.tail.then(job).finally(() => {
      this.pending -= 1;
    });
    this.tail = run.catch(() => {});
    return run;
  }

  /** Resolves once everything queued so far has run. */
  idle(): Promise<void> {
    return this.tail;
  }
}
