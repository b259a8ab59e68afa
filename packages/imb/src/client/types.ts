import type { LabwireError, TransportCloseInfo } from '@labwire/core';
import type { EventNameEntry, ImbEventKindName, ImbFields } from '../codec/index.js';
import type { EventDefinition } from './event-definition.js';

/** An event the client received, translated to its own event. */
export interface ImbReceivedEvent {
  /** Full event name (`federation.name`), as pyimb passes it. */
  eventName: string;
  definition: EventDefinition;
  hubEventId: number;
  tick: number;
  kindCode: number;
  kind: ImbEventKindName | null;
  flags: number;
  body: Uint8Array;
  /** Decoded body, when the kind has a layout and the body parses exactly. */
  fields?: ImbFields;
}

export interface ImbStreamInfo {
  eventName: string;
  definition: EventDefinition;
  streamId: number;
  streamName: string;
}

export interface ImbStreamEnd extends ImbStreamInfo {
  /** All body and tail bytes; absent when assembly is off or the stream exceeded the memory cap. */
  data?: Uint8Array;
  byteLength: number;
}

export interface ImbNotification {
  command: 'icSubscribe' | 'icPublish' | 'icUnsubscribe' | 'icUnpublish';
  eventName: string;
}

export type ImbClientEvents = {
  /** The hub told the client its unique id and handle (on accept and on every request). */
  uniqueClientId: (info: { uniqueClientId: number; clientHandle: number }) => void;
  event: (event: ImbReceivedEvent) => void;
  streamStart: (stream: ImbStreamInfo) => void;
  streamEnd: (stream: ImbStreamEnd) => void;
  /** A global variable changed (an empty value means deleted). */
  variable: (name: string, value: Uint8Array) => void;
  eventNames: (entries: EventNameEntry[]) => void;
  /** Another client's subscribe/publish/unsubscribe/unpublish, forwarded by the hub. */
  notify: (notification: ImbNotification) => void;
  /** The hub ended the session; the client closes. */
  endSession: () => void;
  /** Bad input that did not end the session (codec and client errors, coded). */
  error: (error: LabwireError) => void;
  /** Connected (again): handshake written, subscriptions restored. */
  connected: (info: { reconnect: boolean }) => void;
  /** The connection closed; `willReconnect` says whether the client tries again. */
  disconnected: (info: TransportCloseInfo & { willReconnect: boolean }) => void;
};
