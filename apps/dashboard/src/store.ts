import type {
  BusEvent,
  ConnectorSummary,
  DataEvent,
  DeviceInfo,
  Member,
  Permission,
  PropertyEvent,
  PropertyState,
  PropertyType,
} from '@labwire/client';

/** What the page knows about one property: metadata from browse/defined, values from updates. */
export interface PropertyModel {
  connector: string;
  device: string;
  name: string;
  type: PropertyType;
  state: PropertyState | undefined;
  permission: Permission | undefined;
  label: string | undefined;
  group: string | undefined;
  rule: string | undefined;
  message: string | undefined;
  members: Member[];
  /** Bus seq of the last live update (0: only known from browse). */
  seq: number;
  /** How many live updates arrived, shown so a changing value is visible even when it repeats. */
  updates: number;
}

export interface DeviceModel {
  connector: string;
  name: string;
  properties: Map<string, PropertyModel>;
}

export interface ConnectorModel {
  id: string;
  protocol: string;
  state: string;
  actions: string[];
  devices: Map<string, DeviceModel>;
}

/** Keys of what changed since the views last rendered; the render scheduler drains them. */
export interface Changes {
  connectors: Set<string>;
  /** `connector/device` keys whose device set or property set changed (structure). */
  structure: boolean;
  properties: Set<PropertyModel>;
  data: Map<string, DataEvent>;
}

/**
 * The page's model of the gateway, fed by events and browse results. Applying an event is O(1)
 * and only records what changed; rendering happens later, at most once per frame, so a burst of
 * thousands of updates costs one DOM pass.
 */
export class GatewayStore {
  readonly connectors = new Map<string, ConnectorModel>();
  /** Latest data event per topic (older frames are never drawn). */
  readonly latestData = new Map<string, DataEvent>();
  private changes: Changes = emptyChanges();
  private onChange: () => void = () => {};

  /** Called after each change, to schedule a render. */
  listen(onChange: () => void): void {
    this.onChange = onChange;
  }

  /** Hands the pending changes to the renderer and starts a new set. */
  takeChanges(): Changes {
    const taken = this.changes;
    this.changes = emptyChanges();
    return taken;
  }

  /**
   * Forgets every connector and device (after a reconnect the gateway may have restarted with
   * other ones); the next browse and events fill the model again. Data cards keep their last frame.
   */
  reset(): void {
    this.connectors.clear();
    this.changes.structure = true;
    this.onChange();
  }

  setConnectors(list: ConnectorSummary[]): void {
    for (const summary of list) {
      const connector = this.connector(summary.id, summary.protocol);
      connector.state = summary.state;
      const actions = summary.capabilities?.actions;
      if (Array.isArray(actions)) connector.actions = actions.filter((a) => typeof a === 'string');
      this.changes.connectors.add(summary.id);
    }
    this.onChange();
  }

  /**
   * Merges a browse result. Properties already updated live (seq > 0) keep their values and state
   * but take the metadata that updates do not carry (labels, permission, units, limits).
   */
  applyBrowse(connectorId: string, protocol: string, devices: DeviceInfo[]): void {
    const connector = this.connector(connectorId, protocol);
    for (const info of devices) {
      const device = this.device(connector, info.name);
      for (const p of info.properties) {
        const known = device.properties.get(p.name);
        if (known !== undefined && known.seq > 0) {
          known.label ??= p.label;
          known.group ??= p.group;
          known.permission ??= p.permission;
          known.members = withMetadata(known.members, p.members);
          this.changes.properties.add(known);
          continue;
        }
        const property: PropertyModel = {
          connector: connectorId,
          device: info.name,
          name: p.name,
          type: p.type,
          state: p.state,
          permission: p.permission,
          label: p.label,
          group: p.group,
          rule: undefined,
          message: undefined,
          members: p.members,
          seq: 0,
          updates: 0,
        };
        device.properties.set(p.name, property);
        this.changes.properties.add(property);
      }
    }
    this.changes.structure = true;
    this.onChange();
  }

  apply(event: BusEvent): void {
    switch (event.kind) {
      case 'connection': {
        const connector = this.connector(event.connector, event.protocol);
        connector.state = event.state;
        this.changes.connectors.add(connector.id);
        break;
      }
      case 'device': {
        const connector = this.connector(event.connector, event.protocol);
        if (event.change === 'removed') connector.devices.delete(event.device);
        else this.device(connector, event.device);
        this.changes.structure = true;
        break;
      }
      case 'property':
        this.applyProperty(event);
        break;
      case 'data':
        this.latestData.set(event.topic, event);
        this.changes.data.set(event.topic, event);
        break;
      default:
        return;
    }
    this.onChange();
  }

  findProperty(connector: string, device: string, name: string): PropertyModel | undefined {
    return this.connectors.get(connector)?.devices.get(device)?.properties.get(name);
  }

  private applyProperty(event: PropertyEvent): void {
    const connector = this.connector(event.connector, event.protocol);
    const device = this.device(connector, event.device);
    if (event.change === 'deleted') {
      device.properties.delete(event.property);
      this.changes.structure = true;
      return;
    }
    let property = device.properties.get(event.property);
    if (property === undefined) {
      property = {
        connector: event.connector,
        device: event.device,
        name: event.property,
        type: event.type,
        state: undefined,
        permission: undefined,
        label: undefined,
        group: undefined,
        rule: undefined,
        message: undefined,
        members: [],
        seq: 0,
        updates: 0,
      };
      device.properties.set(event.property, property);
      this.changes.structure = true;
    }
    property.type = event.type;
    property.state = event.state ?? property.state;
    property.permission = event.permission ?? property.permission;
    property.label = event.label ?? property.label;
    property.group = event.group ?? property.group;
    property.rule = event.rule ?? property.rule;
    property.message = event.message ?? property.message;
    // Updates may carry only the members that changed: merge by name, keep metadata.
    property.members = mergeMembers(property.members, event.members);
    property.seq = event.seq;
    if (event.change === 'updated') property.updates += 1;
    this.changes.properties.add(property);
  }

  private connector(id: string, protocol: string): ConnectorModel {
    let connector = this.connectors.get(id);
    if (connector === undefined) {
      connector = { id, protocol, state: 'unknown', actions: [], devices: new Map() };
      this.connectors.set(id, connector);
      this.changes.structure = true;
      this.changes.connectors.add(id);
    }
    return connector;
  }

  private device(connector: ConnectorModel, name: string): DeviceModel {
    let device = connector.devices.get(name);
    if (device === undefined) {
      device = { connector: connector.id, name, properties: new Map() };
      connector.devices.set(name, device);
      this.changes.structure = true;
    }
    return device;
  }
}

function emptyChanges(): Changes {
  return { connectors: new Set(), structure: false, properties: new Set(), data: new Map() };
}

/** Live members with the metadata of the browsed ones filled in (the live value stays). */
function withMetadata(live: Member[], browsed: Member[]): Member[] {
  const byName = new Map(browsed.map((m) => [m.name, m]));
  const merged = live.map((m) => {
    const { value: _browsedValue, ...metadata } = byName.get(m.name) ?? { name: m.name };
    return { ...metadata, ...withoutUndefined(m) };
  });
  // Members the live update did not carry come from browse, value included.
  for (const m of browsed) if (!live.some((l) => l.name === m.name)) merged.push(m);
  return merged;
}

function withoutUndefined(member: Member): Member {
  return Object.fromEntries(Object.entries(member).filter(([, v]) => v !== undefined)) as unknown as Member;
}

function mergeMembers(known: Member[], incoming: Member[]): Member[] {
  if (known.length === 0) return incoming;
  const byName = new Map(known.map((m) => [m.name, m]));
  for (const m of incoming) byName.set(m.name, { ...byName.get(m.name), ...m });
  return [...byName.values()];
}
