import { ErrorCode, LabwireError, abortError } from '@labwire/core';

export interface WaitOptions {
  timeoutMs: number;
  signal: AbortSignal | undefined;
  /** What is awaited, for error messages. */
  what: string;
  onTimeout?: () => void;
}

type Watcher = () => void;

/**
 * Promises that wait for a condition on the client's model: each is re-checked after every
 * message the client applies, and ends by resolving, throwing, timing out, being aborted, or
 * when the connection is lost (OUTCOME_UNKNOWN), never silently.
 */
export class ModelWaiters {
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly connected: () => boolean) {}

  /** Re-checks every waiting condition (after each applied message and connection change). */
  check(): void {
    for (const w of [...this.watchers]) w();
  }

  /** Resolves with the first value `test` returns (undefined means "not yet"). */
  wait<T>(test: () => T | undefined, options: WaitOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const { signal } = options;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (error: unknown, value?: T) => {
        clearTimeout(timer);
        this.watchers.delete(watcher);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve(value as T);
        else reject(error);
      };
      const watcher = () => {
        if (!this.connected()) {
          finish(
            new LabwireError(ErrorCode.OUTCOME_UNKNOWN, `connection lost while waiting for ${options.what}`),
          );
          return;
        }
        try {
          const value = test();
          if (value !== undefined) finish(undefined, value);
        } catch (err) {
          finish(err);
        }
      };
      const onAbort = () => finish(abortError(signal!));
      if (signal?.aborted) return finish(abortError(signal));
      if (!this.connected()) {
        return finish(
          new LabwireError(ErrorCode.NOT_CONNECTED, `not connected (waiting for ${options.what})`),
        );
      }
      try {
        const now = test();
        if (now !== undefined) return finish(undefined, now);
      } catch (err) {
        return finish(err);
      }
      timer = setTimeout(() => {
        options.onTimeout?.();
        finish(
          new LabwireError(
            ErrorCode.TIMEOUT,
            `timed out after ${options.timeoutMs} ms waiting for ${options.what}`,
            {
              details: { timeoutMs: options.timeoutMs },
            },
          ),
        );
      }, options.timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.watchers.add(watcher);
    });
  }
}
