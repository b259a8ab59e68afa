import { z } from 'zod';

/** The port the gateway listens on when the config does not say. */
export const DEFAULT_PORT = 8420;
/** Loopback unless configured: a lab gateway is not exposed by accident. */
export const DEFAULT_HOST = '127.0.0.1';
/** Largest inbound WebSocket message and HTTP body. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
/** Per-subscription queue bound (events) and the largest a client may ask for. */
export const DEFAULT_QUEUE_SIZE = 10_000;
export const MAX_QUEUE_SIZE = 100_000;
/** Commands per token: a bucket of `burst` refilled at `perSecond`. */
export const DEFAULT_COMMAND_RATE = { perSecond: 50, burst: 100 } as const;

const pattern = z
  .string()
  .min(1)
  .refine(
    (p) =>
      p
        .split('/')
        .every((s, i, all) =>
          s.includes('#') ? s === '#' && i === all.length - 1 : !s.includes('+') || s === '+',
        ),
    {
      message: "a topic pattern: '+' fills a whole segment and '#' may only be the last segment",
    },
  );

export const TopicPatternSchema = pattern;

export const RoleSchema = z.enum(['read', 'write', 'admin']);

export const TokenSchema = z
  .object({
    /** Shown in logs and metrics instead of the secret. */
    name: z.string().min(1),
    /** The secret; write `${ENV_NAME}` to take it from the environment. */
    token: z
      .string()
      .min(16, 'tokens must be at least 16 characters')
      .regex(/^[A-Za-z0-9._~-]+$/, {
        message: 'tokens may use letters, digits and . _ ~ - (they travel in a WebSocket subprotocol)',
      }),
    role: RoleSchema,
    /** Topics this token may see and command; default everything. */
    allow: z.array(pattern).default(['#']),
    /** Topics this token may not see or command, whatever `allow` says. */
    deny: z.array(pattern).default([]),
  })
  .strict();

export const ReconnectConfigSchema = z
  .object({
    initialDelayMs: z.number().int().positive().optional(),
    factor: z.number().min(1).optional(),
    jitter: z.number().min(0).max(1).optional(),
    maxDelayMs: z.number().int().positive().optional(),
    maxAttempts: z.number().int().positive().optional(),
    resetAfterMs: z.number().int().positive().optional(),
  })
  .strict();

export const ConnectorConfigSchema = z
  .object({
    protocol: z.string().min(1),
    enabled: z.boolean().default(true),
    reconnect: z.union([ReconnectConfigSchema, z.literal(false)]).optional(),
    commandTimeoutMs: z.number().int().positive().optional(),
    /** Protocol options, checked by the protocol package's own schema. */
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

/**
 * A value in a bridge mapping: a constant, `"$path.to.field"` of the event, a scaled number
 * `{ $from, scale, offset, round }`, a string `{ $text: "x={path}" }`, or `{ $json: mapping }`.
 */
export const MappingValueSchema: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.object({ $text: z.string() }).strict(),
    z.object({ $json: MappingValueSchema }).strict(),
    z
      .object({
        $from: z.string().min(1),
        scale: z.number().optional(),
        offset: z.number().optional(),
        round: z.boolean().optional(),
      })
      .strict(),
    z.array(MappingValueSchema),
    z.record(z.string(), MappingValueSchema),
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
  ]),
);

export const RouteBridgeSchema = z
  .object({
    name: z.string().min(1),
    kind: z.literal('route').default('route'),
    from: z
      .object({
        /** Absolute topic pattern, e.g. `pymodaq/Mover/+/position`. */
        topic: pattern,
        kinds: z
          .array(z.enum(['property', 'data', 'message', 'device', 'connection', 'command', 'raw']))
          .default(['property']),
        /** Only events whose fields equal these values (dot paths allowed). */
        where: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
      })
      .strict(),
    to: z
      .object({
        connector: z.string().min(1),
        /** Target within the connector; `{device}`, `{property}` (any event path in braces) are filled in. */
        target: z.string().min(1),
        action: z.enum(['set', 'invoke', 'raw']).default('set'),
        args: MappingValueSchema.optional(),
        timeoutMs: z.number().int().positive().optional(),
      })
      .strict(),
    /** Drop an event while the previous command of this route is still running. */
    skipWhileBusy: z.boolean().default(false),
  })
  .strict();

/** Serves `data` events of a camera to PyMoDAQ as a GRABBER (the pymodaq instrument role). */
export const GrabberBridgeSchema = z
  .object({
    name: z.string().min(1),
    kind: z.literal('pymodaq-grabber'),
    /** Topic pattern of the `data` events to serve, e.g. `indi/CCD Simulator/CCD1`. */
    source: pattern,
    /** The PyMoDAQ TCPServer to connect to (the dashboard's TCP/IP detector plugin). */
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(1).max(65535),
    /** Options handed to the pymodaq package's TcpClient. */
    options: z.record(z.string(), z.unknown()).default({}),
    /** Optional command that triggers an exposure before a grab waits for the next frame. */
    trigger: z
      .object({
        connector: z.string().min(1),
        target: z.string().min(1),
        action: z.enum(['set', 'invoke', 'raw']).default('set'),
        args: z.unknown().optional(),
      })
      .strict()
      .optional(),
    grabTimeoutMs: z.number().int().positive().default(30_000),
  })
  .strict();

export const BridgeSchema = z.union([GrabberBridgeSchema, RouteBridgeSchema]);

export const ServerConfigSchema = z
  .object({
    host: z.string().min(1).default(DEFAULT_HOST),
    port: z.number().int().min(0).max(65535).default(DEFAULT_PORT),
    tls: z
      .object({ cert: z.string().min(1), key: z.string().min(1), ca: z.string().min(1).optional() })
      .strict()
      .optional(),
    maxMessageBytes: z.number().int().positive().default(DEFAULT_MAX_MESSAGE_BYTES),
    queueSize: z.number().int().positive().max(MAX_QUEUE_SIZE).default(DEFAULT_QUEUE_SIZE),
    overflow: z.enum(['drop-oldest', 'disconnect']).default('drop-oldest'),
    commandRate: z
      .object({ perSecond: z.number().positive(), burst: z.number().int().positive() })
      .strict()
      .default({ ...DEFAULT_COMMAND_RATE }),
    /** Require a read token for `/metrics` (off: scrapers usually have none). */
    metricsAuth: z.boolean().default(false),
  })
  .strict();

export const GatewayConfigSchema = z
  .object({
    server: ServerConfigSchema.default(ServerConfigSchema.parse({})),
    auth: z
      .object({
        tokens: z.array(TokenSchema).default([]),
        /** Without tokens: let anyone on loopback in as admin (the default for 127.0.0.1 only). */
        anonymous: RoleSchema.or(z.literal(false)).optional(),
      })
      .strict()
      .default({ tokens: [] }),
    connectors: z
      .record(
        z
          .string()
          .min(1)
          .regex(/^[^/+#%]+$/, 'connector ids may not contain / + # or %'),
        ConnectorConfigSchema,
      )
      .default({}),
    bridges: z.array(BridgeSchema).default([]),
    logging: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      })
      .strict()
      .default({ level: 'info' }),
  })
  .strict();

export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
export type ConnectorConfig = z.infer<typeof ConnectorConfigSchema>;
export type TokenConfig = z.infer<typeof TokenSchema>;
export type BridgeConfig = z.infer<typeof BridgeSchema>;
export type RouteBridgeConfig = z.infer<typeof RouteBridgeSchema>;
export type GrabberBridgeConfig = z.infer<typeof GrabberBridgeSchema>;
export type ServerConfig = z.infer<typeof ServerConfigSchema>;
export type Role = z.infer<typeof RoleSchema>;
