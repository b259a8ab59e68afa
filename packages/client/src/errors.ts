import type { ErrorInfo } from './types.js';

/** Codes the client itself produces; the gateway's codes (FORBIDDEN, RATE_LIMITED, …) pass through. */
export const ClientErrorCode = {
  TIMEOUT: 'TIMEOUT',
  NOT_CONNECTED: 'NOT_CONNECTED',
  CLOSED: 'CLOSED',
  /** The connection dropped after a command was sent: whether it ran is unknown. */
  OUTCOME_UNKNOWN: 'OUTCOME_UNKNOWN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  MALFORMED: 'MALFORMED',
  CONNECT_FAILED: 'CONNECT_FAILED',
} as const;

/** Every failure the client reports: `code` is stable, `message` is for people. */
export class LabwireClientError extends Error {
  override readonly name = 'LabwireClientError';
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.details = details;
  }

  static from(info: ErrorInfo): LabwireClientError {
    return new LabwireClientError(info.code, info.message, info.details);
  }
}
