/**
 * The records of the SignalR JSON hub protocol (shared/protocols/ifcb.md section 5). Records keep
 * every property they arrived with; these types name the ones the protocol defines.
 */

/** The record separator that ends every record (U+001E). */
export const RECORD_SEPARATOR = '\u001e';
export const RECORD_SEPARATOR_BYTE = 0x1e;

export const MessageType = {
  Invocation: 1,
  StreamItem: 2,
  Completion: 3,
  StreamInvocation: 4,
  CancelInvocation: 5,
  Ping: 6,
  Close: 7,
  Ack: 8,
  Sequence: 9,
} as const;

export interface HandshakeRequest {
  protocol: string;
  version: number;
  [key: string]: unknown;
}

export interface HandshakeResponse {
  error?: string;
  [key: string]: unknown;
}

export interface InvocationRecord {
  type: 1;
  target: string;
  arguments?: unknown[];
  invocationId?: string;
  headers?: Record<string, string>;
  streamIds?: string[];
  [key: string]: unknown;
}

export interface StreamItemRecord {
  type: 2;
  invocationId: string;
  item: unknown;
  [key: string]: unknown;
}

export interface CompletionRecord {
  type: 3;
  invocationId: string;
  result?: unknown;
  error?: string;
  [key: string]: unknown;
}

export interface StreamInvocationRecord {
  type: 4;
  target: string;
  invocationId: string;
  arguments?: unknown[];
  [key: string]: unknown;
}

export interface CancelInvocationRecord {
  type: 5;
  invocationId: string;
  [key: string]: unknown;
}

export interface PingRecord {
  type: 6;
  [key: string]: unknown;
}

export interface CloseRecord {
  type: 7;
  error?: string;
  allowReconnect?: boolean;
  [key: string]: unknown;
}

export interface AckRecord {
  type: 8;
  sequenceId: number;
  [key: string]: unknown;
}

export interface SequenceRecord {
  type: 9;
  sequenceId: number;
  [key: string]: unknown;
}

export type HubRecord =
  | InvocationRecord
  | StreamItemRecord
  | CompletionRecord
  | StreamInvocationRecord
  | CancelInvocationRecord
  | PingRecord
  | CloseRecord
  | AckRecord
  | SequenceRecord;
