import { z } from 'zod';

export const ImbConnectorOptionsSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(1).max(65535).default(4000),
  federation: z.string().min(1),
  ownerId: z.number().int().min(-2147483648).max(2147483647).default(0),
  ownerName: z.string().default('labwire'),
  subscribe: z.array(z.string().min(1)).default([]),
  publish: z.array(z.string().min(1)).default([]),
});

/** The options as a gateway config file holds them (defaults applied). */
export type ImbConnectorOptions = z.output<typeof ImbConnectorOptionsSchema>;
/** The options before defaults (what a config may leave out). */
export type ImbConnectorOptionsInput = z.input<typeof ImbConnectorOptionsSchema>;
