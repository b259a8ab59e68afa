/**
 * A JSON value as CPython's `json.loads` produces it: integers of any size apart from floats,
 * dicts in insertion order (integer-like keys and `__proto__` included), lone surrogates kept.
 * A plain JS value cannot hold that, and the reference server's replies and instrument calls
 * depend on it.
 */
export type PyValue =
  | { readonly t: 'none' }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'int'; readonly v: bigint }
  | { readonly t: 'float'; readonly v: number }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'list'; readonly v: PyValue[] }
  | { readonly t: 'dict'; readonly v: Map<string, PyValue> };

export const PY_NONE: PyValue = { t: 'none' };
export const pyStrValue = (v: string): PyValue => ({ t: 'str', v });
export const pyDict = (entries: Iterable<[string, PyValue]>): PyValue => ({ t: 'dict', v: new Map(entries) });
export const pyList = (items: PyValue[]): PyValue => ({ t: 'list', v: items });

/**
 * Simulates an uncaught Python exception inside the reference server's handler: the connection
 * is closed with 1011 and no reply is sent. `pythonError` names what CPython would raise.
 */
export class HandlerCrash extends Error {
  override readonly name = 'HandlerCrash';
  constructor(
    readonly pythonError: string,
    message: string,
  ) {
    super(`${pythonError}: ${message}`);
  }
}

/** Python `==` between two parsed values (1 == 1.0 == True, as in CPython). */
export function pyEquals(a: PyValue, b: PyValue): boolean {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) {
    if (typeof na === 'bigint' && typeof nb === 'bigint') return na === nb;
    return Number(na) === Number(nb);
  }
  if (a.t !== b.t) return false;
  switch (a.t) {
    case 'none':
      return true;
    case 'str':
      return a.v === (b as typeof a).v;
    case 'list': {
      const other = (b as typeof a).v;
      return a.v.length === other.length && a.v.every((item, i) => pyEquals(item, other[i]!));
    }
    case 'dict': {
      const other = (b as typeof a).v;
      if (a.v.size !== other.size) return false;
      for (const [k, v] of a.v) {
        const w = other.get(k);
        if (w === undefined || !pyEquals(v, w)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

function numeric(v: PyValue): bigint | number | undefined {
  if (v.t === 'int') return v.v;
  if (v.t === 'float') return v.v;
  if (v.t === 'bool') return v.v ? 1n : 0n;
  return undefined;
}

/**
 * The plain JS form for handlers: int → number (bigint beyond the safe range), dict → object.
 * Key order of integer-like keys is lost here; use the PyValue where it matters.
 */
export function pyToPlain(v: PyValue): unknown {
  switch (v.t) {
    case 'none':
      return null;
    case 'bool':
    case 'float':
    case 'str':
      return v.v;
    case 'int': {
      const n = Number(v.v);
      return Number.isSafeInteger(n) ? n : v.v;
    }
    case 'list':
      return v.v.map(pyToPlain);
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const [k, item] of v.v)
        Object.defineProperty(out, k, {
          value: pyToPlain(item),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return out;
    }
  }
}

/** From plain JS (a JSON-able value) to a PyValue: integral numbers become ints. */
export function pyFromPlain(value: unknown): PyValue {
  if (value === null || value === undefined) return PY_NONE;
  switch (typeof value) {
    case 'boolean':
      return { t: 'bool', v: value };
    case 'bigint':
      return { t: 'int', v: value };
    case 'number':
      return Number.isInteger(value) && !Object.is(value, -0)
        ? { t: 'int', v: BigInt(value) }
        : { t: 'float', v: value };
    case 'string':
      return { t: 'str', v: value };
    case 'object':
      if (Array.isArray(value)) return { t: 'list', v: value.map(pyFromPlain) };
      return {
        t: 'dict',
        v: new Map(
          Object.entries(value as Record<string, unknown>).map(([k, item]) => [k, pyFromPlain(item)]),
        ),
      };
    default:
      throw new TypeError(`cannot convert a ${typeof value} to a Python value`);
  }
}
