import { arrayElements, ndarrayFrom } from '../codec/ndarray.js';
import type { Element } from '../codec/elements.js';
import type {
  AxisValue,
  DteValue,
  DwaValue,
  ExtraAttribute,
  NdArray,
  PymodaqValue,
} from '../codec/values.js';
import { type GenRule, generate, sha256 } from './generated-data.js';

/**
 * Conversion between the suites' canonical values (README "Canonical values", as the loader's
 * `plain` form: floats as numbers, `$bigint` as bigint, `$bytes` as Uint8Array) and the codec's
 * values, which differ only in holding arrays as raw bytes.
 */
type Plain = Record<string, unknown>;

function arrayFromCanonical(p: Plain): NdArray {
  const dtype = p.dtype as string;
  const shape = p.shape as number[];
  if (p.dataGen !== undefined) {
    const count = shape.reduce((a, b) => a * b, 1);
    const bytes = generate(p.dataGen as GenRule, dtype, count);
    if (typeof p.dataSha256 === 'string' && sha256(bytes) !== p.dataSha256) {
      throw new Error('dataGen does not reproduce dataSha256');
    }
    return { type: 'array', dtype, shape, bytes };
  }
  return ndarrayFrom(dtype, shape, p.data as Element[]);
}

function extraFromCanonical(list: unknown): ExtraAttribute[] {
  return ((list as Plain[]) ?? []).map((e) => ({ name: e.name as string, value: fromCanonical(e.value) }));
}

function dwaFromCanonical(p: Plain): DwaValue {
  return {
    type: 'dwa',
    class: p.class as DwaValue['class'],
    timestamp: p.timestamp as number,
    name: p.name as string,
    units: (p.units as string) ?? '',
    source: p.source as string,
    dim: p.dim as string,
    distribution: p.distribution as string,
    data: (p.data as Plain[]).map(arrayFromCanonical),
    labels: p.labels as string[],
    origin: p.origin as string,
    navIndexes: (p.navIndexes as Array<number | bigint>).map(Number),
    axes: (p.axes as Plain[]).map((a) => fromCanonical(a) as AxisValue),
    errors: (p.errors as Plain[]).map(arrayFromCanonical),
    extra: extraFromCanonical(p.extra),
  };
}

export function fromCanonical(value: unknown): PymodaqValue {
  const p = value as Plain;
  switch (p.type) {
    case 'string':
      return { type: 'string', value: p.value as string };
    case 'bytes':
      return { type: 'bytes', value: p.value as Uint8Array };
    case 'scalar':
      return { type: 'scalar', dtype: p.dtype as string, value: p.value as Element };
    case 'bool':
      return { type: 'bool', value: p.value as boolean };
    case 'array':
      return arrayFromCanonical(p);
    case 'list':
      return { type: 'list', items: (p.items as unknown[]).map(fromCanonical) };
    case 'axis':
      return {
        type: 'axis',
        label: p.label as string,
        units: p.units as string,
        data: arrayFromCanonical(p.data as Plain),
        index: Number(p.index),
        spreadOrder: Number(p.spreadOrder),
      };
    case 'dwa':
      return dwaFromCanonical(p);
    case 'dte':
      return {
        type: 'dte',
        timestamp: p.timestamp as number,
        name: p.name as string,
        data: (p.data as Plain[]).map(dwaFromCanonical),
        extra: extraFromCanonical(p.extra),
      } satisfies DteValue;
    case 'parameter':
      return { type: 'parameter', path: p.path as string[], xml: p.xml as string };
    default:
      throw new Error(`unknown canonical value type ${JSON.stringify(p.type)}`);
  }
}

function arrayToCanonical(a: NdArray, like: unknown): Plain {
  const l = like as Plain | undefined;
  if (l !== undefined && typeof l.dataSha256 === 'string') {
    // Large arrays are compared by hash; the generator is echoed only when the bytes match it.
    const hash = sha256(a.bytes);
    return {
      type: 'array',
      dtype: a.dtype,
      shape: a.shape,
      dataGen: hash === l.dataSha256 ? l.dataGen : 'differs',
      dataSha256: hash,
    };
  }
  return { type: 'array', dtype: a.dtype, shape: a.shape, data: arrayElements(a) };
}

const at = (like: unknown, key: string): unknown => (like as Plain | undefined)?.[key];
const nth = (like: unknown, i: number): unknown => (Array.isArray(like) ? like[i] : undefined);

function extraToCanonical(extra: ExtraAttribute[], like: unknown): Plain[] {
  return extra.map((e, i) => ({ name: e.name, value: toCanonical(e.value, at(nth(like, i), 'value')) }));
}

/** The canonical form of a decoded value; `like` (the expected value) says which arrays are hashed. */
export function toCanonical(value: PymodaqValue, like?: unknown): Plain {
  switch (value.type) {
    case 'string':
    case 'bytes':
    case 'bool':
      return { type: value.type, value: value.value };
    case 'scalar':
      return { type: 'scalar', dtype: value.dtype, value: value.value };
    case 'array':
      return arrayToCanonical(value, like);
    case 'list':
      return {
        type: 'list',
        items: value.items.map((item, i) => toCanonical(item, nth(at(like, 'items'), i))),
      };
    case 'axis':
      return {
        type: 'axis',
        label: value.label,
        units: value.units,
        data: arrayToCanonical(value.data, at(like, 'data')),
        index: value.index,
        spreadOrder: value.spreadOrder,
      };
    case 'dwa':
      return {
        type: 'dwa',
        class: value.class,
        timestamp: value.timestamp,
        name: value.name,
        units: value.units,
        source: value.source,
        dim: value.dim,
        distribution: value.distribution,
        data: value.data.map((a, i) => arrayToCanonical(a, nth(at(like, 'data'), i))),
        labels: value.labels,
        origin: value.origin,
        navIndexes: value.navIndexes,
        axes: value.axes.map((a, i) => toCanonical(a, nth(at(like, 'axes'), i))),
        errors: value.errors.map((a, i) => arrayToCanonical(a, nth(at(like, 'errors'), i))),
        extra: extraToCanonical(value.extra, at(like, 'extra')),
      };
    case 'dte':
      return {
        type: 'dte',
        timestamp: value.timestamp,
        name: value.name,
        data: value.data.map((d, i) => toCanonical(d, nth(at(like, 'data'), i))),
        extra: extraToCanonical(value.extra, at(like, 'extra')),
      };
    case 'parameter':
      return { type: 'parameter', path: value.path, xml: value.xml };
  }
}
