import type {
  IndiBlobMember,
  IndiDelPropertyMessage,
  IndiMessageMessage,
  IndiNumberMember,
  IndiTextMember,
  IndiVectorMessage,
} from '../codec/messages.js';
import { vectorKindOf } from '../codec/messages.js';
import { IndiDevice, type IndiLogEntry, IndiMember, IndiVector, pushNewestFirst } from './model.js';

/** What applying one message changed, for the client to announce. */
export type ModelChange =
  | { kind: 'define'; vector: IndiVector; deviceAdded: boolean }
  | { kind: 'set'; vector: IndiVector; blobs: IndiMember[] }
  | {
      kind: 'delete';
      device: string;
      vector: string | undefined;
      removed: IndiVector[];
      deviceRemoved: boolean;
    }
  | { kind: 'message'; entry: IndiLogEntry }
  | { kind: 'ignored'; reason: string };

/**
 * The devices → vectors → members model and the message logs, updated by what the server
 * says (protocol reference section 4): a `def` replaces, a `set` merges by member name and
 * keeps the state when none is given, `delProperty` removes a vector or the whole device.
 */
export class ModelStore {
  readonly devices = new Map<string, IndiDevice>();
  /** Server/site messages (no device), newest first. */
  readonly messages: IndiLogEntry[] = [];

  constructor(private readonly maxMessages: number) {}

  clear(): IndiDevice[] {
    const gone = [...this.devices.values()];
    this.devices.clear();
    return gone;
  }

  vector(device: string, name: string): IndiVector | undefined {
    return this.devices.get(device)?.vectors.get(name);
  }

  define(message: IndiVectorMessage): ModelChange {
    if (message.device === undefined || message.name === undefined)
      return { kind: 'ignored', reason: 'definition without device or name' };
    const { kind } = vectorKindOf(message.type);
    let device = this.devices.get(message.device);
    const deviceAdded = device === undefined;
    if (device === undefined) {
      device = new IndiDevice(message.device);
      this.devices.set(device.name, device);
    }
    const old = device.vectors.get(message.name);
    const vector = new IndiVector(message.device, message.name, kind, message.label);
    vector.group = message.group ?? '';
    vector.state = message.state ?? 'Idle';
    vector.perm = message.perm;
    vector.rule = message.rule;
    vector.timeout = typeof message.timeout === 'number' ? message.timeout : undefined;
    vector.timestamp = message.timestamp;
    vector.message = message.message;
    if (old !== undefined) vector.userString = old.userString;
    for (const raw of message.members) {
      if (raw.name === undefined) continue;
      const member = new IndiMember(raw.name, raw.label);
      const previous = old?.members.get(raw.name);
      if (previous !== undefined) member.userString = previous.userString;
      if (kind === 'Number') {
        const n = raw as IndiNumberMember;
        member.value = n.value;
        member.format = n.format;
        member.min = n.min;
        member.max = n.max;
        member.step = n.step;
      } else if (kind !== 'BLOB') member.value = (raw as IndiTextMember).value;
      vector.members.set(member.name, member);
    }
    device.vectors.set(vector.name, vector);
    this.logVectorMessage(device, message);
    return { kind: 'define', vector, deviceAdded };
  }

  /** `blobOnly`: the connection asked for BLOBs only there, so BLOBs of undefined vectors are modelled. */
  set(message: IndiVectorMessage, blobOnly = false): ModelChange {
    if (message.device === undefined || message.name === undefined)
      return { kind: 'ignored', reason: 'set without device or name' };
    let device = this.devices.get(message.device);
    let vector = device?.vectors.get(message.name);
    if ((device === undefined || vector === undefined) && blobOnly && message.type === 'setBLOBVector') {
      // A BLOB-only connection (`enableBLOB … Only`) never sees definitions: model the vector from its BLOBs.
      ({ device, vector } = this.blobOnlyVector(message));
    }
    if (device === undefined || vector === undefined)
      return { kind: 'ignored', reason: `set for unknown ${message.device}.${message.name}` };
    if (vectorKindOf(message.type).kind !== vector.kind)
      return { kind: 'ignored', reason: `${message.type} for a ${vector.kind} vector` };
    if (message.state !== undefined) vector.state = message.state;
    if (typeof message.timeout === 'number') vector.timeout = message.timeout;
    if (message.timestamp !== undefined) vector.timestamp = message.timestamp;
    if (message.message !== undefined) vector.message = message.message;
    const blobs: IndiMember[] = [];
    for (const raw of message.members) {
      const member = raw.name === undefined ? undefined : vector.members.get(raw.name);
      if (member === undefined) continue;
      if (vector.kind === 'Number') {
        const n = raw as IndiNumberMember;
        member.value = n.value;
        if (n.min !== undefined) member.min = n.min;
        if (n.max !== undefined) member.max = n.max;
        if (n.step !== undefined) member.step = n.step;
      } else if (vector.kind === 'BLOB') {
        const b = raw as IndiBlobMember;
        member.size = b.size;
        member.blobFormat = b.format;
        member.data = b.data;
        if (b.data !== undefined && b.data.byteLength > 0) blobs.push(member);
      } else member.value = (raw as IndiTextMember).value;
    }
    this.logVectorMessage(device, message);
    return { kind: 'set', vector, blobs };
  }

  private blobOnlyVector(message: IndiVectorMessage): { device: IndiDevice; vector: IndiVector } {
    let device = this.devices.get(message.device!);
    if (device === undefined) {
      device = new IndiDevice(message.device!);
      this.devices.set(device.name, device);
    }
    let vector = device.vectors.get(message.name!);
    if (vector === undefined) {
      vector = new IndiVector(device.name, message.name!, 'BLOB', undefined);
      vector.perm = 'ro';
      device.vectors.set(vector.name, vector);
    }
    for (const m of message.members) {
      if (m.name !== undefined && !vector.members.has(m.name))
        vector.members.set(m.name, new IndiMember(m.name, undefined));
    }
    return { device, vector };
  }

  delete(message: IndiDelPropertyMessage): ModelChange {
    if (message.device === undefined) return { kind: 'ignored', reason: 'delProperty without device' };
    const device = this.devices.get(message.device);
    if (device === undefined)
      return { kind: 'ignored', reason: `delProperty for unknown device ${message.device}` };
    if (message.message !== undefined) this.log(device, message.message, message.timestamp);
    if (message.name === undefined) {
      this.devices.delete(device.name);
      return {
        kind: 'delete',
        device: device.name,
        vector: undefined,
        removed: [...device.vectors.values()],
        deviceRemoved: true,
      };
    }
    const vector = device.vectors.get(message.name);
    if (vector === undefined)
      return { kind: 'ignored', reason: `delProperty for unknown ${message.device}.${message.name}` };
    device.vectors.delete(vector.name);
    return {
      kind: 'delete',
      device: device.name,
      vector: vector.name,
      removed: [vector],
      deviceRemoved: false,
    };
  }

  message(message: IndiMessageMessage): ModelChange {
    const text = message.message ?? '';
    const device = message.device === undefined ? undefined : this.devices.get(message.device);
    const entry: IndiLogEntry = { time: Date.now(), text };
    if (message.timestamp !== undefined) entry.timestamp = message.timestamp;
    if (message.device !== undefined) entry.device = message.device;
    if (device !== undefined) pushNewestFirst(device.messages, entry, this.maxMessages);
    else pushNewestFirst(this.messages, entry, this.maxMessages);
    return { kind: 'message', entry };
  }

  private logVectorMessage(device: IndiDevice, message: IndiVectorMessage): void {
    if (message.message !== undefined && message.message !== '')
      this.log(device, message.message, message.timestamp);
  }

  private log(device: IndiDevice, text: string, timestamp: string | undefined): void {
    const entry: IndiLogEntry = { time: Date.now(), device: device.name, text };
    if (timestamp !== undefined) entry.timestamp = timestamp;
    pushNewestFirst(device.messages, entry, this.maxMessages);
  }
}
