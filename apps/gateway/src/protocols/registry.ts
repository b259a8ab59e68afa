import { type BaseConnectorOptions, type Connector, LabwireError } from '@labwire/core';
import type { z } from 'zod';

/** Error code for a protocol whose package is missing or does not export the connector contract yet. */
export const PROTOCOL_UNAVAILABLE = 'GATEWAY_PROTOCOL_UNAVAILABLE';

/** What each protocol package exports from its main entry (the contract with the protocol packages). */
export const BUILTIN_PROTOCOLS = {
  indi: { module: '@labwire/indi', connector: 'IndiConnector', schema: 'IndiConnectorOptionsSchema' },
  pymodaq: {
    module: '@labwire/pymodaq',
    connector: 'PymodaqConnector',
    schema: 'PymodaqConnectorOptionsSchema',
  },
  imb: { module: '@labwire/imb', connector: 'ImbConnector', schema: 'ImbConnectorOptionsSchema' },
  ifcb: { module: '@labwire/ifcb', connector: 'IfcbConnector', schema: 'IfcbConnectorOptionsSchema' },
  'zeiss-ipc': {
    module: '@labwire/zeiss-ipc',
    connector: 'ZeissIpcConnector',
    schema: 'ZeissIpcConnectorOptionsSchema',
  },
} as const;

export type BuiltinProtocol = keyof typeof BUILTIN_PROTOCOLS;

export interface DemoSimulator {
  connectorOptions: Record<string, unknown>;
  close(): Promise<void> | void;
}

export type ConnectorClass = new (options: BaseConnectorOptions & Record<string, unknown>) => Connector;

/** A protocol as the gateway uses it, resolved from its package at runtime. */
export interface ProtocolEntry {
  name: string;
  Connector: ConnectorClass;
  optionsSchema: z.ZodType;
  startDemoSimulator: (() => Promise<DemoSimulator>) | undefined;
  /** The whole module, for bridges that need more (pymodaq's TcpClient). */
  exports: Record<string, unknown>;
}

type Importer = (specifier: string) => Promise<Record<string, unknown>>;

function isZodSchema(value: unknown): value is z.ZodType {
  return typeof value === 'object' && value !== null && typeof (value as z.ZodType).safeParse === 'function';
}

/**
 * Loads protocol packages lazily with a dynamic import and checks their exports, so the gateway
 * builds and runs before every protocol has landed and picks each one up once it does.
 */
export class ProtocolRegistry {
  private readonly cache = new Map<string, Promise<ProtocolEntry>>();
  private readonly extra = new Map<string, ProtocolEntry>();

  constructor(private readonly importer: Importer = (s) => import(s) as Promise<Record<string, unknown>>) {}

  /** Adds a protocol that is not built in (third-party connectors, tests). */
  register(entry: ProtocolEntry): void {
    this.extra.set(entry.name, entry);
  }

  get names(): string[] {
    return [...Object.keys(BUILTIN_PROTOCOLS), ...this.extra.keys()];
  }

  /** Resolves the protocol or rejects with PROTOCOL_UNAVAILABLE saying what is missing. */
  load(name: string): Promise<ProtocolEntry> {
    const registered = this.extra.get(name);
    if (registered !== undefined) return Promise.resolve(registered);
    let entry = this.cache.get(name);
    if (entry === undefined) {
      entry = this.resolve(name);
      // A failure is not cached: the package may land while the gateway runs (hot reload).
      entry.catch(() => this.cache.delete(name));
      this.cache.set(name, entry);
    }
    return entry;
  }

  /** Every protocol that resolves now, and why the others do not. */
  async available(): Promise<{
    loaded: ProtocolEntry[];
    missing: Array<{ name: string; error: LabwireError }>;
  }> {
    const loaded: ProtocolEntry[] = [];
    const missing: Array<{ name: string; error: LabwireError }> = [];
    for (const name of this.names) {
      try {
        loaded.push(await this.load(name));
      } catch (err) {
        missing.push({ name, error: err as LabwireError });
      }
    }
    return { loaded, missing };
  }

  private async resolve(name: string): Promise<ProtocolEntry> {
    const spec = (BUILTIN_PROTOCOLS as Record<string, (typeof BUILTIN_PROTOCOLS)[BuiltinProtocol]>)[name];
    if (spec === undefined) {
      throw new LabwireError(
        PROTOCOL_UNAVAILABLE,
        `unknown protocol "${name}": expected one of ${Object.keys(BUILTIN_PROTOCOLS).join(', ')}`,
      );
    }
    let exports: Record<string, unknown>;
    try {
      exports = await this.importer(spec.module);
    } catch (err) {
      throw new LabwireError(
        PROTOCOL_UNAVAILABLE,
        `protocol "${name}": cannot load ${spec.module}: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
    const Connector = exports[spec.connector];
    const schema = exports[spec.schema];
    const missing: string[] = [
      typeof Connector === 'function' ? undefined : spec.connector,
      isZodSchema(schema) ? undefined : spec.schema,
    ].filter((m) => m !== undefined) as string[];
    if (missing.length > 0) {
      throw new LabwireError(
        PROTOCOL_UNAVAILABLE,
        `protocol "${name}" is not available yet: ${spec.module} does not export ${missing.join(' and ')}`,
        { details: { module: spec.module, missing } },
      );
    }
    const demo = exports.startDemoSimulator;
    return {
      name,
      Connector: Connector as ConnectorClass,
      optionsSchema: schema as z.ZodType,
      startDemoSimulator: typeof demo === 'function' ? (demo as () => Promise<DemoSimulator>) : undefined,
      exports,
    };
  }
}

export function isProtocolUnavailable(err: unknown): err is LabwireError {
  return err instanceof LabwireError && err.code === PROTOCOL_UNAVAILABLE;
}
