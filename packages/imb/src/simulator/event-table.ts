import type { HubConnection } from './hub-connection.js';

/**
 * The hub's event names: one hub event id per full name, allocated from `firstHubEventId`
 * upwards at the first subscribe or publish naming it, never reused; and who subscribes to
 * each, kept in connection order so events are routed in that order.
 */
export class EventTable {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly subscribers = new Map<number, HubConnection[]>();

  constructor(private readonly firstHubEventId: number) {}

  /** The hub id of `name`, allocating one on first use. */
  idFor(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.firstHubEventId + this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  find(name: string): number | undefined {
    return this.ids.get(name);
  }

  nameOf(hubEventId: number): string | undefined {
    return this.names[hubEventId - this.firstHubEventId];
  }

  /** Every (hub id, name) in hub id order. */
  *entries(): IterableIterator<[number, string]> {
    for (let i = 0; i < this.names.length; i++) yield [this.firstHubEventId + i, this.names[i]!];
  }

  subscribersOf(hubEventId: number): readonly HubConnection[] {
    return this.subscribers.get(hubEventId) ?? [];
  }

  addSubscriber(hubEventId: number, connection: HubConnection): void {
    const list = this.subscribers.get(hubEventId) ?? [];
    if (list.includes(connection)) return;
    list.push(connection);
    list.sort((a, b) => a.index - b.index);
    this.subscribers.set(hubEventId, list);
  }

  removeSubscriber(hubEventId: number, connection: HubConnection): void {
    const list = this.subscribers.get(hubEventId);
    if (list === undefined) return;
    const at = list.indexOf(connection);
    if (at !== -1) list.splice(at, 1);
  }
}
