import { Limits } from '@labwire/core';

/** The 8 bytes that start every IMB3 frame (LE uint64 0xFBC5AD957161472F). */
export const IMB_MAGIC: Uint8Array = Uint8Array.of(0x2f, 0x47, 0x61, 0x71, 0x95, 0xad, 0xc5, 0xfb);
/** The 4 bytes after a non-empty payload (LE uint32 0x10F13467). */
export const IMB_TRAILER: Uint8Array = Uint8Array.of(0x67, 0x34, 0xf1, 0x10);
/** Magic (8) + code (4) + length (4). */
export const IMB_HEADER_BYTES = 16;
export const IMB_TRAILER_BYTES = 4;
/** Largest payload nl.tno.imb accepts (exactly this much is allowed). */
export const IMB_MAX_PAYLOAD_BYTES: number = Limits.imbPayloadBytes;
/** Default hub port. */
export const IMB_DEFAULT_PORT = 4000;
/** Default stream chunk (pyimb and nl.tno.imb). */
export const IMB_DEFAULT_STREAM_CHUNK = 16384;

/** Command codes (protocol reference section 4). */
export const ImbCommandCode = {
  icHeartBeat: -4,
  icEndSession: -5,
  icFlushQueue: -6,
  icUniqueClientID: -7,
  icTimeStamp: -8,
  icEvent: -15,
  icEndClientSession: -21,
  icFlushClientQueue: -22,
  icConnectToGateway: -23,
  icSetClientInfo: -31,
  icSetVariable: -32,
  icAllVariables: -33,
  icSetState: -34,
  icSetThrottle: -35,
  icSetNoDelay: -36,
  icSetVariablePrefixed: -37,
  icRequestEventNames: -41,
  icEventNames: -42,
  icRequestSubscribers: -43,
  icRequestPublishers: -44,
  icSubscribe: -45,
  icUnsubscribe: -46,
  icPublish: -47,
  icUnpublish: -48,
  icSetEventIDTranslation: -49,
  icStatusEvent: -52,
  icStatusClient: -53,
  icStatusEventPlus: -54,
  icStatusClientPlus: -55,
  icStatusHUB: -56,
  icStatusTimer: -57,
  icHumanReadableHeader: -60,
  icSetMonitor: -61,
  icResetMonitor: -62,
  icCreateTimer: -73,
  icHUBLocate: -81,
  icHUBFound: -82,
  icLogClear: -91,
  icLogRequest: -92,
  icLogContents: -93,
} as const;

export type ImbCommandName = keyof typeof ImbCommandCode;

const commandNames = new Map<number, ImbCommandName>(
  Object.entries(ImbCommandCode).map(([name, code]) => [code, name as ImbCommandName]),
);

/** The command name of a code, or null for a code the protocol does not list. */
export function commandNameOf(code: number): ImbCommandName | null {
  return commandNames.get(code) ?? null;
}

/** Event kinds (low byte of the kind word, section 5). */
export const ImbEventKind = {
  ekChangeObjectEvent: 0,
  ekStreamHeader: 1,
  ekStreamBody: 2,
  ekStreamTail: 3,
  ekBuffer: 4,
  ekNormalEvent: 5,
  ekChangeObjectDataEvent: 6,
  ekChildEventAdd: 11,
  ekChildEventRemove: 12,
  ekLogWriteLn: 30,
  ekTimerCancel: 40,
  ekTimerPrepare: 41,
  ekTimerStart: 42,
  ekTimerStop: 43,
  ekTimerAcknowledgedListAdd: 45,
  ekTimerAcknowledgedListRemove: 46,
  ekTimerSetSpeed: 47,
  ekTimerTick: 48,
  ekTimerAcknowledge: 49,
  ekTimerStatusRequest: 50,
} as const;

export type ImbEventKindName = keyof typeof ImbEventKind;

const kindNames = new Map<number, ImbEventKindName>(
  Object.entries(ImbEventKind).map(([name, code]) => [code, name as ImbEventKindName]),
);

export function kindNameOf(kindCode: number): ImbEventKindName | null {
  return kindNames.get(kindCode) ?? null;
}

/** efPriority, the one flag the references use in the upper 24 bits of the kind word. */
export const IMB_FLAG_PRIORITY = 0x100;

/** Change object actions. */
export const ImbAction = { new: 0, delete: 1, change: 2 } as const;

/** Log levels (nl.tno.imb ordinal). */
export const ImbLogLevel = {
  remark: 0,
  dump: 1,
  normal: 2,
  start: 3,
  finish: 4,
  push: 5,
  pop: 6,
  stamp: 7,
  summary: 8,
  warning: 9,
  error: 10,
} as const;

/** Flags of icRequestEventNames. */
export const ImbEventNamesFlag = { publishers: 1, subscribers: 2, timers: 4 } as const;
