import type { Member, MemberValue, PropertyType } from '@labwire/core';
import type { IfcbMessage, IfcbKnownMessage, Roi } from '../codec/message-types.js';
import { IfcbTimestamp } from '../codec/timestamp.js';

/**
 * How relayed messages become bus events (docs/protocols/ifcb.md): a message with values is a
 * property update (`valuechanged:<var>` → property `<var>`), state words without values update a
 * small state property, ROIs and camera frames are data, free text is a message.
 */

export interface PropertyUpdate {
  property: string;
  type: PropertyType;
  members: Member[];
  /** Settable through a command (the data folder). */
  writable: boolean;
}

export type Mapped =
  | { kind: 'property'; update: PropertyUpdate }
  | { kind: 'message'; text: string; severity: 'debug' | 'info' | 'warning' }
  | { kind: 'image'; property: string; image: Uint8Array; metadata: Record<string, unknown> }
  | { kind: 'none' };

/** Keys whose values are not property members (bytes travel as data, files are reassembled). */
const NOT_PROPERTIES = new Set(['triggerimage', 'file.start', 'file.chunk', 'file.end', 'reportevent']);
const WRITABLE = new Set(['setdatafolder']);

function memberValue(value: unknown): MemberValue | undefined {
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof IfcbTimestamp) return value.iso;
  if (value instanceof Uint8Array) return undefined;
  return value as MemberValue;
}

function typeOf(values: unknown[]): PropertyType {
  if (values.every((v) => typeof v === 'boolean')) return 'switch';
  if (values.every((v) => typeof v === 'number' || typeof v === 'bigint')) return 'number';
  if (values.every((v) => typeof v === 'string' || v instanceof IfcbTimestamp)) return 'text';
  return 'json';
}

/** The property a message key updates: `valuechanged.` dropped, the rest kept. */
export function propertyNameOf(key: string): string {
  return key.startsWith('valuechanged.') ? key.slice('valuechanged.'.length) : key;
}

function stateWord(message: IfcbKnownMessage): PropertyUpdate | undefined {
  const parts = message.key.split('.');
  // valuechanged.acquisition.started → acquisition = started; valuechanged.interactive.stopped → interactive = stopped
  if (parts[0] === 'valuechanged' && parts.length === 3 && Object.keys(message.values).length === 0) {
    return {
      property: parts[1]!,
      type: 'text',
      members: [{ name: 'state', value: parts[2]! }],
      writable: false,
    };
  }
  return undefined;
}

export function mapMessage(message: IfcbMessage): Mapped[] {
  if (message.key === 'unknown') {
    return [
      {
        kind: 'message',
        text: `unrecognised message (${message.reason}): ${message.fields.join(':').slice(0, 200)}`,
        severity: message.reason === 'malformed' ? 'warning' : 'debug',
      },
    ];
  }
  switch (message.key) {
    case 'reportevent':
      return [{ kind: 'message', text: message.values.text, severity: 'info' }];
    case 'triggerimage':
      return [{ kind: 'image', property: 'triggerimage', image: message.values.image, metadata: {} }];
    case 'triggerrois':
      return roiImages(message.values.rois, {});
    case 'triggercontent': {
      const daq = message.values.daq;
      const members = Object.keys(daq).map((name): Member => ({ name, value: daq[name]! }));
      return [
        { kind: 'property', update: { property: 'daq', type: 'number', members, writable: false } },
        ...roiImages(message.values.rois, { daq: { ...daq } }),
      ];
    }
    default:
      break;
  }
  if (NOT_PROPERTIES.has(message.key)) return [{ kind: 'none' }];
  const state = stateWord(message);
  if (state !== undefined) return [{ kind: 'property', update: state }];
  const entries = Object.entries(message.values as Record<string, unknown>);
  if (entries.length === 0) {
    // client.reset, client.disconnected, …: notices about the hub session.
    return [{ kind: 'message', text: message.key, severity: 'info' }];
  }
  const members: Member[] = [];
  for (const [name, value] of entries) {
    const v = memberValue(value);
    if (v !== undefined) members.push({ name, value: v });
  }
  const property = propertyNameOf(message.key);
  return [
    {
      kind: 'property',
      update: {
        property,
        type: typeOf(entries.map(([, v]) => v)),
        members,
        writable: WRITABLE.has(property),
      },
    },
  ];
}

function roiImages(rois: Roi[], extra: Record<string, unknown>): Mapped[] {
  return rois.map((r, index) => ({
    kind: 'image' as const,
    property: 'roi',
    image: r.image,
    metadata: { ...extra, index, count: rois.length, top: memberValue(r.top), left: memberValue(r.left) },
  }));
}
