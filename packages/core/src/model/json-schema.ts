import { z } from 'zod';
import { BusEventSchema, CommandRequestSchema } from './events.js';

/**
 * JSON Schema for the event model and command requests, generated from the zod schemas so the
 * two never drift. The `payload` attachment has no JSON form and is rendered as `{}`.
 */
export function eventJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(BusEventSchema, { unrepresentable: 'any', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}

export function commandJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(CommandRequestSchema, { unrepresentable: 'any', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
}
