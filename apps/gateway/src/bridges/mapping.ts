/**
 * Bridge mappings: a template whose `{ $from: "path" }` leaves (and `"$path"` strings) take
 * values from the triggering event, with optional linear scaling for numbers. Paths are dot
 * separated; a numeric segment indexes an array; `members.POS.value` finds a member by name.
 */
export function resolvePath(source: unknown, path: string): unknown {
  let value: unknown = source;
  for (const segment of path.split('.')) {
    if (value === null || value === undefined) return undefined;
    if (Array.isArray(value)) {
      const index = Number(segment);
      value = Number.isInteger(index)
        ? value[index]
        : value.find((m) => (m as { name?: unknown })?.name === segment);
    } else if (typeof value === 'object') {
      value = (value as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return value;
}

interface FromSpec {
  $from: string;
  scale?: number;
  offset?: number;
  round?: boolean;
}

function isFromSpec(value: unknown): value is FromSpec {
  return typeof value === 'object' && value !== null && typeof (value as FromSpec).$from === 'string';
}

function isTextSpec(value: unknown): value is { $text: string } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { $text?: unknown }).$text === 'string'
  );
}

function isJsonSpec(value: unknown): value is { $json: unknown } {
  return typeof value === 'object' && value !== null && '$json' in value;
}

/**
 * Resolves a mapping against an event. Besides `"$path"` and `{ $from }`:
 * `{ $text: "pos={members.0.value}" }` fills `{path}` placeholders into a string, and
 * `{ $json: <mapping> }` maps and then JSON-encodes (for protocols whose payloads are text, like IMB).
 */
export function applyMapping(template: unknown, event: unknown): unknown {
  if (isTextSpec(template)) return interpolateTarget(template.$text, event, (s) => s);
  if (isJsonSpec(template)) return JSON.stringify(applyMapping(template.$json, event));
  if (typeof template === 'string') {
    return template.startsWith('$') && !template.startsWith('$$')
      ? resolvePath(event, template.slice(1))
      : template.replace(/^\$\$/, '$');
  }
  if (isFromSpec(template)) {
    const value = resolvePath(event, template.$from);
    if (template.scale === undefined && template.offset === undefined && template.round !== true)
      return value;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n)) return undefined;
    const scaled = n * (template.scale ?? 1) + (template.offset ?? 0);
    return template.round === true ? Math.round(scaled) : scaled;
  }
  if (Array.isArray(template)) return template.map((t) => applyMapping(t, event));
  if (typeof template === 'object' && template !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) out[k] = applyMapping(v, event);
    return out;
  }
  return template;
}

/**
 * `{device}/FOCUS` → the event's device name, percent-encoded as a topic segment. (Braces
 * without `$`: `${…}` in a config is an environment variable.)
 */
export function interpolateTarget(target: string, event: unknown, encode: (s: string) => string): string {
  return target.replace(/\{([^}]+)\}/g, (_, path: string) => {
    const value = resolvePath(event, path);
    return value === undefined ? '' : encode(String(value));
  });
}

/** `where: { change: updated, "members.0.name": POS }`: every path must equal its value. */
export function matchesWhere(where: Record<string, unknown> | undefined, event: unknown): boolean {
  if (where === undefined) return true;
  for (const [path, expected] of Object.entries(where)) {
    if (resolvePath(event, path) !== expected) return false;
  }
  return true;
}
