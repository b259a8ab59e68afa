import { ErrorCode, LabwireError } from '@labwire/core';
import {
  IMB_HEADER_BYTES,
  IMB_MAGIC,
  IMB_MAX_PAYLOAD_BYTES,
  IMB_TRAILER,
  IMB_TRAILER_BYTES,
  ImbCommandCode,
  type ImbCommandName,
} from './constants.js';
import { encodeCommandPayload, encodeEventBody, kindWord } from './generate-payload.js';
import type { ImbFields } from './layouts.js';
import { checkInt32 } from './primitives-write.js';

const EMPTY = new Uint8Array(0);

function checkPayloadSize(n: number, max: number): void {
  if (n > max) {
    throw new LabwireError(
      ErrorCode.LIMIT_EXCEEDED,
      `IMB payload of ${n} bytes exceeds the limit of ${max}`,
      {
        details: { limit: max, length: n },
      },
    );
  }
}

function writeHeader(out: Buffer, code: number, length: number): void {
  out.set(IMB_MAGIC, 0);
  out.writeInt32LE(code, 8);
  out.writeInt32LE(length, 12);
}

/**
 * One frame: magic, code, length, payload, trailer (no trailer for an empty payload), in one
 * buffer so it goes out in one write, as both reference clients do.
 */
export function encodeFrame(
  code: number,
  payload: Uint8Array = EMPTY,
  maxPayloadBytes = IMB_MAX_PAYLOAD_BYTES,
): Uint8Array {
  checkInt32(code, 'code');
  const n = payload.byteLength;
  checkPayloadSize(n, maxPayloadBytes);
  const out = Buffer.allocUnsafe(n === 0 ? IMB_HEADER_BYTES : IMB_HEADER_BYTES + n + IMB_TRAILER_BYTES);
  writeHeader(out, code, n);
  if (n > 0) {
    out.set(payload, IMB_HEADER_BYTES);
    out.set(IMB_TRAILER, IMB_HEADER_BYTES + n);
  }
  return out;
}

/** A frame for a command with a typed layout, from its fields. */
export function encodeCommand(command: ImbCommandName, fields: ImbFields = {}): Uint8Array {
  return encodeFrame(ImbCommandCode[command], encodeCommandPayload(command, fields));
}

/**
 * An icEvent frame written straight into one buffer (the hot path of signalling): header,
 * event id, tick, kind word, body, trailer.
 */
export function encodeEventFrame(
  eventId: number,
  kindCode: number,
  body: Uint8Array,
  flags = 0,
  tick = 0,
  maxPayloadBytes = IMB_MAX_PAYLOAD_BYTES,
): Uint8Array {
  checkInt32(eventId, 'eventId');
  checkInt32(tick, 'tick');
  const word = kindWord(kindCode, flags);
  const n = 12 + body.byteLength;
  checkPayloadSize(n, maxPayloadBytes);
  const out = Buffer.allocUnsafe(IMB_HEADER_BYTES + n + IMB_TRAILER_BYTES);
  writeHeader(out, ImbCommandCode.icEvent, n);
  out.writeInt32LE(eventId, 16);
  out.writeInt32LE(tick, 20);
  out.writeUInt32LE(word, 24);
  out.set(body, 28);
  out.set(IMB_TRAILER, IMB_HEADER_BYTES + n);
  return out;
}

/** An icEvent frame whose body is built from the kind's typed fields. */
export function encodeEventFrameFields(
  eventId: number,
  kindCode: number,
  fields: ImbFields,
  flags = 0,
  tick = 0,
): Uint8Array {
  return encodeEventFrame(eventId, kindCode, encodeEventBody(kindCode, fields), flags, tick);
}
