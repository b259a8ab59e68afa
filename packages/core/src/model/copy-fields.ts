/**
 * A shallow copy of a plain object's fields, in their order, into an object that takes more
 * fields cheaply. Not `{ ...source, more }`: on Node 20 (V8 11.3) adding a property to an
 * object-spread clone takes a slow path (measured on the CI machine: 2 µs for one added field,
 * 11 µs for the five an event gets, against 0.5 µs for this loop and the same five), and every
 * event on the bus is copied once.
 */
export function copyFields<T extends object>(source: T): T {
  const out = {} as T;
  for (const key in source) out[key] = source[key];
  return out;
}
