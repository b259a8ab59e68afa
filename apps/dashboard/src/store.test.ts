import type { PropertyEvent } from '@labwire/client';
import { describe, expect, it } from 'vitest';
import { GatewayStore } from './store.js';

function update(seq: number, fields: Partial<PropertyEvent>): PropertyEvent {
  return {
    kind: 'property',
    seq,
    time: 0,
    connector: 'indi',
    protocol: 'indi',
    topic: 'indi/Scope/COORD',
    device: 'Scope',
    property: 'COORD',
    change: 'updated',
    type: 'number',
    members: [],
    ...fields,
  };
}

describe('GatewayStore', () => {
  it('merges updates that carry only some members, keeping the metadata browse gave', () => {
    const store = new GatewayStore();
    store.applyBrowse('indi', 'indi', [
      {
        name: 'Scope',
        properties: [
          {
            name: 'COORD',
            type: 'number',
            state: 'idle',
            permission: 'rw',
            members: [
              { name: 'RA', value: 1, unit: 'h' },
              { name: 'DEC', value: 2, unit: 'deg' },
            ],
          },
        ],
      },
    ]);
    store.apply(update(5, { state: 'busy', members: [{ name: 'RA', value: 1.5 }] }));
    const property = store.findProperty('indi', 'Scope', 'COORD')!;
    expect(property.state).toBe('busy');
    expect(property.permission).toBe('rw');
    expect(property.members).toEqual([
      { name: 'RA', value: 1.5, unit: 'h' },
      { name: 'DEC', value: 2, unit: 'deg' },
    ]);
    expect(property.updates).toBe(1);
    // A browse answered after a live update does not take the value back.
    store.applyBrowse('indi', 'indi', [
      { name: 'Scope', properties: [{ name: 'COORD', type: 'number', members: [{ name: 'RA', value: 1 }] }] },
    ]);
    expect(store.findProperty('indi', 'Scope', 'COORD')!.members[0]!.value).toBe(1.5);
  });

  it('takes labels, permission and units from a browse that comes after the first live update', () => {
    const store = new GatewayStore();
    store.apply(update(3, { state: 'busy', members: [{ name: 'RA', value: 1.5 }] }));
    store.applyBrowse('indi', 'indi', [
      {
        name: 'Scope',
        properties: [
          {
            name: 'COORD',
            type: 'number',
            state: 'idle',
            permission: 'rw',
            label: 'Coordinates',
            members: [
              { name: 'RA', value: 1, label: 'RA (h)', unit: 'h' },
              { name: 'DEC', value: 2 },
            ],
          },
        ],
      },
    ]);
    const property = store.findProperty('indi', 'Scope', 'COORD')!;
    expect([property.label, property.permission, property.state]).toEqual(['Coordinates', 'rw', 'busy']);
    expect(property.members).toEqual([
      { name: 'RA', value: 1.5, label: 'RA (h)', unit: 'h' },
      { name: 'DEC', value: 2 },
    ]);
  });

  it('hands each change to the renderer once, and keeps only the newest data frame per topic', () => {
    const store = new GatewayStore();
    let requests = 0;
    store.listen(() => {
      requests += 1;
    });
    store.apply(update(1, { change: 'defined', members: [{ name: 'RA', value: 0 }] }));
    store.apply(update(2, { members: [{ name: 'RA', value: 1 }] }));
    const frame = { kind: 'data', seq: 3, time: 0, connector: 'c', protocol: 'p', device: 'cam' } as const;
    store.apply({ ...frame, topic: 'c/cam/img', dtype: '|u1', shape: [1], byteLength: 1 });
    store.apply({ ...frame, seq: 4, topic: 'c/cam/img', dtype: '|u1', shape: [2], byteLength: 2 });
    expect(requests).toBe(4);
    const changes = store.takeChanges();
    expect(changes.structure).toBe(true);
    expect(changes.properties.size).toBe(1);
    expect([...changes.data.values()].map((d) => d.seq)).toEqual([4]);
    expect(store.takeChanges().properties.size).toBe(0);
  });

  it('removes deleted properties and removed devices, and forgets everything on reset', () => {
    const store = new GatewayStore();
    store.apply(update(1, { change: 'defined' }));
    store.apply(update(2, { change: 'deleted' }));
    expect(store.findProperty('indi', 'Scope', 'COORD')).toBeUndefined();
    store.apply({
      kind: 'device',
      seq: 3,
      time: 0,
      connector: 'indi',
      protocol: 'indi',
      topic: 'indi/Scope',
      device: 'Scope',
      change: 'removed',
    });
    expect(store.connectors.get('indi')!.devices.size).toBe(0);
    store.reset();
    expect(store.connectors.size).toBe(0);
  });
});
