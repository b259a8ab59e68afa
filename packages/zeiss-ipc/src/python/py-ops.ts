import { HandlerCrash, type PyValue } from './py-value.js';

function typeName(v: PyValue): string {
  switch (v.t) {
    case 'none':
      return 'NoneType';
    case 'bool':
      return 'bool';
    case 'int':
      return 'int';
    case 'float':
      return 'float';
    case 'str':
      return 'str';
    case 'list':
      return 'list';
    case 'dict':
      return 'dict';
  }
}

/**
 * Python's `key in container` for a string key (§4.3): a dict has the key, a list holds an
 * element equal to the string, a string contains it as a substring; anything else raises.
 */
export function pyContains(container: PyValue, key: string): boolean {
  switch (container.t) {
    case 'dict':
      return container.v.has(key);
    case 'list':
      return container.v.some((item) => item.t === 'str' && item.v === key);
    case 'str':
      return container.v.includes(key);
    default:
      throw new HandlerCrash('TypeError', `argument of type '${typeName(container)}' is not iterable`);
  }
}

/** Python's `container[key]` for a string key: only a dict with the key answers. */
export function pyGetItem(container: PyValue, key: string): PyValue {
  if (container.t === 'dict') {
    const value = container.v.get(key);
    if (value === undefined) throw new HandlerCrash('KeyError', `'${key}'`);
    return value;
  }
  if (container.t === 'list' || container.t === 'str') {
    throw new HandlerCrash('TypeError', `${typeName(container)} indices must be integers or slices, not str`);
  }
  throw new HandlerCrash('TypeError', `'${typeName(container)}' object is not subscriptable`);
}
