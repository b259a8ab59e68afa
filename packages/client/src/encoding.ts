import { ClientErrorCode, LabwireClientError } from './errors.js';
import type { ClientMessage, ServerMessage } from './types.js';

/** Byte length of the header-length prefix of a binary (data) frame. */
export const BINARY_HEADER_PREFIX_BYTES = 4;

const textDecoder = new TextDecoder();

/** Client messages are always JSON text frames. */
export function encodeClientMessage(message: ClientMessage): string {
  return JSON.stringify(message);
}

/**
 * Decodes one frame from the gateway. Text frames are JSON; binary frames carry a `data`
 * event: u32 big-endian header length, the JSON header, then the payload, which is returned
 * as a view into the frame (no copy).
 */
export function decodeServerFrame(frame: string | ArrayBuffer | Uint8Array): ServerMessage {
  if (typeof frame === 'string') return parseJson(frame);
  const bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame);
  if (bytes.byteLength < BINARY_HEADER_PREFIX_BYTES) {
    throw new LabwireClientError(
      ClientErrorCode.MALFORMED,
      `binary frame of ${bytes.byteLength} bytes has no header`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(0);
  const payloadStart = BINARY_HEADER_PREFIX_BYTES + headerLength;
  if (payloadStart > bytes.byteLength) {
    throw new LabwireClientError(
      ClientErrorCode.MALFORMED,
      `binary frame header of ${headerLength} bytes overruns the ${bytes.byteLength}-byte frame`,
    );
  }
  const message = parseJson(textDecoder.decode(bytes.subarray(BINARY_HEADER_PREFIX_BYTES, payloadStart)));
  if (message.type !== 'event') {
    throw new LabwireClientError(
      ClientErrorCode.MALFORMED,
      `binary frame carries a "${message.type}" message`,
    );
  }
  message.event.payload = bytes.subarray(payloadStart);
  return message;
}

function parseJson(text: string): ServerMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new LabwireClientError(ClientErrorCode.MALFORMED, `frame is not JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
    throw new LabwireClientError(ClientErrorCode.MALFORMED, 'frame is not a message object with a "type"');
  }
  return value as ServerMessage;
}
