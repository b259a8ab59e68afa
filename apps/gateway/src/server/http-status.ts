import { ErrorCode } from '@labwire/core';

const STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHORIZED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.INVALID_ARGUMENT]: 400,
  [ErrorCode.MALFORMED]: 400,
  [ErrorCode.UNSUPPORTED]: 422,
  [ErrorCode.LIMIT_EXCEEDED]: 413,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.TIMEOUT]: 504,
  [ErrorCode.NOT_CONNECTED]: 503,
  [ErrorCode.COMMAND_FAILED]: 502,
  [ErrorCode.OUTCOME_UNKNOWN]: 502,
  [ErrorCode.CLOSED]: 503,
};

/** The HTTP status for a LabwireError code; unknown codes (protocol-specific failures) are 502. */
export function httpStatusFor(code: string): number {
  return STATUS[code] ?? (code === ErrorCode.INTERNAL ? 500 : 502);
}
