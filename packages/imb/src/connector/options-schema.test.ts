import { describe, expect, it } from 'vitest';
import { ImbConnectorOptionsSchema } from './options-schema.js';

describe('ImbConnectorOptionsSchema', () => {
  it('fills defaults for what a config leaves out', () => {
    expect(ImbConnectorOptionsSchema.parse({ federation: 'lab' })).toEqual({
      host: '127.0.0.1',
      port: 4000,
      federation: 'lab',
      ownerId: 0,
      ownerName: 'labwire',
      subscribe: [],
      publish: [],
    });
  });

  it('refuses what cannot reach a hub', () => {
    for (const bad of [
      {},
      { federation: '' },
      { federation: 'f', port: 70000 },
      { federation: 'f', ownerId: 2 ** 31 },
      { federation: 'f', subscribe: [''] },
    ]) {
      expect(ImbConnectorOptionsSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
