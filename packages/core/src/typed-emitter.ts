// biome-ignore lint/suspicious/noExplicitAny: listener signatures are declared by each event map
export type EventMap = { [event: string]: (...args: any[]) => void };

/**
 * A small typed event emitter with no Node dependency (the gateway client runs in browsers).
 * Unlike Node's EventEmitter, an `error` event with no listener is not thrown: components count
 * their errors, and an unobserved error must never crash the process. A listener that throws
 * is isolated from the others and reported through `onListenerError`.
 */
export class TypedEmitter<E extends EventMap> {
  private readonly listeners = new Map<keyof E, Set<E[keyof E]>>();

  on<K extends keyof E>(event: K, listener: E[K]): this {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return this;
  }

  once<K extends keyof E>(event: K, listener: E[K]): this {
    const wrapper = ((...args: Parameters<E[K]>) => {
      this.off(event, wrapper);
      listener(...args);
    }) as E[K];
    return this.on(event, wrapper);
  }

  off<K extends keyof E>(event: K, listener: E[K]): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  removeAllListeners(event?: keyof E): this {
    if (event === undefined) this.listeners.clear();
    else this.listeners.delete(event);
    return this;
  }

  listenerCount(event: keyof E): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  protected emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): boolean {
    const set = this.listeners.get(event);
    if (set === undefined || set.size === 0) return false;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (err) {
        this.onListenerError(err, String(event));
      }
    }
    return true;
  }

  /** Called when a listener throws; the default defers the throw so it surfaces as a bug without unwinding the emitter. */
  protected onListenerError(err: unknown, _event: string): void {
    queueMicrotask(() => {
      throw err;
    });
  }
}

/** Resolves with the arguments of the next `event`, or rejects on abort. */
export function nextEvent<E extends EventMap, K extends keyof E>(
  emitter: TypedEmitter<E>,
  event: K,
  signal?: AbortSignal,
): Promise<Parameters<E[K]>> {
  return new Promise((resolve, reject) => {
    const listener = ((...args: Parameters<E[K]>) => {
      emitter.off(event, listener);
      signal?.removeEventListener('abort', onAbort);
      resolve(args);
    }) as E[K];
    const onAbort = () => {
      emitter.off(event, listener);
      reject(signal?.reason);
    };
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    emitter.on(event, listener);
  });
}
