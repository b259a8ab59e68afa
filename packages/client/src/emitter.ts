// biome-ignore lint/suspicious/noExplicitAny: listener signatures are declared by each event map
type Listener = (...args: any[]) => void;

/** A minimal typed emitter that runs in browsers and Node alike (no `node:events`). */
export class Emitter<E extends Record<string, Listener>> {
  private readonly listeners = new Map<keyof E, Set<Listener>>();

  on<K extends keyof E>(event: K, listener: E[K]): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  off<K extends keyof E>(event: K, listener: E[K]): void {
    this.listeners.get(event)?.delete(listener);
  }

  protected emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    const set = this.listeners.get(event);
    if (set === undefined) return;
    for (const listener of [...set]) {
      try {
        listener(...args);
      } catch (err) {
        // A throwing listener must not break the client's message loop; surface it later.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }
}
