/**
 * RFC 6901 pointers for the sessions' `ignore` lists: the value at each pointer is replaced by a
 * marker on both sides before comparing, and the property must exist.
 */
const IGNORED = '<ignored>';

function unescapeToken(token: string): string {
  return token.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** A deep copy of `value` with every pointer's value replaced; `missing` lists pointers not found. */
export function maskPointers(
  value: unknown,
  pointers: readonly string[],
): { value: unknown; missing: string[] } {
  const copy = structuredClone(value);
  const missing: string[] = [];
  for (const pointer of pointers) {
    const tokens = pointer.split('/').slice(1).map(unescapeToken);
    if (tokens.length === 0) continue;
    let at: unknown = copy;
    for (let i = 0; i < tokens.length - 1; i++) {
      at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[tokens[i]!] : undefined;
    }
    const last = tokens[tokens.length - 1]!;
    if (at !== null && typeof at === 'object' && Object.hasOwn(at, last))
      (at as Record<string, unknown>)[last] = IGNORED;
    else missing.push(pointer);
  }
  return { value: copy, missing };
}
