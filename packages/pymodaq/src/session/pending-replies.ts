import { ErrorCode, LabwireError, abortError } from '@labwire/core';

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: LabwireError): void;
  cleanup(): void;
}

/**
 * Requests waiting for their reply, matched first-in first-out per reply command: PyMoDAQ
 * replies carry no ids, and a client answers in order. A request that times out is removed,
 * so a late reply goes to the next waiter of that kind (or to nobody, and is only an event).
 */
export class PendingReplies<T> {
  private readonly queues = new Map<string, Array<Waiter<T>>>();

  get size(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  wait(reply: string, timeoutMs: number, what: string, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      let queue = this.queues.get(reply);
      if (queue === undefined) {
        queue = [];
        this.queues.set(reply, queue);
      }
      const remove = () => {
        const q = this.queues.get(reply);
        const i = q?.indexOf(waiter) ?? -1;
        if (i >= 0) q!.splice(i, 1);
      };
      const onAbort = () => {
        remove();
        waiter.cleanup();
        reject(abortError(signal!));
      };
      const timer = setTimeout(() => {
        remove();
        waiter.cleanup();
        reject(
          new LabwireError(ErrorCode.TIMEOUT, `no ${reply} for ${what} within ${timeoutMs} ms`, {
            details: { timeoutMs, reply },
          }),
        );
      }, timeoutMs);
      const waiter: Waiter<T> = {
        resolve,
        reject,
        cleanup: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
    });
  }

  /** Hands a reply to the oldest waiter of its kind; false when nobody waited. */
  settle(reply: string, value: T): boolean {
    const waiter = this.queues.get(reply)?.shift();
    if (waiter === undefined) return false;
    waiter.cleanup();
    waiter.resolve(value);
    return true;
  }

  failAll(error: LabwireError): void {
    for (const queue of this.queues.values()) {
      for (const waiter of queue.splice(0)) {
        waiter.cleanup();
        waiter.reject(error);
      }
    }
  }
}
