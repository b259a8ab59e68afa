import { ClientErrorCode, LabwireClientError } from './errors.js';
import type { RequestId } from './types.js';

/** Subscribe, browse, list and ping replies: give up after this long. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** A command without its own timeout waits this long (the slowest protocol default, ZEISS). */
export const DEFAULT_COMMAND_TIMEOUT_MS = 300_000;
/** Extra time a command reply may take beyond the command's own timeout (network, queueing). */
export const COMMAND_REPLY_GRACE_MS = 5_000;

interface Pending {
  resolve(result: unknown): void;
  reject(error: LabwireClientError): void;
  timer: ReturnType<typeof setTimeout>;
  /** Commands have side effects: losing the connection leaves their outcome unknown. */
  sideEffect: boolean;
}

/** Matches replies to requests by id, with a timeout for each. */
export class RequestManager {
  private nextId = 1;
  private readonly pending = new Map<RequestId, Pending>();

  get size(): number {
    return this.pending.size;
  }

  nextRequestId(): number {
    return this.nextId++;
  }

  /** Registers `id` and returns the promise its reply settles. */
  track(id: RequestId, timeoutMs: number, sideEffect: boolean, what: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new LabwireClientError(ClientErrorCode.TIMEOUT, `${what} got no reply in ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, sideEffect });
    });
  }

  /** Returns false for a reply to nothing we asked (late after a timeout). */
  resolve(id: RequestId, result: unknown): boolean {
    const entry = this.take(id);
    entry?.resolve(result);
    return entry !== undefined;
  }

  reject(id: RequestId, error: LabwireClientError): boolean {
    const entry = this.take(id);
    entry?.reject(error);
    return entry !== undefined;
  }

  /** The connection is gone: everything waiting fails, commands with OUTCOME_UNKNOWN. */
  failAll(reason: string): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) {
      clearTimeout(entry.timer);
      entry.reject(
        entry.sideEffect
          ? new LabwireClientError(
              ClientErrorCode.OUTCOME_UNKNOWN,
              `${reason} before the command was acknowledged`,
            )
          : new LabwireClientError(ClientErrorCode.CLOSED, reason),
      );
    }
  }

  private take(id: RequestId): Pending | undefined {
    const entry = this.pending.get(id);
    if (entry === undefined) return undefined;
    this.pending.delete(id);
    clearTimeout(entry.timer);
    return entry;
  }
}
