import type { HubRecord } from './records.js';

/**
 * The validity rules of `@microsoft/signalr@10.0.11`'s JSON hub protocol, which the project
 * follows (shared/protocols/ifcb.md 5.3). Returns the record, `'ignore'` for a type number the
 * protocol does not define (dropped for forward compatibility), or a reason text when invalid.
 */
export function validateRecord(value: unknown, side: 'client' | 'hub'): HubRecord | 'ignore' | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return 'a record must be a JSON object';
  const r = value as Record<string, unknown>;
  if (typeof r.type !== 'number') return 'a record needs a numeric type';
  const nonEmpty = (v: unknown) => typeof v === 'string' && v !== '';
  switch (r.type) {
    case 1:
      if (!nonEmpty(r.target)) return 'an invocation needs a non-empty string target';
      if (r.invocationId !== undefined && !nonEmpty(r.invocationId))
        return 'an invocationId must be a non-empty string';
      return r as HubRecord;
    case 2:
      if (!nonEmpty(r.invocationId)) return 'a stream item needs a non-empty invocationId';
      if (!('item' in r)) return 'a stream item needs an item';
      return r as HubRecord;
    case 3:
      if (!nonEmpty(r.invocationId)) return 'a completion needs a non-empty invocationId';
      if (r.result && r.error) return 'a completion cannot have both result and error';
      if (r.error && !r.result && !nonEmpty(r.error)) return 'a completion error must be a string';
      return r as HubRecord;
    case 4:
    case 5:
      // Only a hub receives these (a stream invocation is refused with an error completion).
      if (side === 'client') return 'ignore';
      if (!nonEmpty(r.invocationId)) return 'this record needs a non-empty invocationId';
      if (r.type === 4 && !nonEmpty(r.target)) return 'a stream invocation needs a non-empty string target';
      return r as HubRecord;
    case 6:
    case 7:
      return r as HubRecord;
    case 8:
    case 9:
      if (typeof r.sequenceId !== 'number') return 'ack and sequence records need a numeric sequenceId';
      return r as HubRecord;
    default:
      return 'ignore';
  }
}
