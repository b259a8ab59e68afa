import { ErrorCode, LabwireError, abortError } from '../errors.js';

/**
 * One connection attempt raced against its timeout and the caller's AbortSignal, shared by
 * every transport. `begin` starts the attempt and reports its outcome through `settle`
 * (nothing for success, the error for failure); it returns `abandon`, which undoes the attempt
 * when the timeout or the signal wins, or when the attempt itself failed. Settles once.
 */
export function raceConnect(
  remote: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
  begin: (settle: (error?: Error) => void) => () => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let abandon: () => void = () => {};
    const finish = (error?: LabwireError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) {
        resolve();
        return;
      }
      abandon();
      reject(error);
    };
    const onAbort = () => finish(abortError(signal!));
    const timer = setTimeout(
      () =>
        finish(
          new LabwireError(ErrorCode.TIMEOUT, `connect to ${remote} timed out after ${timeoutMs} ms`, {
            details: { timeoutMs },
          }),
        ),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    abandon = begin((err) =>
      finish(
        err === undefined
          ? undefined
          : new LabwireError(ErrorCode.CONNECT_FAILED, `cannot connect to ${remote}: ${err.message}`, {
              cause: err,
            }),
      ),
    );
  });
}
