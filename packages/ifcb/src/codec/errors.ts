/** Error codes of the IFCB package (protocol-prefixed, next to the core codes of @labwire/core). */
export const IfcbErrorCode = {
  /** SignalR: the input ended inside a record (no closing 0x1E). */
  HUB_INCOMPLETE: 'IFCB_HUB_INCOMPLETE',
  /** SignalR: a record is not JSON. */
  HUB_JSON: 'IFCB_HUB_JSON',
  /** SignalR: a record is JSON but not a valid hub message. */
  HUB_INVALID_MESSAGE: 'IFCB_HUB_INVALID_MESSAGE',
  /** SignalR: the first record is not a handshake. */
  HUB_NOT_HANDSHAKE: 'IFCB_HUB_NOT_HANDSHAKE',
  /** SignalR: the handshake was refused (protocol or version). */
  HUB_HANDSHAKE_REFUSED: 'IFCB_HUB_HANDSHAKE_REFUSED',
  /** An invocation of a hub or client method the peer does not know, or with wrong arguments. */
  HUB_BAD_INVOCATION: 'IFCB_HUB_BAD_INVOCATION',
  /** A relayed message the parser does not know (reason no-match) — reported, not an error of ours. */
  MESSAGE_UNKNOWN: 'IFCB_MESSAGE_UNKNOWN',
  /** A relayed message whose content is invalid (reason malformed). */
  MESSAGE_MALFORMED: 'IFCB_MESSAGE_MALFORMED',
  /** A file chunk that is not valid for its announced type. */
  FILE_CHUNK: 'IFCB_FILE_CHUNK',
  /** File chunks out of order, without a start, or a file ended with chunks missing. */
  FILE_SEQUENCE: 'IFCB_FILE_SEQUENCE',
  /** A file transfer above the configured limits. */
  FILE_LIMIT: 'IFCB_FILE_LIMIT',
  /** A handler registered with `on()` threw; the others still ran. */
  HANDLER_FAILED: 'IFCB_HANDLER_FAILED',
} as const;

export type IfcbErrorCodeValue = (typeof IfcbErrorCode)[keyof typeof IfcbErrorCode];

/** The names the conformance data uses for SignalR decode errors. */
export const HUB_ERROR_NAMES: Record<string, 'incomplete' | 'json' | 'invalid-message' | 'not-handshake'> = {
  [IfcbErrorCode.HUB_INCOMPLETE]: 'incomplete',
  [IfcbErrorCode.HUB_JSON]: 'json',
  [IfcbErrorCode.HUB_INVALID_MESSAGE]: 'invalid-message',
  [IfcbErrorCode.HUB_NOT_HANDSHAKE]: 'not-handshake',
};
