import type { Bus, BusHandler, SubscribeOptions, Subscription } from '../bus/bus.js';
import type {
  CommandAction,
  CommandRequest,
  ConnectionState,
  Member,
  Permission,
  PropertyState,
  PropertyType,
} from '../model/events.js';

/**
 * What a connector can do, so the gateway and the contract suite know what to expect of it
 * (like unstorage's driver flags).
 */
export interface ConnectorCapabilities {
  /** `browse()` lists devices and properties. */
  browse: boolean;
  /** Property values arrive as `property` events (not only on request). */
  liveUpdates: boolean;
  /** Command actions the connector accepts. */
  actions: readonly CommandAction[];
  /** Publishes `data` events with byte payloads. */
  data: boolean;
  /** Can publish `raw` protocol messages (opt-in). */
  raw: boolean;
  /** Reconnects by itself after the peer drops. */
  reconnect: boolean;
  /**
   * What a reconnect guarantees: `state` — the model is rebuilt from the peer (events while
   * disconnected are lost, the protocol has no replay); `none` — nothing is rebuilt.
   */
  resume: 'state' | 'none';
}

export interface PropertyInfo {
  name: string;
  type: PropertyType;
  state?: PropertyState;
  permission?: Permission;
  label?: string;
  group?: string;
  timeout?: number;
  rule?: string;
  members: Member[];
}

export interface DeviceInfo {
  name: string;
  metadata?: Record<string, unknown>;
  properties: PropertyInfo[];
}

export interface CommandResult {
  id: string;
  /** What the instrument answered, in the protocol's terms. */
  result?: unknown;
}

export interface ConnectorCounters {
  events: number;
  reconnects: number;
  commands: number;
  commandsFailed: number;
  errors: number;
}

/** One instrument endpoint on the bus. The gateway and the conformance suite talk only to this. */
export interface Connector {
  readonly id: string;
  readonly protocol: string;
  readonly capabilities: ConnectorCapabilities;
  readonly state: ConnectionState | 'idle' | 'stopped';
  readonly bus: Bus;
  readonly counters: Readonly<ConnectorCounters>;
  /** Connects; resolves on the first `connected`, then keeps the connection up until `stop`. */
  start(signal?: AbortSignal): Promise<void>;
  /** Disconnects and releases every socket and timer. Pending commands end `failed`. */
  stop(): Promise<void>;
  browse(): Promise<DeviceInfo[]>;
  /** Patterns are relative to this connector: `+/+` is every property of every device. */
  subscribe(
    patterns: string | readonly string[],
    handler: BusHandler,
    options?: SubscribeOptions,
  ): Subscription;
  /** Resolves when the instrument acknowledges; rejects with a coded LabwireError. */
  command(request: CommandRequest, signal?: AbortSignal): Promise<CommandResult>;
}
