import { ErrorInfoSchema, MemberSchema } from '@labwire/core';

// This package has no direct zod dependency (see the report): the schema is built from zod
// schemas @labwire/core exports, whose methods give every builder needed here.
const zString = ErrorInfoSchema.shape.message;
const zNumber = MemberSchema.shape.min.unwrap();
const zObject = ErrorInfoSchema.pick({});

export const ImbConnectorOptionsSchema = zObject.extend({
  host: zString.min(1).default('127.0.0.1'),
  port: zNumber.int().min(1).max(65535).default(4000),
  federation: zString.min(1),
  ownerId: zNumber.int().min(-2147483648).max(2147483647).default(0),
  ownerName: zString.default('labwire'),
  subscribe: zString.min(1).array().default([]),
  publish: zString.min(1).array().default([]),
});

/** The options as a gateway config file holds them (defaults applied). */
export type ImbConnectorOptions = ReturnType<typeof ImbConnectorOptionsSchema.parse>;
/** The options before defaults (what a config may leave out). */
export type ImbConnectorOptionsInput = (typeof ImbConnectorOptionsSchema)['_zod']['input'];
