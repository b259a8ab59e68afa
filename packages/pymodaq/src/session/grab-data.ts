import type { Dialect } from '../codec/dialect.js';
import { type TypedArray, elementCount, ndarray } from '../codec/ndarray.js';
import type { DteValue, DwaValue, ExtraAttribute, NdArray, PymodaqValue } from '../codec/values.js';

/** What a grab gave: the arrays (every channel of every DataWithAxes), and the wire value. */
export interface GrabResult {
  /** The DataToExport (v4.3+), or undefined for v1/v2 which send bare arrays. */
  dte: DteValue | undefined;
  /** Every data array in order, with the DataWithAxes it belongs to when there is one. */
  channels: Channel[];
  raw: PymodaqValue;
}

export interface Channel {
  /** DWA name, or `CH<n>` for v1/v2 arrays. */
  name: string;
  label: string;
  units: string;
  array: NdArray;
  dwa: DwaValue | undefined;
}

/** Splits a `Done` argument into channels. */
export function grabResultOf(value: PymodaqValue | undefined): GrabResult {
  if (value?.type === 'dte') {
    const channels: Channel[] = [];
    for (const dwa of value.data) {
      for (const [i, array] of dwa.data.entries()) {
        const label = dwa.labels[i] ?? `CH${String(i).padStart(2, '0')}`;
        channels.push({ name: dwa.name, label, units: dwa.units, array, dwa });
      }
    }
    return { dte: value, channels, raw: value };
  }
  const items = value?.type === 'list' ? value.items : value === undefined ? [] : [value];
  const arrays = items.filter((v): v is NdArray => v.type === 'array');
  return {
    dte: undefined,
    channels: arrays.map((array, i) => {
      const label = `CH${String(i).padStart(2, '0')}`;
      return { name: label, label, units: '', array, dwa: undefined };
    }),
    raw: value ?? { type: 'list', items: [] },
  };
}

/** What a detector may return from `grab()`; a bare typed array is a 1-D frame. */
export type DetectorOutput =
  | NdArray
  | NdArray[]
  | TypedArray
  | DwaValue
  | DteValue
  | { type: 'list'; items: PymodaqValue[] };

function dimOf(array: NdArray): string {
  const shape = array.shape.filter((d) => d !== 1);
  if (elementCount(array.shape) === 1 || shape.length === 0) return 'Data0D';
  if (shape.length === 1) return 'Data1D';
  if (shape.length === 2) return 'Data2D';
  return 'DataND';
}

const PLOT_EXTRAS: ExtraAttribute[] = [
  { name: 'do_plot', value: { type: 'scalar', dtype: '|b1', value: true } },
  { name: 'do_save', value: { type: 'scalar', dtype: '|b1', value: true } },
];

/** Wraps arrays as PyMoDAQ's DataFromPlugins does, with the do_plot/do_save extras. */
export function dwaOf(name: string, arrays: NdArray[], units = ''): DwaValue {
  return {
    type: 'dwa',
    class: 'DataFromPlugins',
    timestamp: Date.now() / 1000,
    name,
    units,
    source: 'raw',
    dim: arrays[0] === undefined ? 'Data0D' : dimOf(arrays[0]),
    distribution: 'uniform',
    data: arrays,
    labels: arrays.map((_, i) => `CH${String(i).padStart(2, '0')}`),
    origin: name,
    navIndexes: [],
    axes: [],
    errors: [],
    extra: PLOT_EXTRAS,
  };
}

/**
 * The `Done` argument for a dialect: a DataToExport (v4.3+, origins filled with its name as
 * PyMoDAQ does) or a list of arrays (v1/v2).
 */
export function doneValue(
  dialect: Dialect,
  returned: DetectorOutput,
  name = 'detector',
  units = '',
): PymodaqValue {
  const output = ArrayBuffer.isView(returned) ? ndarray(returned as TypedArray) : returned;
  if (!Array.isArray(output) && output.type === 'list') return output;
  const given = !Array.isArray(output) && output.type === 'dte';
  let dte: DteValue;
  if (!Array.isArray(output) && output.type === 'dte') {
    dte = output;
  } else {
    const dwas = Array.isArray(output)
      ? [dwaOf(name, output, units)]
      : output.type === 'dwa'
        ? [output]
        : [dwaOf(name, [output], units)];
    dte = { type: 'dte', timestamp: Date.now() / 1000, name, data: dwas, extra: [] };
  }
  if (dialect === 'v1' || dialect === 'v2') return { type: 'list', items: dte.data.flatMap((d) => d.data) };
  // A DataToExport the detector built goes out as given; ours fill origins as PyMoDAQ's does.
  if (given) return dte;
  return { ...dte, data: dte.data.map((d) => (d.origin === '' ? { ...d, origin: dte.name } : d)) };
}
