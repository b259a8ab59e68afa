export { DIALECTS, DEFAULT_DIALECT, type Dialect, isDialect } from './dialect.js';
export { type Dtype, type DtypeString, type DtypeKind, parseDtype, tryParseDtype } from './dtype.js';
export type { Complex, Element } from './elements.js';
export * from './values.js';
export {
  type TypedArray,
  ndarray,
  ndarrayFrom,
  arrayElements,
  arrayView,
  isZeroCopy,
  toNativeEndian,
  elementCount,
} from './ndarray.js';
export {
  type ValueForm,
  type EncodeValueOptions,
  encodeValue,
  encodeMessage,
  encodeMessageParts,
} from './encode.js';
export type { DecodeLimitOptions } from './decoder-base.js';
export { ValueDecoder, type ValueDecoderOptions, createValueDecoder } from './value-decoder.js';
export { MessageDecoder, type MessageDecoderOptions, createMessageDecoder } from './message-decoder.js';
export {
  type PymodaqMessage,
  type ReceivingSide,
  type ArgKind,
  argumentKinds,
  GRAB_COMMANDS,
  type GrabCommand,
} from './messages.js';
