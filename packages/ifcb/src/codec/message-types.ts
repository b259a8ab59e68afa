import type { FIXED_ENTRIES } from './grammar-table.js';
import type { IfcbTimestamp } from './timestamp.js';

/** A region of interest of a trigger: its position in the frame and its image (PNG in practice). */
export interface Roi {
  top: number | bigint;
  left: number | bigint;
  image: Uint8Array;
}

/** The JSON values a routine can hold (`valuechanged:interactive:load`). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** One element of a parsed message's `fields`, exactly as handlers receive it. */
export type FieldValue =
  | string
  | number
  | bigint
  | boolean
  | Uint8Array
  | IfcbTimestamp
  | JsonValue
  | readonly FieldValue[]
  | Readonly<Record<string, number>>;

type FixedEntry = (typeof FIXED_ENTRIES)[number];
type SlotOf<E extends FixedEntry> = Extract<E['fields'][number], { name: string }>;
type SlotValue<T> = T extends 'int'
  ? number | bigint
  : T extends 'float'
    ? number
    : T extends 'bool'
      ? boolean
      : T extends 'base64'
        ? Uint8Array
        : T extends 'datetime'
          ? IfcbTimestamp
          : string;

type FixedValues = {
  [E in FixedEntry as E['key']]: { [S in SlotOf<E> as S['name']]: SlotValue<S['type']> };
};

/** The named values (`values`) of each message key. */
export interface IfcbValuesByKey extends Omit<FixedValues, 'valuechanged.interactive.load'> {
  /** Without `:` in the payload the text stays undecoded (`routineText`); with one it is decoded JSON (`routine`). */
  'valuechanged.interactive.load': { routineText: string } | { routine: JsonValue[] };
  reportevent: { text: string };
  'file.chunk': { filename: string; index: number | bigint; data: string };
  'file.list': { names: string[] };
  triggerrois: { rois: Roi[] };
  triggercontent: { daq: Record<string, number>; rois: Roi[] };
  'valuechanged.interactive.listgroups': { items: string[] };
  'valuechanged.interactive.liststeps': { items: string[] };
  'valuechanged.currentgpsposition': { position: string };
  'valuechanged.samplegpsposition': { position: string };
}

export type IfcbMessageKey = keyof IfcbValuesByKey & string;

/** A message the grammar recognised. */
export interface IfcbKnownMessage<K extends IfcbMessageKey = IfcbMessageKey> {
  key: K;
  /** The flat field list of the reference parser (literals kept as text): what pattern handlers receive. */
  fields: FieldValue[];
  values: IfcbValuesByKey[K];
}

/**
 * A message no rule recognises (`no-match`: an unknown family, a newer variable, a slot that does
 * not convert) or whose content is invalid (`malformed`): the raw text fields, never an exception.
 */
export interface IfcbUnknownMessage {
  key: 'unknown';
  reason: 'no-match' | 'malformed';
  fields: string[];
}

export type IfcbMessage = { [K in IfcbMessageKey]: IfcbKnownMessage<K> }[IfcbMessageKey] | IfcbUnknownMessage;
