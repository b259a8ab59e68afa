/**
 * The shapes that cross the gateway's northbound WebSocket API (docs/gateway-api.md).
 * The client has no runtime dependency on @labwire/core, so the event model is restated
 * here structurally; the gateway type-checks its own schemas against these declarations.
 */

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'failed';
export type PropertyType = 'number' | 'text' | 'switch' | 'light' | 'blob' | 'json' | 'bytes';
export type PropertyState = 'idle' | 'ok' | 'busy' | 'alert';
export type Permission = 'ro' | 'wo' | 'rw';
export type Severity = 'debug' | 'info' | 'warning' | 'error';
export type CommandAction = 'set' | 'invoke' | 'raw';
export type CommandStatus = 'accepted' | 'progress' | 'done' | 'failed';
export type EventKind = 'connection' | 'device' | 'property' | 'message' | 'data' | 'command' | 'raw';
export type Role = 'read' | 'write' | 'admin';
export type OverflowPolicy = 'drop-oldest' | 'disconnect';

export interface ErrorInfo {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export interface Member {
  name: string;
  value?: unknown;
  label?: string;
  unit?: string;
  min?: number;
  max?: number;
  step?: number;
  format?: string;
}

interface EventBase {
  seq: number;
  time: number;
  sourceTime?: number;
  connector: string;
  protocol: string;
  topic: string;
}

export interface ConnectionEvent extends EventBase {
  kind: 'connection';
  state: ConnectionState;
  attempt: number;
  error?: ErrorInfo;
}

export interface DeviceEvent extends EventBase {
  kind: 'device';
  device: string;
  change: 'added' | 'removed';
  metadata?: Record<string, unknown>;
}

export interface PropertyEvent extends EventBase {
  kind: 'property';
  device: string;
  property: string;
  change: 'defined' | 'updated' | 'deleted';
  type: PropertyType;
  state?: PropertyState;
  permission?: Permission;
  label?: string;
  group?: string;
  timeout?: number;
  rule?: string;
  members: Member[];
  message?: string;
}

export interface MessageEvent extends EventBase {
  kind: 'message';
  device?: string;
  text: string;
  severity: Severity;
  code?: string;
}

export interface Axis {
  label?: string;
  unit?: string;
  index?: number;
  values?: number[];
}

export interface DataEvent extends EventBase {
  kind: 'data';
  device: string;
  property?: string;
  dtype: string;
  shape: number[];
  format?: string;
  unit?: string;
  axes?: Axis[];
  byteLength: number;
  metadata?: Record<string, unknown>;
  /** The bytes, from the binary frame that carried the event (never base64). */
  payload?: Uint8Array;
}

export interface CommandEvent extends EventBase {
  kind: 'command';
  id: string;
  status: CommandStatus;
  target: string;
  action: CommandAction;
  result?: unknown;
  error?: ErrorInfo;
}

export interface RawEvent extends EventBase {
  kind: 'raw';
  device?: string;
  message: unknown;
}

export type BusEvent =
  | ConnectionEvent
  | DeviceEvent
  | PropertyEvent
  | MessageEvent
  | DataEvent
  | CommandEvent
  | RawEvent;

/** Narrows `BusEvent` by kind: `EventOf<'property'>` is `PropertyEvent`. */
export type EventOf<K extends EventKind> = Extract<BusEvent, { kind: K }>;

// ---- client → gateway ----------------------------------------------------------------------

export type RequestId = string | number;

export interface SubscribeMessage {
  type: 'subscribe';
  id: RequestId;
  /** Topic patterns: `+` is one segment, `#` the rest (`indi/#`, `+/+/CCD1`). */
  patterns: string[];
  kinds?: EventKind[];
  /** Requested per-subscription queue bound (the gateway caps it). */
  queueSize?: number;
  overflow?: OverflowPolicy;
}

export interface UnsubscribeMessage {
  type: 'unsubscribe';
  id: RequestId;
  subscription: number;
}

export interface CommandMessage {
  type: 'command';
  id: RequestId;
  connector: string;
  /** `device/property[/member]`, segments percent-encoded as in topics. */
  target: string;
  action: CommandAction;
  args?: unknown;
  timeoutMs?: number;
  /** Correlation id of the command on the bus; the gateway makes one when absent. */
  commandId?: string;
}

export interface BrowseMessage {
  type: 'browse';
  id: RequestId;
  connector: string;
}

export interface ListConnectorsMessage {
  type: 'connectors';
  id: RequestId;
}

export interface PingMessage {
  type: 'ping';
  id: RequestId;
}

export type ClientMessage =
  | SubscribeMessage
  | UnsubscribeMessage
  | CommandMessage
  | BrowseMessage
  | ListConnectorsMessage
  | PingMessage;

// ---- gateway → client ----------------------------------------------------------------------

export interface WelcomeMessage {
  type: 'welcome';
  protocol: 'labwire.v1';
  session: string;
  role: Role;
  /** The token's name, or `anonymous`. */
  principal: string;
  limits: { maxMessageBytes: number; queueSize: number };
}

export interface ReplyOk {
  type: 'reply';
  id: RequestId;
  ok: true;
  result?: unknown;
}

export interface ReplyError {
  type: 'reply';
  id: RequestId;
  ok: false;
  error: ErrorInfo;
}

/** A batch of events for one subscription (text frame). */
export interface EventsMessage {
  type: 'events';
  sub: number;
  events: BusEvent[];
}

/**
 * One `data` event (binary frame): 4-byte big-endian header length, the UTF-8 JSON header
 * (this object without the payload), then the payload bytes.
 */
export interface DataEventMessage {
  type: 'event';
  sub: number;
  event: DataEvent;
}

/** The gateway ended a subscription (queue overflow under `disconnect`, or an ACL change). */
export interface SubscriptionClosedMessage {
  type: 'subscription-closed';
  sub: number;
  error?: ErrorInfo;
}

/** A problem not tied to a request (unparseable frame without an id). */
export interface ErrorMessage {
  type: 'error';
  error: ErrorInfo;
}

export type ServerMessage =
  | WelcomeMessage
  | ReplyOk
  | ReplyError
  | EventsMessage
  | DataEventMessage
  | SubscriptionClosedMessage
  | ErrorMessage;

// ---- results -------------------------------------------------------------------------------

export interface CommandReply {
  /** The command's correlation id (matches `command` events on the bus). */
  id: string;
  result?: unknown;
}

export interface ConnectorSummary {
  id: string;
  protocol: string;
  state: string;
  capabilities?: Record<string, unknown>;
  counters?: Record<string, number>;
}

export interface DeviceInfo {
  name: string;
  metadata?: Record<string, unknown>;
  properties: Array<{
    name: string;
    type: PropertyType;
    state?: PropertyState;
    permission?: Permission;
    label?: string;
    group?: string;
    members: Member[];
  }>;
}
