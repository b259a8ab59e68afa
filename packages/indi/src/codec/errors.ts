/** INDI error codes, added to the core codes (`LIMIT_EXCEEDED`, `MALFORMED`, `TIMEOUT`, ...). */
export const IndiErrorCode = {
  /** An element is not well formed (mismatched end tag, unquoted attribute, end tag at top level). */
  XML_MALFORMED: 'INDI_XML_MALFORMED',
  /** A `.z` BLOB does not inflate. */
  BLOB_INFLATE: 'INDI_BLOB_INFLATE',
  /** The device answered a command with `Alert`. */
  ALERT: 'INDI_ALERT',
} as const;

export type IndiErrorCodeValue = (typeof IndiErrorCode)[keyof typeof IndiErrorCode];
