import { type ZeissDialect, type ZeissDialectId, resolveDialect } from './dialects.js';
import type { ZeissReply } from './types.js';

/*
 * Reply templates of the example server (§3.2). Anchored, and `s` so that `.` spans the newlines
 * a path or an echo may carry. Greedy groups make the elements import template split at the
 * LAST ` with import mode `, as the reference's f-string cannot be told apart otherwise.
 */
const MALFORMED = 'Error: Malformed JSON message.';
const UNKNOWN_PREFIX = 'Error: Unknown request:\n';
// `<c>` is taken as written: servers extended from the template use it for their own commands.
const MISSING = /^Error: Missing parameter '(.*)' in '(.*)' request\.$/s;
const UNREADABLE = /^Error: (Image|Elements) file (.*) could not be read\.$/s;
const IMAGE_IMPORT = /^Error: Image could not be imported from file (.*)\.$/s;
const ELEMENTS_IMPORT = /^Error: Elements could not be imported from file (.*) with import mode (.*)\.$/s;
const ERROR_PREFIX = 'Error: ';

/** Classifies one reply text as ok / bye / error (with the parsed reason) / other. Never throws. */
export function classifyReply(text: string, dialect: ZeissDialectId | ZeissDialect = 'example'): ZeissReply {
  const d = resolveDialect(dialect);
  if (d.successTokens.includes(text)) return { type: 'ok' };
  if (d.byeWord !== undefined && text === d.byeWord) return { type: 'bye' };
  if (!text.startsWith(ERROR_PREFIX)) return { type: 'other', text };
  const message = text.slice(ERROR_PREFIX.length);
  if (text === MALFORMED) return { type: 'error', error: 'malformedJson', message };
  if (text.startsWith(UNKNOWN_PREFIX)) {
    return { type: 'error', error: 'unknownRequest', echo: text.slice(UNKNOWN_PREFIX.length), message };
  }
  let m = MISSING.exec(text);
  if (m !== null) {
    return {
      type: 'error',
      error: 'missingParameter',
      command: m[2] as 'image' | 'elements',
      parameter: m[1]!,
      message,
    };
  }
  m = UNREADABLE.exec(text);
  if (m !== null) {
    const command = m[1] === 'Image' ? 'image' : 'elements';
    return { type: 'error', error: 'fileUnreadable', command, file: m[2]!, message };
  }
  m = IMAGE_IMPORT.exec(text);
  if (m !== null) return { type: 'error', error: 'importFailed', command: 'image', file: m[1]!, message };
  m = ELEMENTS_IMPORT.exec(text);
  if (m !== null) {
    return {
      type: 'error',
      error: 'importFailed',
      command: 'elements',
      file: m[1]!,
      importMode: m[2]!,
      message,
    };
  }
  return { type: 'error', error: 'other', message };
}
