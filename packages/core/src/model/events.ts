import { z } from 'zod';

/**
 * The normalized event model (shared/DESIGN.md). Every protocol maps onto these kinds; the
 * gateway validates what crosses its API with these schemas. Byte payloads of `data` events
 * travel as an attachment (`payload`), never as base64 inside JSON on hot paths.
 */

export const ProtocolSchema = z.enum(['indi', 'imb', 'ifcb', 'zeiss-ipc', 'pymodaq']).or(z.string().min(1));
export const ConnectionStateSchema = z.enum(['connecting', 'connected', 'disconnected', 'failed']);
export const PropertyTypeSchema = z.enum(['number', 'text', 'switch', 'light', 'blob', 'json', 'bytes']);
export const PropertyStateSchema = z.enum(['idle', 'ok', 'busy', 'alert']);
export const PermissionSchema = z.enum(['ro', 'wo', 'rw']);
export const SeveritySchema = z.enum(['debug', 'info', 'warning', 'error']);
export const CommandActionSchema = z.enum(['set', 'invoke', 'raw']);
export const CommandStatusSchema = z.enum(['accepted', 'progress', 'done', 'failed']);

export const ErrorInfoSchema = z.object({
  code: z.string().min(1),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});

/** A member's value: numbers, text, switch/light states as text, JSON-able values. */
export const MemberValueSchema = z.union([
  z.number(),
  z.string(),
  z.boolean(),
  z.null(),
  z.array(z.unknown()),
  z.record(z.string(), z.unknown()),
]);

export const MemberSchema = z.object({
  name: z.string().min(1),
  value: MemberValueSchema.optional(),
  label: z.string().optional(),
  unit: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  format: z.string().optional(),
});

const base = {
  /** Monotonic per bus (per gateway). */
  seq: z.number().int().nonnegative(),
  /** Receive time at the bus, ms since the epoch. */
  time: z.number(),
  /** Time the instrument gave, ms since the epoch, when the protocol carries one. */
  sourceTime: z.number().optional(),
  connector: z.string().min(1),
  protocol: ProtocolSchema,
  topic: z.string(),
};

export const ConnectionEventSchema = z.object({
  ...base,
  kind: z.literal('connection'),
  state: ConnectionStateSchema,
  attempt: z.number().int().nonnegative(),
  error: ErrorInfoSchema.optional(),
});

export const DeviceEventSchema = z.object({
  ...base,
  kind: z.literal('device'),
  device: z.string().min(1),
  change: z.enum(['added', 'removed']),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const PropertyEventSchema = z.object({
  ...base,
  kind: z.literal('property'),
  device: z.string().min(1),
  property: z.string().min(1),
  change: z.enum(['defined', 'updated', 'deleted']),
  type: PropertyTypeSchema,
  state: PropertyStateSchema.optional(),
  permission: PermissionSchema.optional(),
  label: z.string().optional(),
  group: z.string().optional(),
  /** Seconds the instrument says a change may take. */
  timeout: z.number().optional(),
  /** Switch rule (INDI OneOfMany, AtMostOne, AnyOfMany). */
  rule: z.string().optional(),
  members: z.array(MemberSchema),
  message: z.string().optional(),
});

export const MessageEventSchema = z.object({
  ...base,
  kind: z.literal('message'),
  device: z.string().optional(),
  text: z.string(),
  severity: SeveritySchema,
  /** Set on errors the connector reports (a LabwireError code such as MALFORMED). */
  code: z.string().optional(),
});

export const AxisSchema = z.object({
  label: z.string().optional(),
  unit: z.string().optional(),
  /** Index of the array dimension this axis describes. */
  index: z.number().int().nonnegative().optional(),
  values: z.array(z.number()).optional(),
});

export const PayloadSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, {
  message: 'expected bytes',
});

export const DataEventSchema = z.object({
  ...base,
  kind: z.literal('data'),
  device: z.string().min(1),
  property: z.string().optional(),
  /** numpy-style dtype string (`<u2`, `>f8`, `|u1`), or `bytes` for an opaque payload. */
  dtype: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  /** File-like payloads: `.fits`, `.png`, `image/png`. */
  format: z.string().optional(),
  unit: z.string().optional(),
  axes: z.array(AxisSchema).optional(),
  byteLength: z.number().int().nonnegative(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  /** The bytes; absent in JSON renderings, where they travel as a binary attachment. */
  payload: PayloadSchema.optional(),
});

export const CommandEventSchema = z.object({
  ...base,
  kind: z.literal('command'),
  id: z.string().min(1),
  status: CommandStatusSchema,
  target: z.string(),
  action: CommandActionSchema,
  result: z.unknown().optional(),
  error: ErrorInfoSchema.optional(),
});

export const RawEventSchema = z.object({
  ...base,
  kind: z.literal('raw'),
  device: z.string().optional(),
  message: z.unknown(),
});

export const BusEventSchema = z.discriminatedUnion('kind', [
  ConnectionEventSchema,
  DeviceEventSchema,
  PropertyEventSchema,
  MessageEventSchema,
  DataEventSchema,
  CommandEventSchema,
  RawEventSchema,
]);

export const CommandRequestSchema = z.object({
  /** Correlation id; the connector makes one when absent. */
  id: z.string().min(1).optional(),
  /** Address `device/property[/member]` within the connector (encoded segments). */
  target: z.string(),
  action: CommandActionSchema,
  args: z.unknown().optional(),
  /** Overrides the connector's default timeout. */
  timeoutMs: z.number().int().positive().optional(),
});

export type ProtocolName = z.infer<typeof ProtocolSchema>;
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;
export type PropertyType = z.infer<typeof PropertyTypeSchema>;
export type PropertyState = z.infer<typeof PropertyStateSchema>;
export type Permission = z.infer<typeof PermissionSchema>;
export type Severity = z.infer<typeof SeveritySchema>;
export type CommandAction = z.infer<typeof CommandActionSchema>;
export type CommandStatus = z.infer<typeof CommandStatusSchema>;
export type ErrorInfo = z.infer<typeof ErrorInfoSchema>;
export type Member = z.infer<typeof MemberSchema>;
export type MemberValue = z.infer<typeof MemberValueSchema>;
export type Axis = z.infer<typeof AxisSchema>;
export type ConnectionEvent = z.infer<typeof ConnectionEventSchema>;
export type DeviceEvent = z.infer<typeof DeviceEventSchema>;
export type PropertyEvent = z.infer<typeof PropertyEventSchema>;
export type MessageEvent = z.infer<typeof MessageEventSchema>;
export type DataEvent = z.infer<typeof DataEventSchema>;
export type CommandEvent = z.infer<typeof CommandEventSchema>;
export type RawEvent = z.infer<typeof RawEventSchema>;
export type BusEvent = z.infer<typeof BusEventSchema>;
export type EventKind = BusEvent['kind'];
export type CommandRequest = z.infer<typeof CommandRequestSchema>;

type Envelope = 'seq' | 'time' | 'topic';
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What a connector publishes: the bus adds `seq`, `time` and (when absent) `topic`. */
export type BusEventInput = DistributiveOmit<BusEvent, Envelope> & { topic?: string };

/** What a connector hands to its base class: the base adds `connector` and `protocol`. */
export type ConnectorEventInput = DistributiveOmit<BusEventInput, 'connector' | 'protocol'>;
