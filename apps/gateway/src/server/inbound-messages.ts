import type { ClientMessage } from '@labwire/client';
import { CommandActionSchema } from '@labwire/core';
import { z } from 'zod';
import { TopicPatternSchema } from '../config/schema.js';

/** Patterns one subscribe may carry, and the longest pattern: inbound input is bounded. */
export const MAX_PATTERNS_PER_SUBSCRIBE = 64;
export const MAX_PATTERN_LENGTH = 1024;

const RequestIdSchema = z.union([z.string().min(1).max(128), z.number().int().nonnegative()]);
const EventKindSchema = z.enum(['connection', 'device', 'property', 'message', 'data', 'command', 'raw']);
const ConnectorIdSchema = z.string().min(1).max(256);

/** Every message a client may send on the WebSocket, validated before anything acts on it. */
export const ClientMessageSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('subscribe'),
      id: RequestIdSchema,
      patterns: z
        .array(TopicPatternSchema.and(z.string().max(MAX_PATTERN_LENGTH)))
        .min(1)
        .max(MAX_PATTERNS_PER_SUBSCRIBE),
      kinds: z.array(EventKindSchema).min(1).optional(),
      queueSize: z.number().int().positive().optional(),
      overflow: z.enum(['drop-oldest', 'disconnect']).optional(),
    })
    .strict(),
  z
    .object({
      type: z.literal('unsubscribe'),
      id: RequestIdSchema,
      subscription: z.number().int().positive(),
    })
    .strict(),
  z
    .object({
      type: z.literal('command'),
      id: RequestIdSchema,
      connector: ConnectorIdSchema,
      target: z.string().max(MAX_PATTERN_LENGTH),
      action: CommandActionSchema,
      args: z.unknown().optional(),
      timeoutMs: z.number().int().positive().max(3_600_000).optional(),
      commandId: z.string().min(1).max(128).optional(),
    })
    .strict(),
  z.object({ type: z.literal('browse'), id: RequestIdSchema, connector: ConnectorIdSchema }).strict(),
  z.object({ type: z.literal('connectors'), id: RequestIdSchema }).strict(),
  z.object({ type: z.literal('ping'), id: RequestIdSchema }).strict(),
]);

/** The HTTP command body: the WebSocket command without the envelope fields. */
export const HttpCommandSchema = z
  .object({
    target: z.string().max(MAX_PATTERN_LENGTH),
    action: CommandActionSchema,
    args: z.unknown().optional(),
    timeoutMs: z.number().int().positive().max(3_600_000).optional(),
    id: z.string().min(1).max(128).optional(),
  })
  .strict();

// The client package declares the wire types; this keeps the two from drifting apart.
type Parsed = z.infer<typeof ClientMessageSchema>;
type AssertAssignable<T extends U, U> = T;
export type ParsedIsClientMessage = AssertAssignable<Parsed, ClientMessage>;

/** Pulls a usable request id out of a message that failed validation, to correlate the error. */
export function salvageRequestId(value: unknown): string | number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as { id?: unknown }).id;
  const ok = RequestIdSchema.safeParse(id);
  return ok.success ? ok.data : undefined;
}
