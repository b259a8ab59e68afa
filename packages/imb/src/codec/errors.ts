import { ErrorCode, LabwireError } from '@labwire/core';

/**
 * Stable codes of the IMB package. Each maps to one error name of the conformance suites
 * (`details.error`), so a consumer can switch on either.
 */
export const ImbErrorCode = {
  /** Bytes that do not start a magic were skipped. */
  JUNK: 'IMB_JUNK',
  /** A length field below 0 or above the payload limit; the 16-byte header was skipped. */
  BAD_LENGTH: 'IMB_BAD_LENGTH',
  /** The 4 bytes after the payload were not the trailer; the whole frame was dropped. */
  BAD_TRAILER: 'IMB_BAD_TRAILER',
  /** A known command whose payload does not parse by its layout. */
  BAD_PAYLOAD: 'IMB_BAD_PAYLOAD',
  /** Input ended inside a frame (core code). */
  TRUNCATED: ErrorCode.TRUNCATED,
  /** An icEvent for a hub event id with no translation. */
  UNKNOWN_EVENT: 'IMB_UNKNOWN_EVENT',
  /** A stream body or tail without a header. */
  UNKNOWN_STREAM: 'IMB_UNKNOWN_STREAM',
  /** Removal of a translation that was never set. */
  UNKNOWN_TRANSLATION: 'IMB_UNKNOWN_TRANSLATION',
  /** A value that does not fit its wire type (i32, u32, i64, flags). */
  OUT_OF_RANGE: 'IMB_OUT_OF_RANGE',
  /** Open incoming streams hold more than the configured memory. */
  STREAM_LIMIT: 'IMB_STREAM_LIMIT',
} as const;

/** The error names of the conformance suites. */
export type ImbErrorName =
  | 'junk'
  | 'bad-length'
  | 'bad-trailer'
  | 'bad-payload'
  | 'truncated'
  | 'unknown-event'
  | 'unknown-stream'
  | 'unknown-translation'
  | 'out-of-range'
  | 'stream-limit';

/**
 * An IMB error: a LabwireError whose `details` hold the suite's error object (`error` name plus
 * its keys such as `offset`, `length`, `code`, `hubEventId`).
 */
export function imbError(
  code: string,
  error: ImbErrorName,
  message: string,
  details: Record<string, unknown>,
): LabwireError {
  return new LabwireError(code, message, { details: { error, ...details } });
}

export function outOfRange(what: string, value: unknown): LabwireError {
  return imbError(
    ImbErrorCode.OUT_OF_RANGE,
    'out-of-range',
    `${what} ${String(value)} does not fit its wire type`,
    {
      field: what,
    },
  );
}
