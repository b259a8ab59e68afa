/**
 * Error codes of the ZEISS IPC package, added to the core codes (`TIMEOUT`, `OUTCOME_UNKNOWN`,
 * `COMMAND_FAILED`, ...). They are stable: callers switch on them.
 */
export const ZeissErrorCode = {
  /** A request field cannot be sent as UTF-8 text (a lone surrogate). */
  UNENCODABLE: 'ZEISS_UNENCODABLE',
  /** The server sent a binary frame, or a reply with no request waiting for it. */
  UNEXPECTED_REPLY: 'ZEISS_UNEXPECTED_REPLY',
  /** A legacy-tcp reply that is not UTF-8 or ended without its CR LF. */
  BAD_LEGACY_REPLY: 'ZEISS_BAD_LEGACY_REPLY',
} as const;

export type ZeissErrorCodeName = (typeof ZeissErrorCode)[keyof typeof ZeissErrorCode];
