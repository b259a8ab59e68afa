import { ErrorCode, LabwireError } from '@labwire/core';
import type { Dialect } from './dialect.js';
import { parseDtype } from './dtype.js';
import { dataViewOf, writeElement } from './elements.js';
import { elementCount } from './ndarray.js';
import type { AxisValue, DteValue, DwaValue, NdArray, PymodaqValue, ScalarValue } from './values.js';
import type { ByteWriter } from './writer.js';

/** The v1–v4 generators (protocol reference §3–4). Each writes into a ByteWriter; none copies array bytes. */
export type LegacyDialect = Exclude<Dialect, 'v5'>;

function unsupported(message: string): LabwireError {
  return new LabwireError(ErrorCode.UNSUPPORTED, message);
}

function checkArray(array: NdArray): number {
  const dtype = parseDtype(array.dtype);
  const expected = elementCount(array.shape) * dtype.itemsize;
  if (array.bytes.byteLength !== expected) {
    throw new LabwireError(
      ErrorCode.INVALID_ARGUMENT,
      `array of shape [${array.shape.join(', ')}] ${array.dtype} needs ${expected} bytes, has ${array.bytes.byteLength}`,
    );
  }
  return expected;
}

export function writeScalar(w: ByteWriter, value: ScalarValue): void {
  const dtype = parseDtype(value.dtype);
  const bytes = new Uint8Array(dtype.itemsize);
  writeElement(dataViewOf(bytes), dtype, 0, value.value);
  w.string(value.dtype).field(bytes);
}

export function writeBool(w: ByteWriter, value: boolean): void {
  w.string('|b1')
    .u32(1)
    .raw(Uint8Array.of(value ? 1 : 0));
}

/** v2+ array payload: dtype, nbytes, ndim, dims, bytes. */
export function writeArrayNd(w: ByteWriter, array: NdArray): void {
  const nbytes = checkArray(array);
  w.string(array.dtype).u32(nbytes).u32(array.shape.length);
  for (const d of array.shape) w.u32(d);
  w.raw(array.bytes);
}

/** v1 array payload: dtype, nbytes, Nrow, Ncol, bytes; more than 2 dimensions cannot be described. */
function writeArrayV1(w: ByteWriter, array: NdArray): void {
  const nbytes = checkArray(array);
  if (array.shape.length === 0 || array.shape.length > 2) {
    throw unsupported(`v1 arrays have 1 or 2 dimensions, this one has ${array.shape.length}`);
  }
  const [rows, cols = 1] = array.shape as [number, number?];
  w.string(array.dtype).u32(nbytes).u32(rows).u32(cols).raw(array.bytes);
}

const V2_TAGS = new Set(['array', 'string', 'scalar', 'bool']);

function tagOf(value: PymodaqValue, dialect: LegacyDialect): string {
  if (dialect === 'v1') throw unsupported('v1 lists carry no tags');
  if (dialect === 'v2' && !V2_TAGS.has(value.type)) throw unsupported(`v2 lists cannot hold a ${value.type}`);
  switch (value.type) {
    case 'bool':
      // The reference tests Number before bool: booleans go out as |b1 scalars, never tag 'bool'.
      return 'scalar';
    case 'dwa':
      return 'dwa';
    default:
      return value.type;
  }
}

export function writeTagged(w: ByteWriter, value: PymodaqValue, dialect: LegacyDialect): void {
  w.string(tagOf(value, dialect));
  writeBare(w, value, dialect);
}

function writeList(w: ByteWriter, items: readonly PymodaqValue[], dialect: LegacyDialect): void {
  w.u32(items.length);
  for (const item of items) {
    if (dialect === 'v1') {
      if (item.type !== 'array' && item.type !== 'string' && item.type !== 'scalar' && item.type !== 'bool') {
        throw unsupported(`v1 lists hold arrays, strings or scalars, not a ${item.type}`);
      }
      writeBare(w, item, dialect);
    } else {
      writeTagged(w, item, dialect);
    }
  }
}

function needObjects(dialect: LegacyDialect, what: string): void {
  if (dialect === 'v1' || dialect === 'v2') throw unsupported(`${dialect} has no ${what}`);
}

function writeAxis(w: ByteWriter, axis: AxisValue): void {
  w.string('Axis').string(axis.label).string(axis.units);
  writeArrayNd(w, axis.data);
  writeScalar(w, { type: 'scalar', dtype: '<i8', value: axis.index });
  writeScalar(w, { type: 'scalar', dtype: '<i8', value: axis.spreadOrder });
}

function writeDwa(w: ByteWriter, dwa: DwaValue, dialect: LegacyDialect): void {
  w.string(dwa.class);
  writeScalar(w, { type: 'scalar', dtype: '<f8', value: dwa.timestamp });
  w.string(dwa.name);
  if (dialect === 'v4') w.string(dwa.units);
  w.string(dwa.source).string(dwa.dim).string(dwa.distribution);
  writeList(w, dwa.data, dialect);
  writeList(
    w,
    dwa.labels.map((value) => ({ type: 'string', value })),
    dialect,
  );
  w.string(dwa.origin);
  writeList(
    w,
    dwa.navIndexes.map((value) => ({ type: 'scalar', dtype: '<i8', value })),
    dialect,
  );
  writeList(w, dwa.axes, dialect);
  writeList(w, dwa.errors, dialect);
  writeList(
    w,
    dwa.extra.map((e) => ({ type: 'string', value: e.name })),
    dialect,
  );
  for (const e of dwa.extra) writeTagged(w, e.value, dialect);
}

function writeDte(w: ByteWriter, dte: DteValue, dialect: LegacyDialect): void {
  w.string('DataToExport');
  writeScalar(w, { type: 'scalar', dtype: '<f8', value: dte.timestamp });
  w.string(dte.name);
  writeList(w, dte.data, dialect);
}

/** A value without its tag: what a command's argument looks like. */
export function writeBare(w: ByteWriter, value: PymodaqValue, dialect: LegacyDialect): void {
  switch (value.type) {
    case 'string':
      w.string(value.value);
      return;
    case 'bytes':
      needObjects(dialect, 'bytes type');
      w.field(value.value);
      return;
    case 'scalar':
      writeScalar(w, value);
      return;
    case 'bool':
      writeBool(w, value.value);
      return;
    case 'array':
      if (dialect === 'v1') writeArrayV1(w, value);
      else writeArrayNd(w, value);
      return;
    case 'list':
      writeList(w, value.items, dialect);
      return;
    case 'axis':
      needObjects(dialect, 'Axis');
      writeAxis(w, value);
      return;
    case 'dwa':
      needObjects(dialect, 'DataWithAxes');
      writeDwa(w, value, dialect);
      return;
    case 'dte':
      needObjects(dialect, 'DataToExport');
      writeDte(w, value, dialect);
      return;
    case 'parameter':
      needObjects(dialect, 'ParameterWithPath');
      writeList(
        w,
        value.path.map((p) => ({ type: 'string', value: p })),
        dialect,
      );
      w.string(value.xml);
      return;
  }
}
