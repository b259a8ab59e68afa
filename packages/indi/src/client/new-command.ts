import { ErrorCode, LabwireError } from '@labwire/core';
import type { IndiBlobUpload, IndiCommand } from '../codec/commands.js';
import type { IndiVector } from './model.js';

/** A value for `sendNewVector`: numbers, text, switch states (`On`/`Off` or a boolean), BLOB uploads. */
export type IndiNewValue = number | string | boolean | { data: Uint8Array; format: string };

function bad(message: string): never {
  throw new LabwireError(ErrorCode.INVALID_ARGUMENT, message);
}

function switchValue(value: IndiNewValue, member: string): 'On' | 'Off' {
  if (value === true || value === 'On') return 'On';
  if (value === false || value === 'Off') return 'Off';
  return bad(`switch ${member} takes On/Off or a boolean, got ${String(value)}`);
}

/**
 * The `new*` command for changing `vector` to `values`, as the reference client builds it
 * (protocol reference 4.3): numbers and texts send every member (unchanged ones with their
 * current value); a OneOfMany switch sends only the member turned On; other switch rules send
 * every member; BLOBs send the members given.
 */
export function buildNewCommand(
  vector: IndiVector,
  values: Readonly<Record<string, IndiNewValue>>,
): IndiCommand {
  for (const name of Object.keys(values)) {
    if (!vector.members.has(name)) {
      throw new LabwireError(ErrorCode.NOT_FOUND, `${vector.device}.${vector.name} has no member ${name}`);
    }
  }
  const { device, name } = vector;
  switch (vector.kind) {
    case 'Number': {
      const members = [...vector.members.values()].map((m) => {
        const given = values[m.name];
        const value = given === undefined ? m.value : typeof given === 'string' ? Number(given) : given;
        if (typeof value !== 'number' || Number.isNaN(value))
          bad(`${device}.${name}.${m.name} needs a number`);
        return { name: m.name, value };
      });
      return { type: 'newNumberVector', device, name, members };
    }
    case 'Text': {
      const members = [...vector.members.values()].map((m) => {
        const given = values[m.name];
        const value = given === undefined ? m.value : given;
        if (typeof value === 'object' && value !== null) bad(`${device}.${name}.${m.name} needs text`);
        return { name: m.name, value: value === null || value === undefined ? '' : String(value) };
      });
      return { type: 'newTextVector', device, name, members };
    }
    case 'Switch': {
      const next = new Map<string, 'On' | 'Off'>();
      for (const m of vector.members.values()) next.set(m.name, m.value === 'On' ? 'On' : 'Off');
      const given = Object.entries(values).map(([k, v]) => [k, switchValue(v, k)] as const);
      const turnedOn = given.filter(([, v]) => v === 'On').map(([k]) => k);
      if (vector.rule === 'OneOfMany' || vector.rule === 'AtMostOne') {
        if (turnedOn.length > 1) bad(`${device}.${name} is ${vector.rule}: turn on one member at a time`);
        if (turnedOn.length === 1) for (const k of next.keys()) next.set(k, 'Off');
      }
      for (const [k, v] of given) next.set(k, v);
      if (vector.rule === 'OneOfMany' && turnedOn.length === 1) {
        return { type: 'newSwitchVector', device, name, members: [{ name: turnedOn[0]!, value: 'On' }] };
      }
      const members = [...next].map(([k, v]) => ({ name: k, value: v }));
      return { type: 'newSwitchVector', device, name, members };
    }
    case 'BLOB': {
      const members: IndiBlobUpload[] = Object.entries(values).map(([k, v]) => {
        if (typeof v !== 'object' || !(v.data instanceof Uint8Array)) bad(`BLOB ${k} takes { data, format }`);
        return { name: k, format: v.format, data: v.data };
      });
      if (members.length === 0) bad(`${device}.${name}: give at least one BLOB`);
      return { type: 'newBLOBVector', device, name, members };
    }
    case 'Light':
      return bad(`${device}.${name} is a light vector: devices do not take new values for lights`);
  }
}
