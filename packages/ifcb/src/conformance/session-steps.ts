/** The steps of a `hub-session` case (shared/conformance/ifcb/README.md, kind hub-session). */
export interface SessionStep {
  from: 'client' | 'server';
  t?: number;
  http?: { method?: string; target?: string; status?: number; json?: Record<string, unknown> };
  connect?: string;
  ws?: string;
  binary?: boolean;
  wsClose?: number | null;
  drop?: boolean;
  trigger?: 'reply' | 'host' | 'ping' | 'heartbeat' | 'disconnect' | 'close' | 'drop';
  ignore?: string[];
  cause?: 'command';
}

export interface SessionCase {
  roles: Array<'hub' | 'client'>;
  serial: string;
  hubPath: string;
  steps: SessionStep[];
  delivered?: unknown[][];
}

/** The records of a recorded WebSocket message (split on U+001E, each parsed). */
export function recordsOf(text: string): Array<Record<string, unknown>> {
  return text
    .split('\u001e')
    .filter((r) => r.trim() !== '')
    .map((r) => JSON.parse(r) as Record<string, unknown>);
}

/** Waits for `check` to return a value, polling `wake` notifications, up to `ms`. */
export class Inbox<T> {
  private items: T[] = [];
  private waiter: (() => void) | undefined;

  push(item: T): void {
    this.items.push(item);
    this.waiter?.();
  }

  get size(): number {
    return this.items.length;
  }

  /** The next item, or undefined after `ms` (or when the signal aborts). */
  async next(ms: number, signal: AbortSignal): Promise<T | undefined> {
    const deadline = Date.now() + ms;
    while (this.items.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0 || signal.aborted) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done() {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        this.waiter = done;
        signal.addEventListener('abort', done, { once: true });
      });
      this.waiter = undefined;
    }
    return this.items.shift();
  }
}
