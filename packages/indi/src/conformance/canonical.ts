import { createHash } from 'node:crypto';
import type { IndiBlobMember, IndiMessage } from '../codec/messages.js';

/**
 * The conformance README's canonical JSON of a decoded message: the same fields, with a BLOB
 * member's content replaced by its length and SHA-256 (the bytes are not part of the form).
 */
export function canonicalMessage(message: IndiMessage | { type: 'error' }): Record<string, unknown> {
  if (!('members' in message)) return { ...message };
  const out: Record<string, unknown> = { ...message };
  out.members = message.members.map((member) => {
    if (!('data' in member) && !('wireByteLength' in member)) return { ...member };
    const { data, ...rest } = member as IndiBlobMember;
    const bytes = data ?? new Uint8Array(0);
    return {
      ...rest,
      byteLength: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
  });
  return out;
}
