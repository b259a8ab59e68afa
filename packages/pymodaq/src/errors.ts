/**
 * PyMoDAQ-specific error codes (core codes such as MALFORMED, TRUNCATED, LIMIT_EXCEEDED,
 * UNSUPPORTED and TIMEOUT are used where they fit). Stable: tests and users match on them.
 */
export const PymodaqErrorCode = {
  /** A dtype descriptor outside `|b1 |i1 |u1 <>i2/4/8 <>u2/4/8 <>f2/4/8 <>c8/16`. */
  BAD_DTYPE: 'PYMODAQ_BAD_DTYPE',
  /** An array whose byte count does not match its shape, or a scalar whose byte count is not its item size. */
  BAD_SIZE: 'PYMODAQ_BAD_SIZE',
  /** A list element tag (v2/v4) or object type name (v5) this dialect does not define. */
  UNKNOWN_TAG: 'PYMODAQ_UNKNOWN_TAG',
  /** An object header naming the wrong class (`Axes` for `Axis`, `DataFoo` for a DataWithAxes). */
  BAD_CLASS: 'PYMODAQ_BAD_CLASS',
  /** A string field that is not valid UTF-8. */
  BAD_UTF8: 'PYMODAQ_BAD_UTF8',
  /** A field of a composite object that holds the wrong kind of value. */
  BAD_FIELD: 'PYMODAQ_BAD_FIELD',
  /** A v5 message with bytes left after its object. */
  TRAILING_BYTES: 'PYMODAQ_TRAILING_BYTES',
  /** The first message of a connection is not `GRABBER` or `ACTUATOR`. */
  BAD_IDENTIFICATION: 'PYMODAQ_BAD_IDENTIFICATION',
} as const;

export type PymodaqErrorCodeName = (typeof PymodaqErrorCode)[keyof typeof PymodaqErrorCode];
