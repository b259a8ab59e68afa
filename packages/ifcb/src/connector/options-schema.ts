import { CommandRequestSchema, ErrorInfoSchema, MemberValueSchema } from '@labwire/core';

/**
 * What a gateway config file holds for an IFCB connector (plain JSON). The package has no direct
 * zod dependency, so the schema is derived from @labwire/core's zod schemas (same zod instance
 * as the rest of the model, so `z.toJSONSchema` and composition work on it).
 */
const nonEmptyText = ErrorInfoSchema.shape.code;
const positiveInt = CommandRequestSchema.shape.timeoutMs;
const flag = MemberValueSchema.options[2].optional();

const HUB_URL = /^(wss?|https?):\/\/[^/\s]+/i;

export const IfcbConnectorOptionsSchema = CommandRequestSchema.pick({}).extend({
  /** Hub URL, `ws://host:8092/ifcbHub` or `http://…` (ws is rewritten to http for @microsoft/signalr). */
  url: nonEmptyText.refine(
    (u) => HUB_URL.test(u),
    'a ws, wss, http or https hub URL such as ws://192.168.1.100:8092/ifcbHub',
  ),
  /** The instrument's serial number, e.g. `111-111-111`. */
  serial: nonEmptyText,
  /** Time a command waits for the hub's completion (default 30 s). */
  commandTimeoutMs: positiveInt,
  /** Publish every relayed message as a `raw` event too (default false). */
  raw: flag,
  /** Largest incoming WebSocket frame in bytes (default 16 MiB). */
  maxFrameBytes: positiveInt,
});

export type IfcbConnectorConfig = ReturnType<typeof IfcbConnectorOptionsSchema.parse>;
