import type { ImbCommandName, ImbEventKindName } from './constants.js';

/**
 * Wire types of payload fields: `i32`/`u32` 4 bytes LE, `i64` 8 bytes, `f64` IEEE-754, `bool`
 * 1 byte (0 or 1), `str`/`bytes` int32 count + bytes, `rest` every remaining byte (no count),
 * `eventNames` the icEventNames list (int32 count + entries).
 */
export type WireType = 'i32' | 'u32' | 'i64' | 'f64' | 'bool' | 'str' | 'bytes' | 'rest' | 'eventNames';

/** One field: its name in decoded objects and its wire type. Bytes fields hold Uint8Array. */
export type FieldLayout = readonly [name: string, type: WireType];
export type Layout = readonly FieldLayout[];

/** An entry of icEventNames. */
export interface EventNameEntry {
  eventName: string;
  publishers: number;
  subscribers: number;
  timers: number;
}

export type FieldValue = number | bigint | boolean | string | Uint8Array | EventNameEntry[];
export type ImbFields = Record<string, FieldValue>;

const none: Layout = [];
const subscribeLayout: Layout = [
  ['eventId', 'i32'],
  ['eventEntryType', 'i32'],
  ['eventName', 'str'],
];
const nameOnly: Layout = [['eventName', 'str']];
const uidOnly: Layout = [['uniqueClientId', 'u32']];

/**
 * Layouts of the commands whose payload the project decodes (conformance README, "Canonical
 * decoded frame"). icEvent has its own header and per-kind bodies below. Commands not listed here
 * are opaque: they keep their raw payload only.
 */
export const commandLayouts: Partial<Record<ImbCommandName, Layout>> = {
  icHeartBeat: none,
  icEndSession: none,
  icFlushQueue: none,
  icUniqueClientID: [
    ['uniqueClientId', 'u32'],
    ['clientHandle', 'u32'],
  ],
  icTimeStamp: [
    ['absoluteTime', 'i64'],
    ['tick', 'i32'],
    ['tickDelta', 'i32'],
  ],
  icEndClientSession: uidOnly,
  icFlushClientQueue: uidOnly,
  icConnectToGateway: [['uri', 'str']],
  icSetClientInfo: [
    ['ownerId', 'i32'],
    ['ownerName', 'str'],
  ],
  icSetVariable: [
    ['name', 'str'],
    ['value', 'bytes'],
  ],
  icAllVariables: none,
  icSetState: [['state', 'i32']],
  icSetThrottle: [['throttle', 'i32']],
  icSetNoDelay: [['noDelay', 'bool']],
  icSetVariablePrefixed: [
    ['prefix', 'i32'],
    ['name', 'str'],
    ['value', 'bytes'],
  ],
  icRequestEventNames: [
    ['filter', 'str'],
    ['flags', 'i32'],
  ],
  icEventNames: [['entries', 'eventNames']],
  icSubscribe: subscribeLayout,
  icUnsubscribe: nameOnly,
  icPublish: subscribeLayout,
  icUnpublish: nameOnly,
  icSetEventIDTranslation: [
    ['hubEventId', 'i32'],
    ['clientEventId', 'i32'],
  ],
  icCreateTimer: [
    ['eventId', 'i32'],
    ['timerName', 'str'],
    ['startTime', 'i64'],
    ['resolutionMs', 'i32'],
    ['speedFactor', 'f64'],
    ['repeatCount', 'i32'],
  ],
  icHUBLocate: none,
  icHUBFound: [['uri', 'str']],
};

const changeObject: Layout = [
  ['action', 'i32'],
  ['objectId', 'i32'],
  ['attribute', 'str'],
];
const streamData: Layout = [
  ['streamId', 'i32'],
  ['data', 'rest'],
];
const timerName: Layout = [['timerName', 'str']];
const timerAckList: Layout = [
  ['timerName', 'str'],
  ['clientName', 'str'],
];

/** Event body layouts per kind; ekNormalEvent and ekTimerStatusRequest are opaque. */
export const eventBodyLayouts: Partial<Record<ImbEventKindName, Layout>> = {
  ekChangeObjectEvent: changeObject,
  ekStreamHeader: [
    ['streamId', 'i32'],
    ['streamName', 'str'],
  ],
  ekStreamBody: streamData,
  ekStreamTail: streamData,
  ekBuffer: [
    ['bufferId', 'i32'],
    ['data', 'bytes'],
  ],
  ekChangeObjectDataEvent: [...changeObject, ['newValues', 'bytes'], ['oldValues', 'bytes']],
  ekChildEventAdd: nameOnly,
  ekChildEventRemove: nameOnly,
  ekLogWriteLn: [
    ['uniqueClientId', 'u32'],
    ['line', 'str'],
    ['level', 'i32'],
  ],
  ekTimerCancel: timerName,
  ekTimerPrepare: timerName,
  ekTimerStart: timerName,
  ekTimerStop: timerName,
  ekTimerAcknowledgedListAdd: timerAckList,
  ekTimerAcknowledgedListRemove: timerAckList,
  ekTimerSetSpeed: [
    ['timerName', 'str'],
    ['speedFactor', 'f64'],
  ],
  ekTimerTick: [
    ['timerName', 'str'],
    ['tick', 'i32'],
    ['tickTime', 'i64'],
    ['startTime', 'i64'],
  ],
  ekTimerAcknowledge: [
    ['clientName', 'str'],
    ['timerName', 'str'],
    ['proposedTimeStep', 'i32'],
  ],
};
