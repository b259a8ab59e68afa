import { ErrorCode, LabwireError } from '@labwire/core';
import { parseDtype } from './dtype.js';
import { writeArrayNd, writeBool, writeScalar } from './encode-legacy.js';
import type { AxisValue, DteValue, DwaValue, ExtraAttribute, PymodaqValue, ScalarValue } from './values.js';
import { type ByteWriter, utf8 } from './writer.js';

/**
 * The v5 generator (protocol reference §5): every object is `S(type name) + payload`, every
 * field on the socket a message `u32(length) + object`. v5 serializes only Python scalars.
 */
const V5_SCALARS = new Set(['|b1', '<i8', '<i4', '<f8', '<c16']);

function scalarTypeName(value: ScalarValue): string {
  if (!V5_SCALARS.has(value.dtype)) {
    throw new LabwireError(
      ErrorCode.UNSUPPORTED,
      `v5 cannot serialize a ${value.dtype} scalar (only Python int, float, complex, bool)`,
    );
  }
  switch (parseDtype(value.dtype).kind) {
    case 'b':
      return 'bool';
    case 'i':
      return 'int';
    case 'f':
      return 'float';
    default:
      return 'complex';
  }
}

function writeStr(w: ByteWriter, text: string): void {
  w.string('str').string(text);
}

function writeList(w: ByteWriter, items: readonly PymodaqValue[]): void {
  w.string('list').u32(items.length);
  for (const item of items) writeObject(w, item);
}

function writeExtras(w: ByteWriter, extra: readonly ExtraAttribute[]): void {
  writeList(
    w,
    extra.map((e) => ({ type: 'string', value: e.name })),
  );
  for (const e of extra) writeObject(w, e.value);
}

function writeAxis(w: ByteWriter, axis: AxisValue): void {
  w.string('Axis');
  writeStr(w, axis.label);
  writeStr(w, axis.units);
  writeObject(w, axis.data);
  writeObject(w, { type: 'scalar', dtype: '<i8', value: axis.index });
  writeObject(w, { type: 'scalar', dtype: '<i8', value: axis.spreadOrder });
}

function writeDwa(w: ByteWriter, dwa: DwaValue): void {
  w.string(dwa.class);
  writeObject(w, { type: 'scalar', dtype: '<f8', value: dwa.timestamp });
  writeStr(w, dwa.name);
  writeStr(w, dwa.source);
  writeStr(w, dwa.dim);
  writeStr(w, dwa.distribution);
  writeList(w, dwa.data);
  writeStr(w, dwa.units);
  writeList(
    w,
    dwa.labels.map((value) => ({ type: 'string', value })),
  );
  writeStr(w, dwa.origin);
  writeList(
    w,
    dwa.navIndexes.map((value) => ({ type: 'scalar', dtype: '<i8', value })),
  );
  writeList(w, dwa.axes);
  writeList(w, dwa.errors);
  writeExtras(w, dwa.extra);
}

function writeDte(w: ByteWriter, dte: DteValue): void {
  w.string('DataToExport');
  writeObject(w, { type: 'scalar', dtype: '<f8', value: dte.timestamp });
  writeStr(w, dte.name);
  writeList(w, dte.data);
  writeExtras(w, dte.extra);
}

/** One v5 object: type name + payload. */
export function writeObject(w: ByteWriter, value: PymodaqValue): void {
  switch (value.type) {
    case 'string':
      writeStr(w, value.value);
      return;
    case 'bytes':
      w.string('bytes').field(value.value);
      return;
    case 'scalar': {
      const name = scalarTypeName(value);
      w.string(name);
      writeScalar(w, value);
      return;
    }
    case 'bool':
      w.string('bool');
      writeBool(w, value.value);
      return;
    case 'array':
      w.string('ndarray');
      writeArrayNd(w, value);
      return;
    case 'list':
      writeList(w, value.items);
      return;
    case 'axis':
      writeAxis(w, value);
      return;
    case 'dwa':
      writeDwa(w, value);
      return;
    case 'dte':
      writeDte(w, value);
      return;
    case 'parameter':
      w.string('ParameterWithPath');
      writeList(
        w,
        value.path.map((p) => ({ type: 'string', value: p })),
      );
      // parameter_to_xml_string returns bytes in 5.x.
      w.string('bytes').field(utf8(value.xml));
      return;
  }
}

/** One v5 message: u32 length of the object, then the object. */
export function writeMessage(w: ByteWriter, value: PymodaqValue): void {
  const mark = w.beginLength();
  writeObject(w, value);
  w.endLength(mark);
}
