import { CommandRequestSchema, ErrorInfoSchema, MemberValueSchema } from '@labwire/core';

/*
 * zod is not a dependency of this package (only of @labwire/core), so the schema is built from
 * core's exported zod schemas: the same zod instance the gateway uses, and fully typed.
 */
const text = ErrorInfoSchema.shape.message;
const positiveInt = CommandRequestSchema.shape.timeoutMs.unwrap();
const boolean = MemberValueSchema.options[2];
const empty = ErrorInfoSchema.omit({ code: true, message: true, details: true });
const BlobModeSchema = empty.extend({ Never: text, Also: text, Only: text }).keyof();

/** The INDI connector's options as a gateway config file holds them (plain JSON). */
export const IndiConnectorOptionsSchema = empty
  .extend({
    /** indiserver host (default 127.0.0.1). */
    host: text.min(1).default('127.0.0.1'),
    /** indiserver port (default 7624). */
    port: positiveInt.max(65535).default(7624),
    /** BLOB mode asked for every device (default `Also`: the gateway wants the images). */
    blobMode: BlobModeSchema.default('Also'),
    /** Only these devices (default: every device the server has). */
    devices: text.min(1).array().optional(),
    /** Command timeout in ms, overriding the vector's own `timeout`. */
    commandTimeout: positiveInt.optional(),
    /** Publish every decoded INDI message as a `raw` event. */
    raw: boolean.default(false),
    /** Write received BLOBs into this folder too. */
    blobFolder: text.min(1).optional(),
  })
  .strict();

/** Parsed options (defaults filled in). */
export type IndiConnectorConfig = (typeof IndiConnectorOptionsSchema)['_output'];
/** Options as written in a config file (defaults optional). */
export type IndiConnectorConfigInput = (typeof IndiConnectorOptionsSchema)['_input'];
