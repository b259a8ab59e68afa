import { LabwireError } from '@labwire/core';
import { PymodaqErrorCode } from '../errors.js';
import type { Element } from './elements.js';
import { DONE, type Frame, NEED, type Reader, type StepResult } from './parse-machine.js';
import {
  type AxisValue,
  DWA_CLASSES,
  type DteValue,
  type DwaClass,
  type DwaValue,
  type ExtraAttribute,
  type NdArray,
  type PymodaqValue,
} from './values.js';

/**
 * Frames and checks shared by the v1–v4 and v5 parsers: a sequence of fields whose plan may
 * depend on what was read (the extra attributes of a DataWithAxes), and the validation that
 * turns a sequence of generic values into an Axis, a DataWithAxes or a DataToExport.
 */
export type FrameFactory = () => Frame;

export class SequenceFrame implements Frame {
  result: unknown;
  private readonly values: unknown[] = [];

  constructor(
    /** The factory for field `index`, or undefined when the sequence is complete. */
    private readonly plan: (index: number, values: readonly unknown[]) => FrameFactory | undefined,
    private readonly build: (values: unknown[]) => unknown,
  ) {}

  step(_r: Reader): StepResult {
    const next = this.plan(this.values.length, this.values);
    if (next === undefined) {
      this.result = this.build(this.values);
      return DONE;
    }
    return next();
  }

  accept(value: unknown): void {
    this.values.push(value);
  }
}

/** A fixed list of fields. */
export function fixed(fields: readonly FrameFactory[], build: (values: unknown[]) => unknown): Frame {
  return new SequenceFrame((i) => fields[i], build);
}

/** `u32(count)` then `count` elements. */
export class CountedFrame implements Frame {
  result: unknown;
  private count = -1;
  private readonly items: unknown[] = [];

  constructor(private readonly item: FrameFactory) {}

  step(r: Reader): StepResult {
    if (this.count < 0) {
      this.count = r.u32();
      if (this.count < 0) return NEED;
    }
    if (this.items.length === this.count) {
      this.result = { type: 'list', items: this.items };
      return DONE;
    }
    return this.item();
  }

  accept(value: unknown): void {
    this.items.push(value);
  }
}

export function badField(what: string, got: unknown): LabwireError {
  const kind =
    typeof got === 'object' && got !== null && 'type' in got ? (got as { type: string }).type : typeof got;
  return new LabwireError(PymodaqErrorCode.BAD_FIELD, `${what}, got ${kind}`);
}

export function asValue(v: unknown): PymodaqValue {
  return v as PymodaqValue;
}

export function asString(v: unknown, what: string): string {
  if (typeof v === 'string') return v;
  const value = v as PymodaqValue;
  if (value?.type === 'string') return value.value;
  throw badField(`${what} must be a string`, v);
}

export function asNumber(v: unknown, what: string): number {
  const value = v as PymodaqValue;
  if (value?.type === 'scalar') {
    const x: Element = value.value;
    if (typeof x === 'number') return x;
    if (typeof x === 'bigint') return Number(x);
    if (typeof x === 'boolean') return x ? 1 : 0;
  }
  throw badField(`${what} must be a real scalar`, v);
}

export function asItems(v: unknown, what: string): PymodaqValue[] {
  const value = v as PymodaqValue;
  if (value?.type === 'list') return value.items;
  throw badField(`${what} must be a list`, v);
}

export function asArrays(v: unknown, what: string): NdArray[] {
  return asItems(v, what).map((item) => {
    if (item.type !== 'array') throw badField(`${what} must hold arrays`, item);
    return item;
  });
}

export function asStrings(v: unknown, what: string): string[] {
  return asItems(v, what).map((item) => asString(item, `${what} items`));
}

export function asAxes(v: unknown): AxisValue[] {
  return asItems(v, 'axes').map((item) => {
    if (item.type !== 'axis') throw badField('axes must hold Axis objects', item);
    return item;
  });
}

export function asIntegers(v: unknown, what: string): number[] {
  return asItems(v, what).map((item) => asNumber(item, `${what} items`));
}

export function checkDwaClass(name: string): void {
  if (!(DWA_CLASSES as readonly string[]).includes(name)) {
    throw new LabwireError(
      PymodaqErrorCode.BAD_CLASS,
      `expected a DataWithAxes class, got ${JSON.stringify(name)}`,
      {
        details: { class: name },
      },
    );
  }
}

export function checkClass(expected: string): (name: string) => void {
  return (name) => {
    if (name !== expected) {
      throw new LabwireError(
        PymodaqErrorCode.BAD_CLASS,
        `expected ${expected}, got ${JSON.stringify(name)}`,
        {
          details: { class: name },
        },
      );
    }
  };
}

export function buildAxis(
  label: unknown,
  units: unknown,
  data: unknown,
  index: unknown,
  spread: unknown,
): AxisValue {
  const array = data as PymodaqValue;
  if (array?.type !== 'array') throw badField('Axis data must be an array', data);
  return {
    type: 'axis',
    label: asString(label, 'Axis label'),
    units: asString(units, 'Axis units'),
    data: array,
    index: asNumber(index, 'Axis index'),
    spreadOrder: asNumber(spread, 'Axis spread_order'),
  };
}

export interface DwaFields {
  class: unknown;
  timestamp: unknown;
  name: unknown;
  units: unknown;
  source: unknown;
  dim: unknown;
  distribution: unknown;
  data: unknown;
  labels: unknown;
  origin: unknown;
  navIndexes: unknown;
  axes: unknown;
  errors: unknown;
  extraNames: unknown;
  extraValues: unknown[];
}

export function buildDwa(f: DwaFields): DwaValue {
  const names = asStrings(f.extraNames, 'extra attribute names');
  const extra: ExtraAttribute[] = names.map((name, i) => ({ name, value: asValue(f.extraValues[i]) }));
  return {
    type: 'dwa',
    class: asString(f.class, 'class') as DwaClass,
    timestamp: asNumber(f.timestamp, 'timestamp'),
    name: asString(f.name, 'name'),
    units: f.units === undefined ? '' : asString(f.units, 'units'),
    source: asString(f.source, 'source'),
    dim: asString(f.dim, 'dim'),
    distribution: asString(f.distribution, 'distribution'),
    data: asArrays(f.data, 'data'),
    labels: asStrings(f.labels, 'labels'),
    origin: asString(f.origin, 'origin'),
    navIndexes: asIntegers(f.navIndexes, 'nav_indexes'),
    axes: asAxes(f.axes),
    errors: asArrays(f.errors, 'errors'),
    extra,
  };
}

/** PyMoDAQ's DataToExport gives every DWA with an empty origin its own name, when decoded too. */
export function buildDte(
  timestamp: unknown,
  name: unknown,
  data: unknown,
  extra: ExtraAttribute[],
): DteValue {
  const dteName = asString(name, 'DataToExport name');
  const dwas = asItems(data, 'DataToExport data').map((item) => {
    if (item.type !== 'dwa') throw badField('DataToExport data must hold DataWithAxes', item);
    return item.origin === '' ? { ...item, origin: dteName } : item;
  });
  return { type: 'dte', timestamp: asNumber(timestamp, 'timestamp'), name: dteName, data: dwas, extra };
}
