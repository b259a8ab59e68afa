import { BusEventSchema, DataEventSchema, ErrorInfoSchema } from '@labwire/core';
import { z } from 'zod';

const RequestIdSchema = z.union([z.string(), z.number().int()]);

/**
 * What the gateway sends, as zod schemas: the source of the published JSON Schema
 * (`labwire-gateway api-schema`, docs/gateway-api.schema.json). The sender builds these frames
 * directly for speed; tests check real frames against these schemas.
 */
export const ServerMessageSchema = z.union([
  z.object({
    type: z.literal('welcome'),
    protocol: z.literal('labwire.v1'),
    session: z.string(),
    role: z.enum(['read', 'write', 'admin']),
    principal: z.string(),
    limits: z.object({ maxMessageBytes: z.number().int(), queueSize: z.number().int() }),
  }),
  z.object({
    type: z.literal('reply'),
    id: RequestIdSchema,
    ok: z.literal(true),
    result: z.unknown().optional(),
  }),
  z.object({ type: z.literal('reply'), id: RequestIdSchema, ok: z.literal(false), error: ErrorInfoSchema }),
  z.object({ type: z.literal('events'), sub: z.number().int().positive(), events: z.array(BusEventSchema) }),
  z.object({
    type: z.literal('event'),
    sub: z.number().int().positive(),
    /** Header of a binary frame: the payload follows the JSON, never inside it. */
    event: DataEventSchema.omit({ payload: true }),
  }),
  z.object({
    type: z.literal('subscription-closed'),
    sub: z.number().int().positive(),
    error: ErrorInfoSchema.optional(),
  }),
  z.object({ type: z.literal('error'), error: ErrorInfoSchema }),
]);
