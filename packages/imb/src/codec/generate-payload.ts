import { LabwireError } from '@labwire/core';
import { ImbCommandCode, type ImbCommandName, kindNameOf } from './constants.js';
import { ImbErrorCode, outOfRange } from './errors.js';
import {
  type EventNameEntry,
  type ImbFields,
  type Layout,
  commandLayouts,
  eventBodyLayouts,
} from './layouts.js';
import { PayloadWriter, checkInt32, checkUint32 } from './primitives-write.js';

function missing(name: string, type: string): LabwireError {
  return new LabwireError(
    ImbErrorCode.OUT_OF_RANGE,
    `field ${name} (${type}) is missing or has the wrong type`,
    {
      details: { error: 'out-of-range', field: name },
    },
  );
}

function num(fields: ImbFields, name: string, type: string): number {
  const v = fields[name];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' && type !== 'f64') {
    if (v < BigInt(Number.MIN_SAFE_INTEGER) || v > BigInt(Number.MAX_SAFE_INTEGER)) throw outOfRange(name, v);
    return Number(v);
  }
  throw missing(name, type);
}

function bytes(fields: ImbFields, name: string, type: string): Uint8Array {
  const v = fields[name];
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string' && type === 'bytes') return Buffer.from(v, 'utf8');
  throw missing(name, type);
}

/** Writes `fields` by `layout` (the inverse of readLayout); throws out-of-range on bad values. */
export function writeLayout(w: PayloadWriter, layout: Layout, fields: ImbFields): PayloadWriter {
  for (const [name, type] of layout) {
    switch (type) {
      case 'i32':
        w.int32(num(fields, name, type), name);
        break;
      case 'u32':
        w.uint32(num(fields, name, type), name);
        break;
      case 'i64': {
        const v = fields[name];
        if (typeof v !== 'number' && typeof v !== 'bigint') throw missing(name, type);
        w.int64(v, name);
        break;
      }
      case 'f64':
        w.float64(num(fields, name, type));
        break;
      case 'bool': {
        const v = fields[name];
        if (typeof v !== 'boolean') throw missing(name, type);
        w.bool(v);
        break;
      }
      case 'str': {
        const v = fields[name];
        if (typeof v !== 'string') throw missing(name, type);
        w.string(v);
        break;
      }
      case 'bytes':
        w.bytes(bytes(fields, name, type));
        break;
      case 'rest':
        w.raw(bytes(fields, name, type));
        break;
      case 'eventNames': {
        const list = fields[name];
        if (!Array.isArray(list)) throw missing(name, type);
        w.int32(list.length);
        for (const e of list as EventNameEntry[]) {
          w.string(e.eventName)
            .int32(e.publishers, 'publishers')
            .int32(e.subscribers, 'subscribers')
            .int32(e.timers, 'timers');
        }
        break;
      }
    }
  }
  return w;
}

/** The payload of a non-event command from its typed fields. */
export function encodeCommandPayload(command: ImbCommandName, fields: ImbFields): Uint8Array {
  if (command === 'icEvent') {
    throw new LabwireError(ImbErrorCode.OUT_OF_RANGE, 'use encodeEventPayload for icEvent');
  }
  const layout = commandLayouts[command];
  if (layout === undefined) {
    throw new LabwireError(
      ImbErrorCode.OUT_OF_RANGE,
      `${command} (${ImbCommandCode[command]}) is opaque: give its raw payload`,
    );
  }
  return writeLayout(new PayloadWriter(), layout, fields).finish();
}

/** The body of an event kind from its typed fields. */
export function encodeEventBody(kindCode: number, fields: ImbFields): Uint8Array {
  const kind = kindNameOf(kindCode);
  const layout = kind === null ? undefined : eventBodyLayouts[kind];
  if (layout === undefined) {
    throw new LabwireError(
      ImbErrorCode.OUT_OF_RANGE,
      `event kind ${kindCode} has no layout: give its raw body`,
    );
  }
  return writeLayout(new PayloadWriter(), layout, fields).finish();
}

/** Checks a kind code and flags and gives the kind word (`kindCode | flags`). */
export function kindWord(kindCode: number, flags = 0): number {
  if (!Number.isInteger(kindCode) || kindCode < 0 || kindCode > 0xff) throw outOfRange('kindCode', kindCode);
  checkUint32(flags, 'flags');
  if ((flags & 0xff) !== 0) throw outOfRange('flags', flags);
  return (kindCode | flags) >>> 0;
}

/** An icEvent payload: event id, tick, kind word, body. */
export function encodeEventPayload(
  eventId: number,
  kindCode: number,
  body: Uint8Array,
  flags = 0,
  tick = 0,
): Uint8Array {
  checkInt32(eventId, 'eventId');
  checkInt32(tick, 'tick');
  const word = kindWord(kindCode, flags);
  const out = Buffer.allocUnsafe(12 + body.byteLength);
  out.writeInt32LE(eventId, 0);
  out.writeInt32LE(tick, 4);
  out.writeUInt32LE(word, 8);
  out.set(body, 12);
  return out;
}
