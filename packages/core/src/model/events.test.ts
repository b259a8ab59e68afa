import { describe, expect, it } from 'vitest';
import { BusEventSchema, CommandRequestSchema } from './events.js';
import { commandJsonSchema, eventJsonSchema } from './json-schema.js';

const envelope = { seq: 1, time: 1, connector: 'c', protocol: 'indi', topic: 'c/d/p' };

describe('event schemas', () => {
  it('accept well-formed events of every kind', () => {
    const events = [
      { ...envelope, kind: 'connection', state: 'connected', attempt: 0 },
      { ...envelope, kind: 'device', device: 'd', change: 'added' },
      {
        ...envelope,
        kind: 'property',
        device: 'd',
        property: 'p',
        change: 'defined',
        type: 'number',
        state: 'ok',
        permission: 'rw',
        members: [{ name: 'x', value: 1.5, min: 0, max: 10, format: '%6.2f' }],
      },
      { ...envelope, kind: 'message', text: 'hi', severity: 'warning' },
      {
        ...envelope,
        kind: 'data',
        device: 'd',
        dtype: '<u2',
        shape: [2, 2],
        byteLength: 8,
        payload: new Uint8Array(8),
      },
      { ...envelope, kind: 'command', id: 'x', status: 'done', target: 'd/p', action: 'set' },
      { ...envelope, kind: 'raw', message: { anything: true } },
    ];
    for (const e of events) expect(BusEventSchema.safeParse(e).success, JSON.stringify(e.kind)).toBe(true);
  });

  it('reject malformed events with a path to the problem', () => {
    const bad = [
      { ...envelope, kind: 'nope' },
      { ...envelope, kind: 'connection', state: 'sleepy', attempt: 0 },
      {
        ...envelope,
        kind: 'property',
        device: 'd',
        property: 'p',
        change: 'updated',
        type: 'number',
        members: [{ value: 1 }],
      },
      { ...envelope, seq: -1, kind: 'message', text: 'x', severity: 'info' },
      { ...envelope, kind: 'data', device: 'd', dtype: '<u2', shape: [2], byteLength: 4, payload: 'AAAA' },
      { ...envelope, kind: 'command', id: '', status: 'done', target: 'd/p', action: 'set' },
    ];
    for (const e of bad) {
      const r = BusEventSchema.safeParse(e);
      expect(r.success, JSON.stringify(e)).toBe(false);
    }
    const r = BusEventSchema.safeParse(bad[2]);
    expect(r.error?.issues[0]?.path).toEqual(['members', 0, 'name']);
  });

  it('validate command requests', () => {
    expect(CommandRequestSchema.safeParse({ target: 'd/p', action: 'set', args: { x: 1 } }).success).toBe(
      true,
    );
    expect(CommandRequestSchema.safeParse({ target: 'd/p', action: 'explode' }).success).toBe(false);
    expect(CommandRequestSchema.safeParse({ target: 'd/p', action: 'set', timeoutMs: -5 }).success).toBe(
      false,
    );
  });

  it('generate JSON Schema with every event kind', () => {
    const schema = eventJsonSchema();
    const text = JSON.stringify(schema);
    for (const kind of ['connection', 'device', 'property', 'message', 'data', 'command', 'raw']) {
      expect(text).toContain(`"const":"${kind}"`);
    }
    expect(JSON.stringify(commandJsonSchema())).toContain('"invoke"');
  });
});
