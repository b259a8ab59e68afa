import type { IndiVectorKind } from '../codec/messages.js';

/**
 * The live model the client keeps: devices → vectors → members, each a Map you can iterate and
 * index, plus the metadata the definitions carry. Values are updated in place by `set*`.
 */

export interface IndiLogEntry {
  /** Receive time, ms since the epoch. */
  time: number;
  /** The timestamp the server gave, when it gave one. */
  timestamp?: string;
  device?: string;
  text: string;
}

export class IndiMember {
  label: string;
  /** Number: number | null; text: string; switch: 'On'/'Off'; light: a state; BLOB: undefined. */
  value: number | string | null | undefined;
  format?: string;
  min?: number | null;
  max?: number | null;
  step?: number | null;
  /** BLOB: the content (inflated when the wire format ended in `.z`). */
  data?: Uint8Array;
  /** BLOB: the wire format (`.fits`, `.bin.z`, ...). */
  blobFormat?: string;
  /** BLOB: the `size` attribute. */
  size?: number | null;
  /** BLOB: where the BLOB folder option wrote the last one. */
  filename?: string;
  /** Free for the application. */
  userString = '';

  constructor(
    readonly name: string,
    label: string | undefined,
  ) {
    this.label = label ?? name;
  }
}

export class IndiVector {
  label: string;
  group = '';
  state = 'Idle';
  perm: string | undefined;
  rule: string | undefined;
  timeout: number | undefined;
  timestamp: string | undefined;
  message: string | undefined;
  readonly members = new Map<string, IndiMember>();
  /** Set by `sendNewVector` until the device answers. */
  awaitingAnswer = false;
  userString = '';

  constructor(
    readonly device: string,
    readonly name: string,
    readonly kind: IndiVectorKind,
    label: string | undefined,
  ) {
    this.label = label ?? name;
  }

  member(name: string): IndiMember | undefined {
    return this.members.get(name);
  }

  /** Member values by name. */
  values(): Record<string, IndiMember['value']> {
    const out: Record<string, IndiMember['value']> = {};
    for (const [name, m] of this.members) out[name] = m.value;
    return out;
  }

  [Symbol.iterator](): IterableIterator<IndiMember> {
    return this.members.values();
  }
}

export class IndiDevice {
  readonly vectors = new Map<string, IndiVector>();
  /** Newest first, bounded. */
  readonly messages: IndiLogEntry[] = [];
  userString = '';

  constructor(readonly name: string) {}

  vector(name: string): IndiVector | undefined {
    return this.vectors.get(name);
  }

  [Symbol.iterator](): IterableIterator<IndiVector> {
    return this.vectors.values();
  }
}

/** Adds an entry at the front of a newest-first log bounded to `max` entries. */
export function pushNewestFirst(log: IndiLogEntry[], entry: IndiLogEntry, max: number): void {
  log.unshift(entry);
  if (log.length > max) log.length = max;
}
