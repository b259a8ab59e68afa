import {
  type Bus,
  type BusEvent,
  type Member,
  type PropertyEvent,
  type Subscription,
  copyFields,
} from '@labwire/core';
import type { TopicAcl } from '../auth/topic-acl.js';

/** The latest event of a property and its members by name (updates may carry only some members). */
interface PropertyState {
  latest: PropertyEvent;
  members: Map<string, Member>;
}

interface DeviceState {
  name: string;
  metadata?: Record<string, unknown>;
  properties: Map<string, PropertyState>;
}

interface ConnectorState {
  id: string;
  protocol: string;
  connection?: string;
  devices: Map<string, DeviceState>;
}

/**
 * The last known state of every device and property, built from the bus, so `GET /api/snapshot`
 * answers without asking instruments. `updated` events merge members by name (INDI and others
 * send only the members that changed).
 */
export class SnapshotStore {
  private readonly connectors = new Map<string, ConnectorState>();
  private readonly subscription: Subscription;

  constructor(bus: Bus) {
    this.subscription = bus.subscribe('#', (e) => this.apply(e), {
      kinds: ['connection', 'device', 'property'],
      // Bookkeeping must not lose updates: a large queue, and the handler never waits.
      queueSize: 100_000,
    });
  }

  close(): void {
    this.subscription.unsubscribe();
  }

  /** Forgets a connector that was removed from the config. */
  forget(connector: string): void {
    this.connectors.delete(connector);
  }

  snapshot(acl: TopicAcl): unknown[] {
    const out: unknown[] = [];
    for (const c of this.connectors.values()) {
      const devices: unknown[] = [];
      for (const d of c.devices.values()) {
        const properties = [...d.properties.values()].filter((p) => acl.permits(p.latest.topic)).map(render);
        if (properties.length === 0 && !acl.permits(`${c.id}/${d.name}`)) continue;
        devices.push({
          name: d.name,
          ...(d.metadata === undefined ? {} : { metadata: d.metadata }),
          properties,
        });
      }
      if (devices.length === 0 && !acl.permits(c.id)) continue;
      out.push({ id: c.id, protocol: c.protocol, connection: c.connection, devices });
    }
    return out;
  }

  private connector(event: BusEvent): ConnectorState {
    let c = this.connectors.get(event.connector);
    if (c === undefined) {
      c = { id: event.connector, protocol: event.protocol, devices: new Map() };
      this.connectors.set(event.connector, c);
    }
    return c;
  }

  private device(c: ConnectorState, name: string): DeviceState {
    let d = c.devices.get(name);
    if (d === undefined) {
      d = { name, properties: new Map() };
      c.devices.set(name, d);
    }
    return d;
  }

  private apply(event: BusEvent): void {
    const c = this.connector(event);
    switch (event.kind) {
      case 'connection':
        c.connection = event.state;
        return;
      case 'device':
        if (event.change === 'removed') c.devices.delete(event.device);
        else {
          const d = this.device(c, event.device);
          if (event.metadata !== undefined) d.metadata = event.metadata;
        }
        return;
      case 'property': {
        const d = this.device(c, event.device);
        if (event.change === 'deleted') {
          d.properties.delete(event.property);
          return;
        }
        // Runs for every property event on the bus: keep references, render on request.
        let state = d.properties.get(event.property);
        if (state === undefined || event.change === 'defined') {
          state = { latest: event, members: new Map() };
          d.properties.set(event.property, state);
        }
        state.latest = event;
        for (const m of event.members) {
          const previous = state.members.get(m.name);
          state.members.set(m.name, previous === undefined ? m : Object.assign(copyFields(previous), m));
        }
        return;
      }
      default:
        return;
    }
  }
}

/** A property as the snapshot shows it: the latest event's fields with every member known so far. */
function render(state: PropertyState): Record<string, unknown> {
  const { kind: _k, change: _c, connector: _cn, protocol: _p, ...fields } = state.latest;
  return { ...fields, members: [...state.members.values()] };
}
