import { ErrorCode, LabwireError } from '@labwire/core';
import type { Dialect } from '../codec/dialect.js';
import { arrayElements } from '../codec/ndarray.js';
import { ndarrayFrom } from '../codec/ndarray.js';
import type { DwaValue, PymodaqValue } from '../codec/values.js';

/** A position as a number with its units, and the value as it was on the wire. */
export interface Position {
  value: number;
  units: string;
  raw: PymodaqValue;
}

/** What instruments and callers may give for a position: a number, or a wire value to send as it is. */
export type PositionInput = number | PymodaqValue;

/**
 * The wire form of a position (§6.1): a `<f8` scalar in v1/v2, a DataActuator in v4.3+
 * (units are dropped by the v4.3 encoder, as the 4.3 layout has none).
 */
export function positionValue(
  dialect: Dialect,
  input: PositionInput,
  units = '',
  name = 'actuator',
): PymodaqValue {
  if (typeof input !== 'number') return input;
  if (dialect === 'v1' || dialect === 'v2') return { type: 'scalar', dtype: '<f8', value: input };
  const dwa: DwaValue = {
    type: 'dwa',
    class: 'DataActuator',
    timestamp: Date.now() / 1000,
    name,
    units,
    source: 'raw',
    dim: 'Data0D',
    distribution: 'uniform',
    data: [ndarrayFrom('<f8', [1], [input])],
    labels: ['CH00'],
    origin: '',
    navIndexes: [],
    axes: [],
    errors: [],
    extra: [],
  };
  return dwa;
}

function firstNumber(value: PymodaqValue): number | undefined {
  if (value.type === 'scalar') {
    const v = value.value;
    return typeof v === 'object' ? v.re : Number(v);
  }
  if (value.type === 'array' && value.bytes.byteLength > 0) {
    const first = arrayElements(value)[0]!;
    return typeof first === 'object' ? first.re : Number(first);
  }
  if (value.type === 'dwa' && value.data[0] !== undefined) return firstNumber(value.data[0]);
  return undefined;
}

/** Reads a position from a `move_done`/`position_is` argument (scalar or DataActuator). */
export function positionOf(value: PymodaqValue | undefined, fallbackUnits = ''): Position {
  const n = value === undefined ? undefined : firstNumber(value);
  if (value === undefined || n === undefined) {
    throw new LabwireError(
      ErrorCode.PROTOCOL,
      `a position must be a scalar or a DataActuator, got ${value?.type ?? 'nothing'}`,
    );
  }
  const units = value.type === 'dwa' && value.units !== '' ? value.units : fallbackUnits;
  return { value: n, units, raw: value };
}
