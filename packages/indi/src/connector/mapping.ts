import type { Member, PropertyState, PropertyType, Severity } from '@labwire/core';
import type { IndiVectorKind } from '../codec/messages.js';
import type { IndiMember, IndiVector } from '../client/model.js';

/** INDI → normalized model (docs/protocols/indi.md). */

const TYPES: Record<IndiVectorKind, PropertyType> = {
  Number: 'number',
  Text: 'text',
  Switch: 'switch',
  Light: 'light',
  BLOB: 'blob',
};

export function propertyType(kind: IndiVectorKind): PropertyType {
  return TYPES[kind];
}

export function propertyState(state: string): PropertyState | undefined {
  switch (state) {
    case 'Idle':
      return 'idle';
    case 'Ok':
      return 'ok';
    case 'Busy':
      return 'busy';
    case 'Alert':
      return 'alert';
    default:
      return undefined;
  }
}

export function permission(perm: string | undefined): 'ro' | 'wo' | 'rw' | undefined {
  return perm === 'ro' || perm === 'wo' || perm === 'rw' ? perm : undefined;
}

/** A member with its value and metadata; BLOB members carry no value (their bytes go in `data` events). */
export function memberOf(vector: IndiVector, member: IndiMember, withMetadata: boolean): Member {
  const out: Member = { name: member.name };
  if (vector.kind === 'BLOB') {
    if (member.blobFormat !== undefined) out.format = member.blobFormat;
  } else if (member.value !== undefined) out.value = member.value;
  if (withMetadata) {
    out.label = member.label;
    if (typeof member.min === 'number') out.min = member.min;
    if (typeof member.max === 'number') out.max = member.max;
    if (typeof member.step === 'number') out.step = member.step;
    if (member.format !== undefined) out.format = member.format;
  }
  return out;
}

/** The severity drivers put in front of a message: `[ERROR]`, `[WARNING]`, `[INFO]`, `[DEBUG]`. */
export function severityOf(text: string): Severity {
  const m = /^\s*\[(ERROR|WARNING|INFO|DEBUG)\]/i.exec(text);
  switch (m?.[1]?.toUpperCase()) {
    case 'ERROR':
      return 'error';
    case 'WARNING':
      return 'warning';
    case 'DEBUG':
      return 'debug';
    default:
      return 'info';
  }
}

/** INDI timestamps are UTC without a zone (`2026-11-21T20:00:21`); a space or a trailing Z is accepted. */
export function sourceTimeOf(timestamp: string | undefined): number | undefined {
  if (timestamp === undefined || timestamp === '') return undefined;
  const iso = timestamp.trim().replace(' ', 'T');
  const ms = Date.parse(iso.endsWith('Z') ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}
