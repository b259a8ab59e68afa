import { type IndiMessage, createIndiDecoder } from '@labwire/indi';
import { type Capture, type DataRecord, isData, payloadOf } from '../format.js';
import type { ToVectorsOptions } from '../to-vectors.js';

/** What a pattern keeps of a message the server sent: the fields that are the same on every run. */
function patternOf(message: IndiMessage): Record<string, unknown> {
  const pattern: Record<string, unknown> = { type: message.type };
  for (const key of ['device', 'name', 'perm', 'rule', 'state'] as const) {
    const value = (message as unknown as Record<string, unknown>)[key];
    if (typeof value === 'string') pattern[key] = value;
  }
  if ('members' in message && message.type.startsWith('def')) {
    // Member names are fixed by the driver; live values (coordinates, timestamps) are not.
    pattern.members = message.members.map((m) => ({ name: m.name }));
  }
  return pattern;
}

/** The full message for the step's informational `reference` (numbers wrapped as the suites do). */
function referenceOf(message: IndiMessage): unknown {
  return JSON.parse(
    JSON.stringify(message, (key, value) => {
      if (key === 'data') return undefined;
      if (typeof value === 'number' && ['value', 'min', 'max', 'step', 'timeout'].includes(key)) {
        return { $float: Number.isFinite(value) ? value : String(value) };
      }
      return value;
    }),
  );
}

const connName = (conn: number) => String.fromCharCode(96 + ((conn - 1) % 26) + 1);

/**
 * An INDI capture (client ↔ real indiserver) as one `session` case: every run of bytes the client
 * wrote becomes a `sendRaw` of exactly those bytes, and every distinct message the server sent
 * after it an `expect` whose pattern is what the server sent (type, device, name, perm, rule,
 * state, member names), with the whole message as `reference`. Repeats of the same pattern
 * (a slew's many Busy updates) are kept once, so the case does not depend on timing.
 */
export async function indiCaptureToCases(
  capture: Capture,
  options: ToVectorsOptions,
): Promise<Array<Record<string, unknown>>> {
  if (capture.header.framing !== 'stream') throw new Error('an INDI capture must be a TCP (stream) capture');
  const drivers = options.drivers ?? [];
  if (drivers.length === 0) throw new Error('INDI captures need --driver for every driver the server ran');
  const steps: Array<Record<string, unknown>> = [];
  const decoders = new Map<number, { decode: (bytes: Uint8Array) => IndiMessage[] }>();
  const seen = new Map<number, Set<string>>();
  const decoderFor = (conn: number) => {
    let d = decoders.get(conn);
    if (d === undefined) {
      let out: IndiMessage[] = [];
      const decoder = createIndiDecoder({ message: (m) => out.push(m), error: () => {} });
      d = {
        decode: (bytes) => {
          out = [];
          decoder.write(bytes);
          return out;
        },
      };
      decoders.set(conn, d);
    }
    return d;
  };
  let pendingOut: { conn: number; bytes: Buffer[] } | undefined;
  const flushOut = () => {
    if (pendingOut === undefined) return;
    steps.push({
      op: 'sendRaw',
      conn: connName(pendingOut.conn),
      xml: Buffer.concat(pendingOut.bytes).toString('utf8'),
    });
    seen.set(pendingOut.conn, new Set());
    pendingOut = undefined;
  };
  for (const record of capture.records) {
    if (!isData(record)) {
      if ('event' in record && record.event === 'open') {
        flushOut();
        steps.push({ op: 'connect', conn: connName(record.conn) });
        seen.set(record.conn, new Set());
      } else if ('event' in record && record.event === 'close' && record.by === 'client') {
        flushOut();
        steps.push({ op: 'disconnect', conn: connName(record.conn) });
      }
      continue;
    }
    const data = record as DataRecord;
    const bytes = payloadOf(data) as Uint8Array;
    if (data.dir === 'out') {
      if (pendingOut !== undefined && pendingOut.conn !== data.conn) flushOut();
      pendingOut ??= { conn: data.conn, bytes: [] };
      pendingOut.bytes.push(Buffer.from(bytes));
      continue;
    }
    flushOut();
    for (const message of decoderFor(data.conn).decode(bytes)) {
      const pattern = patternOf(message);
      const key = JSON.stringify(pattern);
      const already = seen.get(data.conn) ?? new Set();
      if (already.has(key)) continue;
      already.add(key);
      seen.set(data.conn, already);
      steps.push({
        op: 'expect',
        conn: connName(data.conn),
        match: pattern,
        timeoutMs: 15_000,
        reference: referenceOf(message),
      });
    }
  }
  flushOut();
  const id = `${options.idPrefix ?? 'captured'}-session`;
  return [
    {
      id,
      kind: 'session',
      expect: 'ok',
      description: `Captured from ${capture.header.peer} on ${capture.header.started}.`,
      server: { drivers },
      steps,
    },
  ];
}
