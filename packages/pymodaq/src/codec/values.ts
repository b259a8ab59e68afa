import type { DtypeString } from './dtype.js';
import type { Element } from './elements.js';

/**
 * Everything PyMoDAQ's serializers put on the wire, as plain objects. The shapes follow the
 * conformance suite's canonical values, except that arrays keep their raw bytes (`NdArray`)
 * instead of element lists, so a decoded frame is a view of the received bytes.
 */

/** An n-d array: raw element bytes in the dtype's own byte order, C (row-major) order. */
export interface NdArray {
  type: 'array';
  dtype: DtypeString;
  shape: number[];
  bytes: Uint8Array;
}

export interface StringValue {
  type: 'string';
  value: string;
}

export interface BytesValue {
  type: 'bytes';
  value: Uint8Array;
}

/** A number with its numpy dtype (`<f8`, `<i8`, `|b1`, `>f8`, `<c16`, …). */
export interface ScalarValue {
  type: 'scalar';
  dtype: DtypeString;
  value: Element;
}

/** A boolean: encodes as a `|b1` scalar (v1–v4) or a `bool` object (v5). */
export interface BoolValue {
  type: 'bool';
  value: boolean;
}

export interface ListValue {
  type: 'list';
  items: PymodaqValue[];
}

export interface AxisValue {
  type: 'axis';
  label: string;
  units: string;
  data: NdArray;
  index: number;
  spreadOrder: number;
}

/** The DataWithAxes classes the reference reads, plus DataFromRoi (a deviation, see the reference §4.2). */
export const DWA_CLASSES = [
  'DataWithAxes',
  'DataRaw',
  'DataActuator',
  'DataFromPlugins',
  'DataCalculated',
  'DataFromRoi',
] as const;
export type DwaClass = (typeof DWA_CLASSES)[number];

export interface ExtraAttribute {
  name: string;
  value: PymodaqValue;
}

export interface DwaValue {
  type: 'dwa';
  class: DwaClass;
  /** Seconds since the epoch. */
  timestamp: number;
  name: string;
  /** Absent on the wire in v4.3 (decodes as ''). */
  units: string;
  source: string;
  dim: string;
  distribution: string;
  data: NdArray[];
  labels: string[];
  origin: string;
  navIndexes: number[];
  axes: AxisValue[];
  errors: NdArray[];
  extra: ExtraAttribute[];
}

export interface DteValue {
  type: 'dte';
  timestamp: number;
  name: string;
  data: DwaValue[];
  /** Only v5 carries DTE extras; v4/v4.3 decode as []. */
  extra: ExtraAttribute[];
}

/** ParameterWithPath: a settings path and the XML of one parameter. */
export interface ParameterValue {
  type: 'parameter';
  path: string[];
  xml: string;
}

export type PymodaqValue =
  | StringValue
  | BytesValue
  | ScalarValue
  | BoolValue
  | NdArray
  | ListValue
  | AxisValue
  | DwaValue
  | DteValue
  | ParameterValue;

export type ValueType = PymodaqValue['type'];

export const str = (value: string): StringValue => ({ type: 'string', value });
export const list = (items: PymodaqValue[]): ListValue => ({ type: 'list', items });
export const scalar = (dtype: DtypeString, value: Element): ScalarValue => ({ type: 'scalar', dtype, value });

/** What a bare value is read as (conformance `as`): the reader must be told. */
export type BareKind = 'string' | 'bytes' | 'scalar' | 'array' | 'list' | 'axis' | 'dwa' | 'dte';
/** Element kind of a v1 list, which carries no tags. */
export type V1ItemType = 'array' | 'string' | 'scalar';
