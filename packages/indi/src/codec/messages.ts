/**
 * Typed INDI messages, one per top-level element (protocol reference section 3; canonical form
 * in the conformance README). A field is present only when the element carried the attribute:
 * defaults (label = name, ...) belong to the client's model, not to the decoder.
 */

export type IndiVectorKind = 'Text' | 'Number' | 'Switch' | 'Light' | 'BLOB';
export type IndiState = 'Idle' | 'Ok' | 'Busy' | 'Alert';
export type IndiPerm = 'ro' | 'wo' | 'rw';
export type IndiRule = 'OneOfMany' | 'AtMostOne' | 'AnyOfMany';
export type IndiBlobMode = 'Never' | 'Also' | 'Only';
export type IndiSwitchValue = 'On' | 'Off';

export const BLOB_MODES: readonly IndiBlobMode[] = ['Never', 'Also', 'Only'];

/** A member of a text, switch or light vector. */
export interface IndiTextMember {
  name?: string;
  label?: string;
  /** Element text, trimmed of C whitespace. Switch and light values are not validated. */
  value: string;
}

export interface IndiNumberMember {
  name?: string;
  label?: string;
  format?: string;
  min?: number | null;
  max?: number | null;
  step?: number | null;
  /** The numberValue parse of the text; null when it does not parse. */
  value: number | null;
}

export interface IndiBlobMember {
  name?: string;
  label?: string;
  size?: number | null;
  format?: string;
  len?: number | null;
  enclen?: number | null;
  /** Bytes after base64 decoding (before inflating); absent on `defBLOB`. */
  wireByteLength?: number;
  /** The content: decoded bytes, inflated when `format` ends in `.z`. Absent on `defBLOB`. */
  data?: Uint8Array;
}

export type IndiMember = IndiTextMember | IndiNumberMember | IndiBlobMember;

interface VectorFields {
  device?: string;
  name?: string;
  label?: string;
  group?: string;
  state?: string;
  perm?: string;
  rule?: string;
  /** Seconds; null when the attribute does not parse. */
  timeout?: number | null;
  timestamp?: string;
  message?: string;
}

export type IndiVectorVerb = 'def' | 'set' | 'new';

export interface IndiTextVectorMessage extends VectorFields {
  type: 'defTextVector' | 'setTextVector' | 'newTextVector';
  members: IndiTextMember[];
}
export interface IndiSwitchVectorMessage extends VectorFields {
  type: 'defSwitchVector' | 'setSwitchVector' | 'newSwitchVector';
  members: IndiTextMember[];
}
export interface IndiLightVectorMessage extends VectorFields {
  type: 'defLightVector' | 'setLightVector';
  members: IndiTextMember[];
}
export interface IndiNumberVectorMessage extends VectorFields {
  type: 'defNumberVector' | 'setNumberVector' | 'newNumberVector';
  members: IndiNumberMember[];
}
export interface IndiBlobVectorMessage extends VectorFields {
  type: 'defBLOBVector' | 'setBLOBVector' | 'newBLOBVector';
  members: IndiBlobMember[];
}

export type IndiVectorMessage =
  | IndiTextVectorMessage
  | IndiSwitchVectorMessage
  | IndiLightVectorMessage
  | IndiNumberVectorMessage
  | IndiBlobVectorMessage;

export interface IndiMessageMessage {
  type: 'message';
  device?: string;
  timestamp?: string;
  message?: string;
}
export interface IndiDelPropertyMessage {
  type: 'delProperty';
  device?: string;
  name?: string;
  timestamp?: string;
  message?: string;
}
export interface IndiGetPropertiesMessage {
  type: 'getProperties';
  version?: string;
  device?: string;
  name?: string;
}
export interface IndiEnableBlobMessage {
  type: 'enableBLOB';
  device?: string;
  name?: string;
  value?: string;
}
export interface IndiPingMessage {
  type: 'pingRequest' | 'pingReply';
  uid?: string;
}

export type IndiMessage =
  | IndiVectorMessage
  | IndiMessageMessage
  | IndiDelPropertyMessage
  | IndiGetPropertiesMessage
  | IndiEnableBlobMessage
  | IndiPingMessage;

export type IndiMessageType = IndiMessage['type'];

/** Which member tag belongs to which vector element. */
export const MEMBER_TAG: Readonly<Record<string, string>> = {
  defTextVector: 'defText',
  defNumberVector: 'defNumber',
  defSwitchVector: 'defSwitch',
  defLightVector: 'defLight',
  defBLOBVector: 'defBLOB',
  setTextVector: 'oneText',
  setNumberVector: 'oneNumber',
  setSwitchVector: 'oneSwitch',
  setLightVector: 'oneLight',
  setBLOBVector: 'oneBLOB',
  newTextVector: 'oneText',
  newNumberVector: 'oneNumber',
  newSwitchVector: 'oneSwitch',
  newBLOBVector: 'oneBLOB',
};

export function isVectorMessage(message: IndiMessage): message is IndiVectorMessage {
  return message.type in MEMBER_TAG;
}

/** `def`, `set` or `new` and the property kind of a vector element name. */
export function vectorKindOf(type: IndiVectorMessage['type']): {
  verb: IndiVectorVerb;
  kind: IndiVectorKind;
} {
  const verb = type.slice(0, 3) as IndiVectorVerb;
  const kind = type.slice(3, -6) as IndiVectorKind;
  return { verb, kind };
}
