import type { z as Zod } from 'zod';
import { DIALECTS } from '../codec/dialect.js';
import { z } from 'zod';

/**
 * What a gateway config holds for a PyMoDAQ connector. The connector is the PyMoDAQ *server*:
 * it listens, and remote instruments (PyMoDAQ modules with "connect to TCP server", LabVIEW
 * programs, labwire TcpClients) connect to it and become devices.
 */
export const PymodaqConnectorOptionsSchema = z.object({
  /** Where to listen (PyMoDAQ's default port is 6341). */
  listen: z
    .object({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(6341),
    })
    .default({ host: '127.0.0.1', port: 6341 }),
  /** Dialect of clients that do not identify as v5 (the PyMoDAQ version they run). */
  dialect: z.enum(DIALECTS).default('v4'),
  /** Recognise v5 clients from their first message. */
  recogniseV5: z.boolean().default(true),
  /**
   * Device names for expected clients, given to the next client of that type to connect;
   * others are named `grabber-<n>` / `actuator-<n>`.
   */
  clients: z.array(z.object({ name: z.string().min(1), type: z.enum(['GRABBER', 'ACTUATOR']) })).default([]),
  /** PyMoDAQ instruments never push: poll them so the bus sees live data (0 = only on command). */
  poll: z
    .object({
      grabIntervalMs: z.number().int().nonnegative().default(0),
      grabDim: z.enum(['0D', '1D', '2D', 'ND']).default('2D'),
      positionIntervalMs: z.number().int().nonnegative().default(0),
    })
    .default({ grabIntervalMs: 0, grabDim: '2D', positionIntervalMs: 0 }),
  /** Largest accepted message (default 256 MiB). */
  maxMessageBytes: z.number().int().positive().optional(),
  /** A client must identify within this time (default 10 s). */
  identifyTimeoutMs: z.number().int().positive().optional(),
  /** A request's reply timeout (default 60 s). */
  requestTimeoutMs: z.number().int().positive().optional(),
  /** Publish every protocol message as a `raw` event. */
  raw: z.boolean().default(false),
});

export type PymodaqConnectorConfig = Zod.infer<typeof PymodaqConnectorOptionsSchema>;
/** The options as written (defaults not yet applied). */
export type PymodaqConnectorOptionsInput = Zod.input<typeof PymodaqConnectorOptionsSchema>;
