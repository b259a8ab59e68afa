import { ErrorCode, LabwireError } from '@labwire/core';
import type { Dialect } from './dialect.js';
import { writeBare, writeTagged } from './encode-legacy.js';
import { writeMessage } from './encode-v5.js';
import type { PymodaqValue } from './values.js';
import { ByteWriter } from './writer.js';

/** How a value sits on the wire (conformance README, "Forms"). */
export type ValueForm = 'bare' | 'tagged' | 'message';

export interface EncodeValueOptions {
  dialect: Dialect;
  /** Default: `message` for v5, `bare` otherwise. */
  form?: ValueForm;
}

/**
 * Encodes one value. Throws UNSUPPORTED for what the dialect cannot carry (a v1 3-D array, a
 * v5 float32 scalar, a v2 DataWithAxes) and INVALID_ARGUMENT for inconsistent values; nothing
 * is produced then.
 */
export function encodeValue(value: PymodaqValue, options: EncodeValueOptions): Uint8Array {
  const { dialect } = options;
  const form = options.form ?? (dialect === 'v5' ? 'message' : 'bare');
  const w = new ByteWriter();
  if (dialect === 'v5') {
    if (form !== 'message')
      throw new LabwireError(ErrorCode.UNSUPPORTED, `v5 values are messages, not ${form}`);
    writeMessage(w, value);
  } else if (form === 'bare') {
    writeBare(w, value, dialect);
  } else if (form === 'tagged') {
    writeTagged(w, value, dialect);
  } else {
    throw new LabwireError(ErrorCode.UNSUPPORTED, `${dialect} has no message form`);
  }
  return w.finish();
}

/**
 * Encodes a whole message — the command string and its arguments — into one buffer, so that
 * it leaves in a single write.
 */
export function encodeMessage(
  dialect: Dialect,
  command: string,
  args: readonly PymodaqValue[] = [],
): Uint8Array {
  return writeCommand(dialect, command, args).finish();
}

/**
 * Like `encodeMessage`, but leaves large payloads (array bytes) as the caller's buffers instead
 * of copying them into one: the pieces go out in a single vectored write (`PymodaqConnection`
 * corks the socket), so a camera frame is never copied on the way out.
 */
export function encodeMessageParts(
  dialect: Dialect,
  command: string,
  args: readonly PymodaqValue[] = [],
): Uint8Array[] {
  return writeCommand(dialect, command, args).finishParts();
}

/** A command and its arguments as the dialect lays them out, not yet joined. */
function writeCommand(dialect: Dialect, command: string, args: readonly PymodaqValue[]): ByteWriter {
  const w = new ByteWriter();
  if (dialect === 'v5') {
    writeMessage(w, { type: 'string', value: command });
    for (const arg of args) writeMessage(w, arg);
  } else {
    w.string(command);
    for (const arg of args) writeBare(w, arg, dialect);
  }
  return w;
}
