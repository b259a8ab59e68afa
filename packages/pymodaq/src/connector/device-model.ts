import type { ConnectorEventInput, DeviceInfo, Member, PropertyInfo } from '@labwire/core';
import { elementCount } from '../codec/ndarray.js';
import type { Channel, GrabResult } from '../session/grab-data.js';
import type { Position } from '../session/positions.js';
import type { RemoteInstrument } from '../session/remote-instrument.js';
import type { ParameterNode } from '../settings/parameter-tree.js';

/**
 * How a PyMoDAQ client maps onto the bus (docs/protocols/pymodaq.md): a device per client;
 * `settings` (its published tree, leaves as members named by their dotted path), `info`
 * (Info entries), `position` for actuators; each channel of a grab is a `data` event.
 */
export function settingsMembers(tree: ParameterNode | undefined): Member[] {
  const out: Member[] = [];
  const walk = (node: ParameterNode, path: string[]) => {
    for (const child of node.children ?? []) {
      const p = [...path, child.name];
      if (child.children !== undefined) walk(child, p);
      else {
        const member: Member = { name: p.join('.'), label: child.title ?? child.name, format: child.type };
        if (child.value !== undefined) member.value = child.value;
        out.push(member);
      }
    }
  };
  if (tree !== undefined) walk(tree, []);
  return out;
}

export function properties(instrument: RemoteInstrument): PropertyInfo[] {
  const props: PropertyInfo[] = [
    {
      name: 'settings',
      type: 'json',
      permission: 'rw',
      state: 'ok',
      members: settingsMembers(instrument.settings),
    },
    {
      name: 'info',
      type: 'text',
      permission: 'ro',
      state: 'ok',
      members: [...instrument.infos].map(([name, value]) => ({ name, value })),
    },
  ];
  if (instrument.type === 'ACTUATOR') props.push(positionProperty(instrument.position, instrument.units));
  else
    props.push({
      name: 'grab',
      type: 'switch',
      permission: 'wo',
      state: 'idle',
      members: [{ name: 'dim', value: '2D' }],
    });
  return props;
}

export function positionProperty(position: Position | undefined, units: string): PropertyInfo {
  const member: Member = { name: 'value', unit: position?.units || units };
  if (position !== undefined) member.value = position.value;
  return { name: 'position', type: 'number', permission: 'rw', state: 'ok', members: [member] };
}

export function deviceInfo(name: string, instrument: RemoteInstrument): DeviceInfo {
  return { name, metadata: deviceMetadata(instrument), properties: properties(instrument) };
}

export function deviceMetadata(instrument: RemoteInstrument): Record<string, unknown> {
  return {
    type: instrument.type,
    remote: instrument.remote,
    dialect: instrument.dialect,
    client: instrument.id,
  };
}

function channelProperty(channel: Channel, result: GrabResult): string {
  const sameName = result.channels.filter((c) => c.name === channel.name).length;
  return sameName > 1 ? `${channel.name}.${channel.label}` : channel.name;
}

/** One `data` event per channel; the payload is the received bytes (no copy, no base64). */
export function dataEvents(device: string, result: GrabResult): ConnectorEventInput[] {
  return result.channels.map((channel) => {
    const { array, dwa } = channel;
    const event: ConnectorEventInput = {
      kind: 'data',
      device,
      property: channelProperty(channel, result),
      dtype: array.dtype,
      shape: array.shape,
      byteLength: array.bytes.byteLength,
      payload: array.bytes,
      metadata: {
        label: channel.label,
        elements: elementCount(array.shape),
        ...(dwa === undefined
          ? {}
          : { class: dwa.class, dim: dwa.dim, origin: dwa.origin, source: dwa.source }),
      },
    };
    if (channel.units !== '') event.unit = channel.units;
    if (dwa !== undefined) {
      event.sourceTime = dwa.timestamp * 1000;
      if (dwa.axes.length > 0) {
        event.axes = dwa.axes.map((a) => ({ label: a.label, unit: a.units, index: a.index }));
      }
    }
    return event;
  });
}

/** A property event from its browse description. */
export function propertyEvent(
  device: string,
  change: 'defined' | 'updated',
  { name, ...info }: PropertyInfo,
): ConnectorEventInput {
  return { kind: 'property', device, property: name, change, ...info };
}

/** A message for a `raw` event: arrays are described, not carried (frames travel as `data`). */
export function rawSummary(value: unknown): unknown {
  if (value instanceof Uint8Array) return { byteLength: value.byteLength };
  if (Array.isArray(value)) return value.map(rawSummary);
  if (typeof value !== 'object' || value === null)
    return typeof value === 'bigint' ? value.toString() : value;
  const v = value as Record<string, unknown>;
  if (v.type === 'array' && v.bytes instanceof Uint8Array) {
    return { type: 'array', dtype: v.dtype, shape: v.shape, byteLength: v.bytes.byteLength };
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = rawSummary(x);
  return out;
}
