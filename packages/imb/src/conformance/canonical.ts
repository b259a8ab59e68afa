import type { LabwireError } from '@labwire/core';
import {
  type EventNameEntry,
  type FieldValue,
  type ImbEventData,
  type ImbFields,
  type ImbFrame,
  type Layout,
  commandLayouts,
  commandNameOf,
  encodeCommand,
  encodeEventBody,
  encodeEventFrame,
  encodeFrame,
  eventBodyLayouts,
  kindNameOf,
  outOfRange,
} from '../codec/index.js';

/**
 * Conversions between the codec's objects and the canonical JSON of the IMB suites
 * (bytes as lowercase hex in `...Hex` keys, i64 as bigint). Used by the conformance adapter only.
 */

export const hex = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
export const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

function fieldsToCanonical(fields: ImbFields, layout: Layout): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, type] of layout) {
    const v = fields[name];
    if (type === 'bytes' || type === 'rest') out[`${name}Hex`] = hex(v as Uint8Array);
    else if (type === 'eventNames') out[name] = (v as EventNameEntry[]).map((e) => ({ ...e }));
    else out[name] = v;
  }
  return out;
}

export function eventToCanonical(event: ImbEventData): Record<string, unknown> {
  const out: Record<string, unknown> = {
    eventId: event.eventId,
    tick: event.tick,
    kindCode: event.kindCode,
    kind: event.kind,
    flags: event.flags,
    bodyHex: hex(event.body),
  };
  if (event.fields !== undefined && event.kind !== null) {
    out.body = fieldsToCanonical(event.fields, eventBodyLayouts[event.kind]!);
  }
  return out;
}

export function frameToCanonical(frame: ImbFrame): Record<string, unknown> {
  const out: Record<string, unknown> = {
    command: frame.command,
    code: frame.code,
    payloadHex: hex(frame.payload),
  };
  if (frame.event !== undefined) Object.assign(out, eventToCanonical(frame.event));
  else if (frame.fields !== undefined && frame.command !== null) {
    Object.assign(out, fieldsToCanonical(frame.fields, commandLayouts[frame.command]!));
  }
  return out;
}

const ERROR_KEYS: Record<string, readonly string[]> = {
  junk: ['offset', 'length'],
  'bad-length': ['offset', 'code', 'length'],
  'bad-trailer': ['offset', 'code', 'length'],
  'bad-payload': ['offset', 'code', 'length'],
  truncated: ['offset', 'length'],
  'unknown-event': ['hubEventId'],
  'unknown-translation': ['hubEventId'],
  'unknown-stream': ['eventName', 'streamId'],
};

/** The suite's error object for an IMB error: `error` plus the keys that error kind has. */
export function errorToCanonical(error: LabwireError): Record<string, unknown> {
  const details = error.details ?? {};
  const name = String(details.error ?? error.code);
  const out: Record<string, unknown> = { error: name };
  for (const key of ERROR_KEYS[name] ?? []) out[key] = details[key];
  return out;
}

function fieldsFromCanonical(source: Record<string, unknown>, layout: Layout): ImbFields {
  const out: ImbFields = {};
  for (const [name, type] of layout) {
    if (type === 'bytes' || type === 'rest') {
      const v = source[`${name}Hex`];
      if (typeof v === 'string') out[name] = unhex(v);
    } else if (source[name] !== undefined) {
      out[name] = source[name] as FieldValue;
    }
  }
  return out;
}

function int(source: Record<string, unknown>, name: string): number {
  const v = source[name];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') throw outOfRange(name, v);
  return Number.NaN;
}

/** Encodes one frame given in the suites' encode-input form. Throws on values that do not fit. */
export function frameFromCanonical(frame: Record<string, unknown>): Uint8Array {
  const code = int(frame, 'code');
  const command = commandNameOf(code);
  if ((frame.command ?? null) !== command) throw outOfRange('command', frame.command);
  if (typeof frame.payloadHex === 'string') return encodeFrame(code, unhex(frame.payloadHex));
  if (command === null) throw outOfRange('payloadHex', undefined);
  if (command === 'icEvent') {
    const kindCode = int(frame, 'kindCode');
    if ((frame.kind ?? null) !== kindNameOf(kindCode)) throw outOfRange('kind', frame.kind);
    const kind = kindNameOf(kindCode);
    let body: Uint8Array;
    if (frame.body !== undefined && kind !== null && eventBodyLayouts[kind] !== undefined) {
      body = encodeEventBody(
        kindCode,
        fieldsFromCanonical(frame.body as Record<string, unknown>, eventBodyLayouts[kind]),
      );
    } else {
      body = unhex(String(frame.bodyHex ?? ''));
    }
    return encodeEventFrame(int(frame, 'eventId'), kindCode, body, int(frame, 'flags'), int(frame, 'tick'));
  }
  const layout = commandLayouts[command];
  if (layout === undefined) throw outOfRange('payloadHex', undefined);
  return encodeCommand(command, fieldsFromCanonical(frame, layout));
}
