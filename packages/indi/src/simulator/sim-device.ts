import type { IndiVectorMessage } from '../codec/messages.js';
import type { SetOptions } from './server-encoder.js';
import type { SimVector } from './sim-vector.js';

/** What a simulated device may do through the simulator. */
export interface SimContext {
  publishSet(vector: SimVector, options?: SetOptions): void;
  publishBlob(vector: SimVector, member: string, data: Uint8Array, format: string): void;
  publishMessage(device: string, text: string): void;
  /** A timer the simulator clears when it closes. */
  every(ms: number, fn: () => void): void;
  after(ms: number, fn: () => void): void;
}

/** A device of the simulator: its vectors and how it answers `new*`. */
export abstract class SimDevice {
  abstract readonly name: string;
  abstract readonly vectors: SimVector[];

  vector(name: string): SimVector | undefined {
    return this.vectors.find((v) => v.name === name);
  }

  /** Starts periodic behaviour (live values). */
  start(_context: SimContext): void {}

  /**
   * Answers a client's `new*`. The default stores the values and answers Ok, which is what a
   * plain settable property does; devices override for motion and exposures.
   */
  handleNew(message: IndiVectorMessage, vector: SimVector, context: SimContext): void {
    applyValues(vector, message);
    vector.state = 'Ok';
    context.publishSet(vector);
  }
}

/** Copies the values of a `new*` into the vector (switch rules applied). */
export function applyValues(vector: SimVector, message: IndiVectorMessage): void {
  if (vector.kind === 'Switch' && vector.rule !== 'AnyOfMany') {
    const on = message.members.find((m) => 'value' in m && m.value === 'On');
    if (on !== undefined) for (const m of vector.members) m.value = m.name === on.name ? 'On' : 'Off';
    else
      for (const given of message.members) setValue(vector, given.name, (given as { value: string }).value);
    return;
  }
  for (const given of message.members) {
    if (!('value' in given) || given.value === undefined || given.value === null) continue;
    setValue(vector, given.name, given.value);
  }
}

function setValue(vector: SimVector, name: string | undefined, value: number | string): void {
  const member = vector.members.find((m) => m.name === name);
  if (member === undefined) return;
  if (vector.kind === 'Number') {
    const n = Number(value);
    member.value = Math.min(member.max ?? n, Math.max(member.min ?? n, n));
  } else member.value = value;
}

export function connectionVector(device: string): SimVector {
  return {
    device,
    name: 'CONNECTION',
    kind: 'Switch',
    label: 'Connection',
    group: 'Main Control',
    state: 'Ok',
    perm: 'rw',
    rule: 'OneOfMany',
    timeout: 60,
    members: [
      { name: 'CONNECT', label: 'Connect', value: 'On' },
      { name: 'DISCONNECT', label: 'Disconnect', value: 'Off' },
    ],
  };
}
