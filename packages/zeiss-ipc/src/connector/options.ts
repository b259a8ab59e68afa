import { z } from 'zod';
import { DIALECT_IDS, type ZeissDialectId } from '../codec/dialects.js';

/** The ZEISS IPC part of a gateway config file (plain JSON). */
export const ZeissIpcConnectorOptionsSchema = z.object({
  /** `ws://host:40010` for example/basics, `tcp://host:7000` for legacy-tcp. */
  url: z.string().min(1),
  dialect: z.enum(DIALECT_IDS as [ZeissDialectId, ...ZeissDialectId[]]).optional(),
  /** Per command (default 300 s: imports are slow). */
  commandTimeoutMs: z.number().int().positive().optional(),
  /** Name of the instrument on the bus (default `inspect`). */
  device: z.string().min(1).optional(),
  /** Send `focal_length` as a number instead of the reference's string. */
  focalLengthAs: z.enum(['string', 'number']).optional(),
  /** Extra replies that mean success (extended servers). */
  successTokens: z.array(z.string()).optional(),
});

export type ZeissIpcConnectorConfig = z.infer<typeof ZeissIpcConnectorOptionsSchema>;
