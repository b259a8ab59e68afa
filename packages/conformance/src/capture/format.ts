import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * `labwire-capture/1`: a recorded session, one JSON object per line (JSON Lines), so a capture
 * can be appended while it is recorded and read back even if the recorder was killed.
 *
 * Line 1 is the header; every further line is one record, in the order it happened:
 *
 *   {"format":"labwire-capture/1","protocol":"indi","framing":"stream","peer":"tcp://127.0.0.1:7624","started":"2026-11-21T20:00:00.000Z"}
 *   {"t":0.0,"conn":1,"event":"open"}
 *   {"t":1.2,"conn":1,"dir":"out","hex":"3c67657450726f706572746965732f3e0a"}
 *   {"t":3.4,"conn":1,"dir":"in","hex":"3c646566..."}
 *   {"t":9.9,"conn":1,"event":"close","by":"peer"}
 *
 * `t` is milliseconds since `started`. `dir` is seen from the client: `out` is what the client
 * (the implementation under test) sent, `in` what the real peer sent. Stream framing records
 * bytes as they were read (`hex`); message framing records one WebSocket message per record,
 * `text` for text frames and `hex` for binary ones. `conn` numbers the connections of one capture.
 */
export const CAPTURE_FORMAT = 'labwire-capture/1';

export const CaptureHeaderSchema = z.object({
  format: z.literal(CAPTURE_FORMAT),
  protocol: z.string().min(1),
  framing: z.enum(['stream', 'message']),
  peer: z.string(),
  started: z.string(),
  /** Free-form notes: driver names, instrument serial, software versions. */
  notes: z.record(z.string(), z.unknown()).optional(),
});

export const CaptureRecordSchema = z.union([
  z.object({
    t: z.number().nonnegative(),
    conn: z.number().int().positive(),
    dir: z.enum(['in', 'out']),
    hex: z.string().regex(/^([0-9a-f]{2})*$/),
  }),
  z.object({
    t: z.number().nonnegative(),
    conn: z.number().int().positive(),
    dir: z.enum(['in', 'out']),
    text: z.string(),
  }),
  z.object({
    t: z.number().nonnegative(),
    conn: z.number().int().positive(),
    event: z.enum(['open', 'close']),
    by: z.enum(['client', 'peer']).optional(),
    code: z.number().int().optional(),
    reason: z.string().optional(),
  }),
]);

export type CaptureHeader = z.infer<typeof CaptureHeaderSchema>;
export type CaptureRecord = z.infer<typeof CaptureRecordSchema>;
export type DataRecord = Extract<CaptureRecord, { dir: 'in' | 'out' }>;

export interface Capture {
  header: CaptureHeader;
  records: CaptureRecord[];
}

export function isData(record: CaptureRecord): record is DataRecord {
  return 'dir' in record;
}

/** The bytes (or text) of a data record. */
export function payloadOf(record: DataRecord): Uint8Array | string {
  return 'hex' in record ? new Uint8Array(Buffer.from(record.hex, 'hex')) : record.text;
}

export function parseCapture(text: string, file = '<capture>'): Capture {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new Error(`${file}: empty capture`);
  const parseLine = (line: string, n: number): unknown => {
    try {
      return JSON.parse(line);
    } catch (err) {
      throw new Error(`${file}:${n}: not JSON (${(err as Error).message})`);
    }
  };
  const header = CaptureHeaderSchema.safeParse(parseLine(lines[0]!, 1));
  if (!header.success)
    throw new Error(`${file}:1: not a ${CAPTURE_FORMAT} header: ${header.error.issues[0]?.message}`);
  const records = lines.slice(1).map((line, i) => {
    const r = CaptureRecordSchema.safeParse(parseLine(line, i + 2));
    if (!r.success) throw new Error(`${file}:${i + 2}: not a capture record: ${r.error.issues[0]?.message}`);
    return r.data;
  });
  return { header: header.data, records };
}

export function readCapture(file: string): Capture {
  return parseCapture(readFileSync(file, 'utf8'), file);
}

/** One line of the file for a record or header. */
export function captureLine(value: CaptureHeader | CaptureRecord): string {
  return `${JSON.stringify(value)}\n`;
}
