import { ErrorCode, LabwireError } from '@labwire/core';
import { type ZeissDialect, type ZeissDialectId, resolveDialect } from './dialects.js';
import { ZeissErrorCode } from './errors.js';
import { jsonString, pyJsonDumps } from './json-generate.js';
import { frameLegacyRequest } from './legacy-generate.js';
import { pythonFloatRepr, pythonJsonFloat } from './python-float.js';
import type { ZeissRequest } from './types.js';

export interface EncodeOptions {
  /** Overrides the dialect's choice of string (`"50.0"`, the reference) or number (`50.0`). */
  focalLengthAs?: 'string' | 'number';
  /** Overrides the dialect's request suffix (`\n` for example). */
  trailingNewline?: boolean;
}

// Lone surrogates cannot be sent as UTF-8 text; the server would never see them.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** The JSON text of a request, without the dialect suffix. `quit` is the bare word. */
export function requestJson(request: ZeissRequest, focalLengthAs: 'string' | 'number' = 'string'): string {
  switch (request.command) {
    case 'image': {
      if (typeof request.focalLength !== 'number') {
        throw new LabwireError(ErrorCode.INVALID_ARGUMENT, 'image focalLength must be a number');
      }
      const focal =
        focalLengthAs === 'string'
          ? jsonString(pythonFloatRepr(request.focalLength))
          : pythonJsonFloat(request.focalLength);
      return `{"image": {"file": ${jsonString(request.file)}, "name": ${jsonString(request.name)}, "focal_length": ${focal}}}`;
    }
    case 'elements':
      return `{"elements": {"file": ${jsonString(request.file)}, "import_mode": ${jsonString(request.importMode)}}}`;
    case 'quit':
      return 'quit';
    case 'custom': {
      let text: string;
      try {
        text = pyJsonDumps(request.body);
      } catch (err) {
        throw new LabwireError(ErrorCode.INVALID_ARGUMENT, `custom request body: ${(err as Error).message}`, {
          cause: err,
        });
      }
      // A body whose text starts with `quit` would be taken as the quit word (a top-level string cannot: it starts with a quote).
      return text;
    }
  }
}

/**
 * Encodes a request for a dialect: the text of one WebSocket text message, or for `legacy-tcp`
 * the bytes to write (UTF-8 text followed by 0x04). Fields are escaped properly (the reference
 * client does not escape at all: a deliberate deviation).
 */
export function encodeRequest(
  request: ZeissRequest,
  dialect: ZeissDialectId | ZeissDialect = 'example',
  options: EncodeOptions = {},
): string | Uint8Array {
  const d = resolveDialect(dialect);
  const text = requestJson(request, options.focalLengthAs ?? d.focalLengthAs);
  if (request.command === 'quit' && d.quitWord === undefined) {
    throw new LabwireError(ErrorCode.UNSUPPORTED, `dialect ${d.id} has no quit command`);
  }
  if (hasLoneSurrogate(text)) {
    throw new LabwireError(
      ZeissErrorCode.UNENCODABLE,
      'request contains a lone surrogate, which UTF-8 cannot carry',
    );
  }
  const suffix =
    options.trailingNewline === undefined ? d.requestSuffix : options.trailingNewline ? '\n' : '';
  if (d.transport === 'tcp') return frameLegacyRequest(text + suffix);
  return text + suffix;
}

/** Encodes for a WebSocket dialect and returns the text (throws for legacy-tcp). */
export function encodeRequestText(
  request: ZeissRequest,
  dialect: ZeissDialectId | ZeissDialect = 'example',
  options: EncodeOptions = {},
): string {
  const out = encodeRequest(request, dialect, options);
  if (typeof out !== 'string')
    throw new LabwireError(ErrorCode.UNSUPPORTED, 'legacy-tcp requests are bytes, not text');
  return out;
}
