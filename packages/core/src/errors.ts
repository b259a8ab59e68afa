/**
 * Stable error codes shared by every labwire package. Protocol packages add their own codes
 * with a protocol prefix (for example `INDI_XML_MALFORMED`); these are the ones every layer uses.
 */
export const ErrorCode = {
  /** A wait ran out of time (connect, command, identification). */
  TIMEOUT: 'TIMEOUT',
  /** The caller's AbortSignal fired. */
  ABORTED: 'ABORTED',
  /** The connection could not be opened. */
  CONNECT_FAILED: 'CONNECT_FAILED',
  /** The connection closed while something was still waiting on it. */
  CLOSED: 'CLOSED',
  /** The operation needs an open connection or a started component. */
  NOT_CONNECTED: 'NOT_CONNECTED',
  /** A size, ratio or count limit would be exceeded; checked before allocating. */
  LIMIT_EXCEEDED: 'LIMIT_EXCEEDED',
  /** Bytes or text that do not follow the protocol's grammar. */
  MALFORMED: 'MALFORMED',
  /** The input ended in the middle of a message. */
  TRUNCATED: 'TRUNCATED',
  /** Well-formed input that breaks the protocol's rules (wrong order, unexpected reply). */
  PROTOCOL: 'PROTOCOL',
  /** A feature or value this implementation does not support. */
  UNSUPPORTED: 'UNSUPPORTED',
  /** A command or lookup names a device, property or member that does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** An argument fails validation. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** The instrument refused or failed a command. */
  COMMAND_FAILED: 'COMMAND_FAILED',
  /** The command was sent but whether it took effect cannot be known (peer crashed, reply lost). */
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
  /** A bus subscriber's queue overflowed under the `disconnect` policy. */
  OVERFLOW: 'OVERFLOW',
  /** Authentication missing or wrong. */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** Authenticated, but not allowed to do this. */
  FORBIDDEN: 'FORBIDDEN',
  /** Too many requests in the rate window. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A conformance suite file that does not follow the `labwire-vectors/1` envelope. */
  BAD_SUITE: 'BAD_SUITE',
  /** A bug in labwire: an invariant did not hold. */
  INTERNAL: 'INTERNAL',
} as const;

export type CoreErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface LabwireErrorOptions {
  cause?: unknown;
  /** Structured context (offsets, limits, names) for logs and tests. */
  details?: Record<string, unknown>;
}

/** The one error class labwire throws and emits. `code` is stable; `message` is for people. */
export class LabwireError extends Error {
  override readonly name = 'LabwireError';
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: CoreErrorCode | (string & {}), message: string, options: LabwireErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  toJSON(): { code: string; message: string; details?: Record<string, unknown> } {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isLabwireError(value: unknown, code?: string): value is LabwireError {
  return value instanceof LabwireError && (code === undefined || value.code === code);
}

/** Wraps anything thrown into a LabwireError, keeping LabwireErrors as they are. */
export function toLabwireError(value: unknown, code: string = ErrorCode.INTERNAL): LabwireError {
  if (value instanceof LabwireError) return value;
  if (value instanceof Error) return new LabwireError(code, value.message, { cause: value });
  return new LabwireError(code, String(value));
}

/** The error an aborted wait rejects with, carrying the signal's reason as cause. */
export function abortError(signal: AbortSignal): LabwireError {
  return new LabwireError(ErrorCode.ABORTED, 'operation aborted', { cause: signal.reason });
}
