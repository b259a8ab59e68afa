import { type ImbCommandName, kindNameOf } from './constants.js';
import {
  type EventNameEntry,
  type ImbFields,
  type Layout,
  commandLayouts,
  eventBodyLayouts,
} from './layouts.js';
import { NotExact, PayloadReader, view } from './primitives-read.js';
import type { ImbEventData } from './types.js';

function readEventNames(r: PayloadReader): EventNameEntry[] {
  const count = r.int32();
  // Each entry needs at least 16 bytes: refuse a hostile count before allocating for it.
  if (count < 0 || count * 16 > r.remaining) throw new NotExact(`event name count ${count}`);
  const entries: EventNameEntry[] = [];
  for (let i = 0; i < count; i++) {
    entries.push({ eventName: r.string(), publishers: r.int32(), subscribers: r.int32(), timers: r.int32() });
  }
  return entries;
}

/** Reads every field of `layout`; throws NotExact unless the bytes match it exactly. */
export function readLayout(r: PayloadReader, layout: Layout): ImbFields {
  const out: ImbFields = {};
  for (const [name, type] of layout) {
    switch (type) {
      case 'i32':
        out[name] = r.int32();
        break;
      case 'u32':
        out[name] = r.uint32();
        break;
      case 'i64':
        out[name] = r.int64();
        break;
      case 'f64':
        out[name] = r.float64();
        break;
      case 'bool':
        out[name] = r.bool();
        break;
      case 'str':
        out[name] = r.string();
        break;
      case 'bytes':
        out[name] = r.bytes();
        break;
      case 'rest':
        out[name] = r.rest();
        break;
      case 'eventNames':
        out[name] = readEventNames(r);
        break;
    }
  }
  r.done();
  return out;
}

/** Parses `buf[start..]` by `layout`, or undefined when it does not parse exactly. */
export function parseLayout(buf: Uint8Array, layout: Layout, start = 0): ImbFields | undefined {
  try {
    return readLayout(new PayloadReader(buf, start), layout);
  } catch (err) {
    if (err instanceof NotExact) return undefined;
    throw err;
  }
}

export type PayloadParse =
  | { status: 'fields'; fields: ImbFields }
  | { status: 'event'; event: ImbEventData }
  | { status: 'opaque' }
  | { status: 'bad' };

const EVENT_HEADER_BYTES = 12;

/** The icEvent header and, where the kind has a layout and it parses exactly, the body fields. */
export function parseEventPayload(payload: Uint8Array): ImbEventData | undefined {
  if (payload.byteLength < EVENT_HEADER_BYTES) return undefined;
  const p = payload;
  const eventId = p[0]! | (p[1]! << 8) | (p[2]! << 16) | (p[3]! << 24);
  const tick = p[4]! | (p[5]! << 8) | (p[6]! << 16) | (p[7]! << 24);
  const kindCode = p[8]!;
  const flags = ((p[9]! << 8) | (p[10]! << 16) | (p[11]! << 24)) >>> 0;
  const kind = kindNameOf(kindCode);
  const body = view(p, EVENT_HEADER_BYTES, p.byteLength);
  const event: ImbEventData = { eventId, tick, kindCode, kind, flags, body };
  const layout = kind === null ? undefined : eventBodyLayouts[kind];
  if (layout !== undefined) {
    const fields = parseLayout(body, layout);
    if (fields !== undefined) event.fields = fields;
  }
  return event;
}

/**
 * Parses a frame payload by its command. `bad` means a known, non-opaque command whose payload
 * does not parse exactly (the decoder reports bad-payload for it).
 */
export function parsePayload(command: ImbCommandName | null, payload: Uint8Array): PayloadParse {
  if (command === null) return { status: 'opaque' };
  if (command === 'icEvent') {
    const event = parseEventPayload(payload);
    return event === undefined ? { status: 'bad' } : { status: 'event', event };
  }
  const layout = commandLayouts[command];
  if (layout === undefined) return { status: 'opaque' };
  const fields = parseLayout(payload, layout);
  return fields === undefined ? { status: 'bad' } : { status: 'fields', fields };
}
