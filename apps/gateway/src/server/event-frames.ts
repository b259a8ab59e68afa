import type { BusEvent, DataEvent } from '@labwire/core';

/** Bytes of the big-endian header-length prefix of a binary data frame (as @labwire/client reads it). */
export const HEADER_PREFIX_BYTES = 4;

/**
 * One JSON rendering per event, shared by every subscriber that receives it. Subscribers get an
 * event one after another (or soon after, from their queues), so a direct-mapped cache by `seq`
 * finds it without a WeakMap, whose entries cost the garbage collector on every event.
 * Data events are not cached: they would pin their payloads.
 */
const CACHE_SLOTS = 4096;
const cachedEvents: Array<BusEvent | undefined> = new Array(CACHE_SLOTS);
const cachedJson: string[] = new Array(CACHE_SLOTS);

function bigintSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function render(body: unknown): string {
  try {
    return JSON.stringify(body);
  } catch {
    // BigInt from a protocol's numbers (PyMoDAQ int64): render as a decimal string.
    return JSON.stringify(body, bigintSafe);
  }
}

/** The event as JSON, rendered once however many subscribers get it. Data payloads are left out. */
export function eventJson(event: BusEvent): string {
  if (event.kind === 'data') return render(event.payload === undefined ? event : withoutPayload(event));
  const slot = event.seq & (CACHE_SLOTS - 1);
  if (cachedEvents[slot] === event) return cachedJson[slot]!;
  const json = render(event);
  cachedEvents[slot] = event;
  cachedJson[slot] = json;
  return json;
}

function withoutPayload(event: DataEvent): Omit<DataEvent, 'payload'> {
  const { payload: _payload, ...rest } = event;
  return rest;
}

/** A text frame carrying a batch of events (already rendered) for one subscription. */
export function eventsFrame(sub: number, renderedEvents: readonly string[]): string {
  return `{"type":"events","sub":${sub},"events":[${renderedEvents.join(',')}]}`;
}

/**
 * The first part of a binary data frame: u32 BE header length and the JSON header. The payload
 * follows as its own WebSocket fragment, so it is never copied or base64-encoded.
 */
export function dataFrameHeader(sub: number, event: DataEvent): Buffer {
  const header = Buffer.from(`{"type":"event","sub":${sub},"event":${eventJson(event)}}`, 'utf8');
  const out = Buffer.allocUnsafe(HEADER_PREFIX_BYTES + header.byteLength);
  out.writeUInt32BE(header.byteLength, 0);
  header.copy(out, HEADER_PREFIX_BYTES);
  return out;
}
