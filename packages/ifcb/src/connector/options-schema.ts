import { z } from 'zod';

const HUB_URL = /^(wss?|https?):\/\/[^/\s]+/i;

/** What a gateway config file holds for an IFCB connector (plain JSON). */
export const IfcbConnectorOptionsSchema = z.object({
  /** Hub URL, `ws://host:8092/ifcbHub` or `http://…` (ws is rewritten to http for @microsoft/signalr). */
  url: z
    .string()
    .min(1)
    .refine(
      (u) => HUB_URL.test(u),
      'a ws, wss, http or https hub URL such as ws://192.168.1.100:8092/ifcbHub',
    ),
  /** The instrument's serial number, e.g. `111-111-111`. */
  serial: z.string().min(1),
  /** Time a command waits for the hub's completion (default 30 s). */
  commandTimeoutMs: z.number().int().positive().optional(),
  /** Publish every relayed message as a `raw` event too (default false). */
  raw: z.boolean().optional(),
  /** Largest incoming WebSocket frame in bytes (default 16 MiB). */
  maxFrameBytes: z.number().int().positive().optional(),
});

export type IfcbConnectorConfig = z.infer<typeof IfcbConnectorOptionsSchema>;
