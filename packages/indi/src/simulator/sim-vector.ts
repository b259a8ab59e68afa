import type { IndiVectorKind } from '../codec/messages.js';

/** A member as the simulator holds it. */
export interface SimMember {
  name: string;
  label?: string;
  /** Number members: value; text/switch/light: the text. */
  value: number | string;
  format?: string;
  min?: number;
  max?: number;
  step?: number;
}

/** A vector (property) a simulated device owns. */
export interface SimVector {
  device: string;
  name: string;
  kind: IndiVectorKind;
  label?: string;
  group?: string;
  state: 'Idle' | 'Ok' | 'Busy' | 'Alert';
  perm?: 'ro' | 'wo' | 'rw';
  rule?: 'OneOfMany' | 'AtMostOne' | 'AnyOfMany';
  timeout?: number;
  members: SimMember[];
}

export function simMember(vector: SimVector, name: string): SimMember | undefined {
  return vector.members.find((m) => m.name === name);
}
