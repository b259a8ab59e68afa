import { NaiveDateTime } from './typed-value.js';
import type { TypedValue } from './typed-value.js';

/** Two floats are equal when `===` holds or both are NaN (the suites' rule). */
function sameNumber(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function show(value: unknown): string {
  if (value instanceof Uint8Array) {
    const hex = Buffer.from(value.subarray(0, 32)).toString('hex');
    return `bytes(${value.byteLength}) ${hex}${value.byteLength > 32 ? '…' : ''}`;
  }
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof NaiveDateTime) return `datetime(${value.iso})`;
  const text = JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
  return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Deep comparison of plain values; returns undefined when equal, else the first difference as
 * `path: expected X, got Y`. Numbers compare by value (an integer equals the same float);
 * objects compare by key set, not order; bytes by content.
 */
export function diffPlain(expected: unknown, actual: unknown, path = '$'): string | undefined {
  if (typeof expected === 'number' || typeof expected === 'bigint') {
    if (typeof actual === 'number' || typeof actual === 'bigint') {
      if (typeof expected === 'number' && typeof actual === 'number') {
        return sameNumber(expected, actual)
          ? undefined
          : `${path}: expected ${show(expected)}, got ${show(actual)}`;
      }
      // biome-ignore lint/suspicious/noDoubleEquals: bigint vs number by value
      return expected == actual ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`;
    }
    return `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (expected instanceof Uint8Array) {
    if (!(actual instanceof Uint8Array)) return `${path}: expected ${show(expected)}, got ${show(actual)}`;
    if (expected.byteLength !== actual.byteLength || !Buffer.from(expected).equals(Buffer.from(actual))) {
      return `${path}: expected ${show(expected)}, got ${show(actual)}`;
    }
    return undefined;
  }
  if (expected instanceof NaiveDateTime) {
    return actual instanceof NaiveDateTime && actual.iso === expected.iso
      ? undefined
      : `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected a list, got ${show(actual)}`;
    if (expected.length !== actual.length) {
      return `${path}: expected ${expected.length} items, got ${actual.length} (${show(actual)})`;
    }
    for (let i = 0; i < expected.length; i++) {
      const d = diffPlain(expected[i], actual[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return `${path}: expected an object, got ${show(actual)}`;
    }
    const e = expected as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!(key in a) || a[key] === undefined) {
        if (e[key] === undefined) continue;
        return `${path}.${key}: missing (expected ${show(e[key])})`;
      }
      const d = diffPlain(e[key], a[key], `${path}.${key}`);
      if (d !== undefined) return d;
    }
    for (const key of Object.keys(a)) {
      if (!(key in e) && a[key] !== undefined) return `${path}.${key}: unexpected (got ${show(a[key])})`;
    }
    return undefined;
  }
  return Object.is(expected, actual) || expected === actual
    ? undefined
    : `${path}: expected ${show(expected)}, got ${show(actual)}`;
}

/**
 * Strict comparison of typed values: integer vs float, tuple vs list and key order all count
 * (some encode cases compare key order). Returns undefined when equal, else the first difference.
 */
export function diffTyped(
  expected: TypedValue,
  actual: TypedValue,
  path = '$',
  options: { keyOrder?: boolean } = {},
): string | undefined {
  const keyOrder = options.keyOrder ?? true;
  if (expected.type !== actual.type) return `${path}: expected ${expected.type}, got ${actual.type}`;
  switch (expected.type) {
    case 'null':
      return undefined;
    case 'int':
    case 'float': {
      const a = (actual as { value: number }).value;
      return sameNumber(expected.value, a) ? undefined : `${path}: expected ${expected.value}, got ${a}`;
    }
    case 'bytes':
      return diffPlain(expected.value, (actual as { value: Uint8Array }).value, path);
    case 'bool':
    case 'bigint':
    case 'string':
    case 'datetime': {
      const a = (actual as { value: unknown }).value;
      return expected.value === a ? undefined : `${path}: expected ${show(expected.value)}, got ${show(a)}`;
    }
    case 'tuple':
    case 'list': {
      const items = (actual as { items: TypedValue[] }).items;
      if (items.length !== expected.items.length)
        return `${path}: expected ${expected.items.length} items, got ${items.length}`;
      for (let i = 0; i < items.length; i++) {
        const d = diffTyped(expected.items[i]!, items[i]!, `${path}[${i}]`, options);
        if (d !== undefined) return d;
      }
      return undefined;
    }
    case 'object': {
      const entries = (actual as { entries: Array<[string, TypedValue]> }).entries;
      const expectedKeys = expected.entries.map(([k]) => k);
      const actualKeys = entries.map(([k]) => k);
      if (keyOrder && expectedKeys.join('\u0000') !== actualKeys.join('\u0000')) {
        return `${path}: expected keys ${show(expectedKeys)}, got ${show(actualKeys)}`;
      }
      const lookup = new Map(entries);
      for (const [k, v] of expected.entries) {
        const other = lookup.get(k);
        if (other === undefined) return `${path}.${k}: missing`;
        const d = diffTyped(v, other, `${path}.${k}`, options);
        if (d !== undefined) return d;
      }
      if (!keyOrder && actualKeys.length !== expectedKeys.length) {
        return `${path}: expected keys ${show(expectedKeys)}, got ${show(actualKeys)}`;
      }
      return undefined;
    }
  }
}
