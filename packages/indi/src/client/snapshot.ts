import type { IndiVectorKind } from '../codec/messages.js';
import type { IndiDevice, IndiLogEntry } from './model.js';

/** A frozen copy of the client's model at one moment, that can be dumped to JSON and loaded back. */
export interface IndiMemberSnapshot {
  readonly name: string;
  readonly label: string;
  readonly value: number | string | null | undefined;
  readonly format?: string;
  readonly min?: number | null;
  readonly max?: number | null;
  readonly step?: number | null;
  readonly data?: Uint8Array;
  readonly blobFormat?: string;
  readonly size?: number | null;
  readonly filename?: string;
  readonly userString: string;
}

export interface IndiVectorSnapshot {
  readonly device: string;
  readonly name: string;
  readonly kind: IndiVectorKind;
  readonly label: string;
  readonly group: string;
  readonly state: string;
  readonly perm?: string;
  readonly rule?: string;
  readonly timeout?: number;
  readonly timestamp?: string;
  readonly message?: string;
  readonly userString: string;
  readonly members: Readonly<Record<string, IndiMemberSnapshot>>;
}

export interface IndiDeviceSnapshot {
  readonly name: string;
  readonly userString: string;
  readonly messages: readonly IndiLogEntry[];
  readonly vectors: Readonly<Record<string, IndiVectorSnapshot>>;
}

export interface IndiSnapshot {
  readonly time: number;
  readonly userString: string;
  readonly messages: readonly IndiLogEntry[];
  readonly devices: Readonly<Record<string, IndiDeviceSnapshot>>;
}

function deepFreeze<T>(value: T): T {
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Uint8Array) &&
    !Object.isFrozen(value)
  ) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o))
    if ((o as Record<string, unknown>)[k] === undefined) delete (o as Record<string, unknown>)[k];
  return o;
}

export function takeSnapshot(
  devices: ReadonlyMap<string, IndiDevice>,
  messages: readonly IndiLogEntry[],
  userString: string,
): IndiSnapshot {
  const out: Record<string, IndiDeviceSnapshot> = {};
  for (const device of devices.values()) {
    const vectors: Record<string, IndiVectorSnapshot> = {};
    for (const v of device.vectors.values()) {
      const members: Record<string, IndiMemberSnapshot> = {};
      for (const m of v.members.values()) {
        members[m.name] = defined({
          name: m.name,
          label: m.label,
          value: m.value,
          format: m.format,
          min: m.min,
          max: m.max,
          step: m.step,
          data: m.data === undefined ? undefined : Uint8Array.from(m.data),
          blobFormat: m.blobFormat,
          size: m.size,
          filename: m.filename,
          userString: m.userString,
        });
      }
      vectors[v.name] = defined({
        device: v.device,
        name: v.name,
        kind: v.kind,
        label: v.label,
        group: v.group,
        state: v.state,
        perm: v.perm,
        rule: v.rule,
        timeout: v.timeout,
        timestamp: v.timestamp,
        message: v.message,
        userString: v.userString,
        members,
      });
    }
    out[device.name] = {
      name: device.name,
      userString: device.userString,
      messages: device.messages.map((e) => ({ ...e })),
      vectors,
    };
  }
  return deepFreeze({
    time: Date.now(),
    userString,
    messages: messages.map((e) => ({ ...e })),
    devices: out,
  });
}

/** JSON text of a snapshot; BLOB contents travel as `{"$bytes": base64}`. */
export function dumpSnapshot(snapshot: IndiSnapshot, space?: number): string {
  return JSON.stringify(
    snapshot,
    (_key, value) =>
      value instanceof Uint8Array ? { $bytes: Buffer.from(value).toString('base64') } : value,
    space,
  );
}

/** The snapshot a `dumpSnapshot` text holds, frozen again. */
export function loadSnapshot(json: string): IndiSnapshot {
  const parsed = JSON.parse(json, (_key, value) =>
    value !== null &&
    typeof value === 'object' &&
    typeof value.$bytes === 'string' &&
    Object.keys(value).length === 1
      ? new Uint8Array(Buffer.from(value.$bytes, 'base64'))
      : value,
  ) as IndiSnapshot;
  return deepFreeze(parsed);
}
