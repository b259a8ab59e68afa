import { z } from 'zod';

const BlobModeSchema = z.enum(['Never', 'Also', 'Only']);

/** The INDI connector's options as a gateway config file holds them (plain JSON). */
export const IndiConnectorOptionsSchema = z
  .object({
    /** indiserver host (default 127.0.0.1). */
    host: z.string().min(1).default('127.0.0.1'),
    /** indiserver port (default 7624). */
    port: z.number().int().positive().max(65535).default(7624),
    /** BLOB mode asked for every device (default `Also`: the gateway wants the images). */
    blobMode: BlobModeSchema.default('Also'),
    /** Only these devices (default: every device the server has). */
    devices: z.array(z.string().min(1)).optional(),
    /** Command timeout in ms, overriding the vector's own `timeout`. */
    commandTimeout: z.number().int().positive().optional(),
    /** Publish every decoded INDI message as a `raw` event. */
    raw: z.boolean().default(false),
    /** Write received BLOBs into this folder too. */
    blobFolder: z.string().min(1).optional(),
  })
  .strict();

/** Parsed options (defaults filled in). */
export type IndiConnectorConfig = z.output<typeof IndiConnectorOptionsSchema>;
/** Options as written in a config file (defaults optional). */
export type IndiConnectorConfigInput = z.input<typeof IndiConnectorOptionsSchema>;
