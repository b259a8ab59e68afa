/**
 * Typed JSON values of the `labwire-vectors/1` envelope. JSON cannot tell an integer from a
 * float or hold bytes, and JS objects reorder integer-like keys, so suites are parsed into this
 * tagged tree, which keeps both (shared/conformance/README.md, "Typed JSON values").
 */
export type TypedValue =
  | { type: 'null' }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bigint'; value: bigint }
  | { type: 'string'; value: string }
  | { type: 'bytes'; value: Uint8Array }
  | { type: 'datetime'; value: string }
  | { type: 'tuple'; items: TypedValue[] }
  | { type: 'list'; items: TypedValue[] }
  | { type: 'object'; entries: Array<[string, TypedValue]> };

/** A naive local date-time as the suites write it (`$datetime`). */
export class NaiveDateTime {
  constructor(readonly iso: string) {}
  toString(): string {
    return this.iso;
  }
}

/** A fixed-length sequence (`$tuple`), kept apart from lists where a reference distinguishes them. */
export class Tuple<T = unknown> extends Array<T> {
  static override of<T>(...items: T[]): Tuple<T> {
    const t = new Tuple<T>();
    t.push(...items);
    return t;
  }
}

function floatFrom(raw: TypedValue): number {
  if (raw.type === 'string') {
    if (raw.value === 'NaN') return Number.NaN;
    if (raw.value === 'Infinity') return Number.POSITIVE_INFINITY;
    if (raw.value === '-Infinity') return Number.NEGATIVE_INFINITY;
  }
  if (raw.type === 'int' || raw.type === 'float') return raw.value;
  throw new TypeError(`$float needs a number or "NaN"/"Infinity"/"-Infinity"`);
}

/** Replaces `{"$float": …}`, `{"$bigint": …}`, `{"$bytes": …}`, `{"$tuple": …}`, `{"$datetime": …}` by their tags. */
export function unwrap(value: TypedValue): TypedValue {
  switch (value.type) {
    case 'list':
      return { type: 'list', items: value.items.map(unwrap) };
    case 'object': {
      if (value.entries.length === 1) {
        const [key, inner] = value.entries[0]!;
        switch (key) {
          case '$float':
            return { type: 'float', value: floatFrom(inner) };
          case '$bigint':
            if (inner.type !== 'string') throw new TypeError('$bigint needs a decimal string');
            return { type: 'bigint', value: BigInt(inner.value) };
          case '$bytes':
            if (inner.type !== 'string') throw new TypeError('$bytes needs a base64 string');
            return { type: 'bytes', value: new Uint8Array(Buffer.from(inner.value, 'base64')) };
          case '$tuple':
            if (inner.type !== 'list') throw new TypeError('$tuple needs a list');
            return { type: 'tuple', items: inner.items.map(unwrap) };
          case '$datetime':
            if (inner.type !== 'string') throw new TypeError('$datetime needs a string');
            return { type: 'datetime', value: inner.value };
        }
      }
      return { type: 'object', entries: value.entries.map(([k, v]) => [k, unwrap(v)]) };
    }
    default:
      return value;
  }
}

/**
 * The plain JS form: integers and floats become numbers, `$bigint` a bigint, `$bytes` a
 * Uint8Array, `$tuple` a Tuple, `$datetime` a NaiveDateTime. Use it when the distinction
 * between integer and float does not matter to a comparison.
 */
export function toPlain(value: TypedValue): unknown {
  switch (value.type) {
    case 'null':
      return null;
    case 'bool':
    case 'int':
    case 'float':
    case 'bigint':
    case 'string':
    case 'bytes':
      return value.value;
    case 'datetime':
      return new NaiveDateTime(value.value);
    case 'tuple':
      return Tuple.of(...value.items.map(toPlain));
    case 'list':
      return value.items.map(toPlain);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value.entries) out[k] = toPlain(v);
      return out;
    }
  }
}

/** The envelope's JSON for a typed value (wrappers put back), for reports and for writing suites. */
export function toEnvelopeJson(value: TypedValue): unknown {
  switch (value.type) {
    case 'null':
      return null;
    case 'bool':
    case 'int':
    case 'string':
      return value.value;
    case 'float':
      return { $float: Number.isFinite(value.value) ? value.value : String(value.value) };
    case 'bigint':
      return { $bigint: value.value.toString() };
    case 'bytes':
      return { $bytes: Buffer.from(value.value).toString('base64') };
    case 'datetime':
      return { $datetime: value.value };
    case 'tuple':
      return { $tuple: value.items.map(toEnvelopeJson) };
    case 'list':
      return value.items.map(toEnvelopeJson);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value.entries) out[k] = toEnvelopeJson(v);
      return out;
    }
  }
}

/** Looks up a key of a typed object. */
export function field(value: TypedValue | undefined, key: string): TypedValue | undefined {
  if (value?.type !== 'object') return undefined;
  for (const [k, v] of value.entries) if (k === key) return v;
  return undefined;
}
